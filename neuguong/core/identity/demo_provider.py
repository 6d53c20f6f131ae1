"""The stand-in identity provider ("VNeID mô phỏng"): a real OpenID Connect provider built with
django-oauth-toolkit, served under /vneid-demo/ in demo mode only (404 otherwise), so that the whole
sign-in runs with no internet. It is NOT the real VNeID and is labelled so on every page.

Its residents (DemoResident) sign in on its own page, and it remembers them under its own session key
(`RESIDENT_SESSION_KEY`), never through django.contrib.auth.login: the portal's session shares the
cookie, and the portal must learn who the citizen is only through the code flow (authorise → token →
userinfo), as it would from the real provider.

The RS256 signing key is generated when first needed and kept in the database (DemoSigningKey), so
that every gunicorn worker signs with, and publishes, the same key.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from oauth2_provider.models import Application
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import AuthorizationView

from neuguong.core.identity.config import DEMO_CLIENT_ID, DEMO_PREFIX, demo_mode
from neuguong.core.identity.models import DemoResident

RESIDENT_SESSION_KEY = "vneid_demo_resident"
WRONG_CREDENTIALS = _("No demo resident has this ID number and password.")


# ---- signing key -------------------------------------------------------------------------------


def _generate_pem() -> str:
    from jwcrypto import jwk

    key = jwk.JWK.generate(kty="RSA", size=2048)
    return key.export_to_pem(private_key=True, password=None).decode()


def _stored_pem() -> str:
    from neuguong.core.identity.models import DemoSigningKey

    key, _created = DemoSigningKey.objects.get_or_create(pk=1, defaults={"pem": _generate_pem})
    return key.pem


def ensure_signing_key() -> None:
    """Give the provider its RS256 key if this process has none yet: the one in the database,
    generated there at first use, so that every process (gunicorn worker) signs with the same key."""
    if oauth2_settings.OIDC_RSA_PRIVATE_KEY:
        return
    pem = _stored_pem()
    # user_settings is settings.OAUTH2_PROVIDER itself, so the key survives a settings reload.
    oauth2_settings.user_settings["OIDC_RSA_PRIVATE_KEY"] = pem
    oauth2_settings.OIDC_RSA_PRIVATE_KEY = pem


def ensure_demo_settings() -> None:
    """The demo's http callbacks (`make demo` serves plain http on 127.0.0.1): allowed only once demo
    mode is seen, so that production's settings (and check --deploy) say https only."""
    if "http" not in oauth2_settings.ALLOWED_REDIRECT_URI_SCHEMES:
        schemes = ["http", "https"]
        oauth2_settings.user_settings["ALLOWED_REDIRECT_URI_SCHEMES"] = schemes
        oauth2_settings.ALLOWED_REDIRECT_URI_SCHEMES = schemes
    ensure_signing_key()


# ---- the portal as a client of the stand-in ------------------------------------------------------

# `make demo` serves http://127.0.0.1:8000 (any port on the loopback address is allowed, RFC 8252).
DEMO_REDIRECT_URIS = (
    "http://127.0.0.1:8000/oidc/callback/",
    "http://localhost:8000/oidc/callback/",
)


def ensure_demo_application(request: HttpRequest | None = None) -> Application:
    """The portal's registration at the stand-in (client id, secret, redirect URIs); the callback on
    the host of `request` is added, so that the demo works on whatever host it is served."""
    ensure_demo_settings()
    uris = set(DEMO_REDIRECT_URIS)
    if request is not None:
        uris.add(request.build_absolute_uri(reverse("oidc_authentication_callback")))
    app = Application.objects.filter(client_id=DEMO_CLIENT_ID).first()
    if app is None:
        return Application.objects.create(
            client_id=DEMO_CLIENT_ID,
            client_secret=settings.VNEID_DEMO_CLIENT_SECRET,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            name="Nêu gương (demo)",
            skip_authorization=True,
            algorithm=Application.RS256_ALGORITHM,
            redirect_uris=" ".join(sorted(uris)),
        )
    known = set(app.redirect_uris.split())
    if not uris <= known:
        app.redirect_uris = " ".join(sorted(known | uris))
        app.save(update_fields=["redirect_uris"])
    return app


# ---- claims ------------------------------------------------------------------------------------


class DemoValidator(OAuth2Validator):
    """The claims of the signed-in resident: the standard ones plus the citizen ID number."""

    @property
    def oidc_claim_scope(self):
        return {**OAuth2Validator.oidc_claim_scope, settings.OIDC_CLAIM_ID_NUMBER: "openid"}

    def get_claim_dict(self, request):
        resident = DemoResident.objects.get(user_id=request.user.pk)
        return {
            "sub": resident.subject,
            "name": resident.full_name,
            "birthdate": resident.birth_date.isoformat() if resident.birth_date else None,
            "email": resident.email or None,
            "phone_number": resident.phone or None,
            settings.OIDC_CLAIM_ID_NUMBER: resident.id_number,
        }


# ---- views -------------------------------------------------------------------------------------


def demo_only(view):
    """404 outside demo mode: in production the stand-in does not exist."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not demo_mode():
            raise Http404
        ensure_demo_settings()
        return view(request, *args, **kwargs)

    return wrapped


def signed_in_resident(request: HttpRequest) -> DemoResident | None:
    pk = request.session.get(RESIDENT_SESSION_KEY)
    if not isinstance(pk, int):
        return None
    return DemoResident.objects.select_related("user").filter(pk=pk, user__is_active=True).first()


class DemoAuthorizationView(AuthorizationView):
    """The authorisation endpoint; its resource owner is the resident signed in at the stand-in."""

    def dispatch(self, request, *args, **kwargs):
        resident = signed_in_resident(request)
        if resident is None:
            login = reverse("oauth2_provider:demo-login")
            return redirect(f"{login}?{_next_query(request.get_full_path())}")
        # For this request only: the portal's own session (django.contrib.auth) is untouched.
        request.user = resident.user
        return super().dispatch(request, *args, **kwargs)


def _next_query(path: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": path})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith(f"{DEMO_PREFIX}/authorize/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return reverse("oauth2_provider:demo-login")


@require_http_methods(["GET", "POST"])
def demo_login(request):
    """The stand-in's own sign-in: a demo resident's ID number and the demo password, or a pick."""
    error = None
    if request.method == "POST":
        resident = None
        if request.POST.get("pick"):
            resident = DemoResident.objects.filter(subject=request.POST["pick"]).first()
        else:
            id_number = "".join((request.POST.get("id_number") or "").split())[:12]
            candidate = DemoResident.objects.filter(id_number=id_number).first()
            if candidate and request.POST.get("password", "") == settings.DEMO_PASSWORD:
                resident = candidate
        if resident is not None:
            request.session.cycle_key()
            request.session[RESIDENT_SESSION_KEY] = resident.pk
            return redirect(_safe_next(request))
        error = WRONG_CREDENTIALS
        messages.error(request, error)
    context = {
        "residents": list(DemoResident.objects.all()[:12]),
        "next": _safe_next(request),
        "error": error,
    }
    return render(request, "identity/demo_login.html", context, status=400 if error else 200)


def create_demo_resident(*, user=None, subject: str, id_number: str, full_name: str, **fields):
    """A resident of the stand-in (idempotent by subject); a fresh one gets its own provider-side
    user, with no password and no role, which cannot sign in to the portal by itself."""
    resident = DemoResident.objects.filter(subject=subject).first()
    if resident is not None:
        return resident
    if user is None:
        user = get_user_model().objects.create_user(f"vneid-demo-{subject}")
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return DemoResident.objects.create(
        user=user, subject=subject, id_number=id_number, full_name=full_name, **fields
    )
