"""Which identity provider citizens sign in with: the one configured by environment variables
(NEUGUONG_OIDC_*, the real VNeID), or, in demo mode when none is configured, the stand-in provider
served by this same site under /vneid-demo/."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

DEMO_PREFIX = "/vneid-demo"
# CitizenIdentity.provider for identities from the stand-in (its issuer URL depends on the host).
DEMO_PROVIDER = "vneid-demo"
DEMO_CLIENT_ID = "neuguong-portal-demo"


@dataclass(frozen=True)
class Provider:
    name: str  # stored as CitizenIdentity.provider
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_endpoint: str
    client_id: str
    client_secret: str
    is_demo: bool = False


def demo_mode() -> bool:
    """Demo mode (NEUGUONG_DEMO=1) or a development server: when the demo accounts are allowed."""
    return bool(settings.DEMO_ALLOWED)


def real_provider_configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def uses_demo_provider() -> bool:
    return not real_provider_configured() and demo_mode()


def sign_in_available() -> bool:
    return real_provider_configured() or demo_mode()


def provider_for(request: HttpRequest) -> Provider | None:
    """The provider the sign-in and the callback talk to, or None when citizens cannot sign in."""
    if real_provider_configured():
        return Provider(
            name=settings.OIDC_ISSUER,
            issuer=settings.OIDC_ISSUER,
            authorization_endpoint=settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            token_endpoint=settings.OIDC_OP_TOKEN_ENDPOINT,
            userinfo_endpoint=settings.OIDC_OP_USER_ENDPOINT,
            jwks_endpoint=settings.OIDC_OP_JWKS_ENDPOINT,
            client_id=settings.OIDC_RP_CLIENT_ID,
            client_secret=settings.OIDC_RP_CLIENT_SECRET,
        )
    if not demo_mode():
        return None
    # The stand-in runs on this very server: the back-channel requests (token, userinfo, keys) go
    # back over HTTP to the host the citizen's browser used.
    base = request.build_absolute_uri(DEMO_PREFIX)
    return Provider(
        name=DEMO_PROVIDER,
        issuer=base,
        authorization_endpoint=f"{DEMO_PREFIX}/authorize/",
        token_endpoint=f"{base}/token/",
        userinfo_endpoint=f"{base}/userinfo/",
        jwks_endpoint=f"{base}/.well-known/jwks.json",
        client_id=DEMO_CLIENT_ID,
        client_secret=settings.VNEID_DEMO_CLIENT_SECRET,
        is_demo=True,
    )
