"""Citizens' national electronic identity (VNeID through OpenID Connect): the identity a citizen signs in
with, and, in demo mode only, a stand-in OpenID Connect provider. See docs/identity.md."""
