"""The authentication backend of the citizens' sign-in: mozilla-django-oidc's code flow, pointed at the
provider of `config.provider_for(request)`, with the checks the library leaves to its users.

Added to what the library checks (signature against the provider's keys, nonce, state, PKCE):
- the ID token's audience is our client id and its issuer the provider's (OIDC Core 3.1.3.7);
- the userinfo's `sub` is the ID token's (OIDC Core 5.3.2), or a token for one person could be
  paired with another person's userinfo;
- the userinfo carries the citizen ID number; the account is found or made by `citizen_sign_in`,
  never by e-mail (the library's default), so no staff account can be taken over by its address.
"""

from __future__ import annotations

import logging

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from neuguong.core.identity.claims import identity_claims
from neuguong.core.identity.config import Provider, provider_for
from neuguong.core.identity.services import citizen_sign_in

logger = logging.getLogger(__name__)


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    provider: Provider

    def __init__(self, *args, **kwargs):
        # The library reads its endpoints from settings here; ours depend on the request (the
        # stand-in provider lives on the host the browser used), so they are set in authenticate().
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the OIDC callback authenticates with a nonce; a password sign-in passes through.
        if request is None or "nonce" not in kwargs:
            return None
        provider = provider_for(request)
        if provider is None:
            return None
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("the ID token's algorithm is not the configured one")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from None

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo subject is not the ID token's")
        claims = identity_claims(userinfo)
        return citizen_sign_in(provider=self.provider.name, claims=claims)

    def get_user(self, user_id):
        return ModelBackend.get_user(self, user_id)


def password_login_refused(user) -> bool:
    """A citizen's account, which signs in only through the national electronic identity (Decree
    69/2024/NĐ-CP; issue 8: "Staff keep local accounts"): its roles are the citizen's alone, or it
    holds no staff role and carries a VNeID identity."""
    from neuguong.core.identity.models import CitizenIdentity
    from neuguong.core.roles import Role
    from neuguong.org.access import user_roles

    roles = user_roles(user)
    if roles - {Role.CITIZEN}:
        return False
    return Role.CITIZEN in roles or CitizenIdentity.objects.filter(user_id=user.pk).exists()


class StaffPasswordBackend(ModelBackend):
    """The local accounts' username and password (the login page, the admin): staff only. A citizen's
    account is refused here even with the right password; `get_user` is the parent's, so a session
    opened through VNeID (or `force_login` in tests) stays valid."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and password_login_refused(user):
            return None
        return user
