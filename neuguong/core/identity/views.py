"""The citizen's sign-in with VNeID (the relying party's side): start the code flow, take the callback."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from neuguong.core.identity.config import provider_for

SIGN_IN_FAILED = _("Signing in with VNeID did not succeed. Try again, or come to a one-stop desk.")


class CitizenSignIn(OIDCAuthenticationRequestView):
    """Redirects the browser to the provider's authorisation endpoint (with state, nonce, PKCE)."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        provider = provider_for(request)
        if provider is None:
            raise Http404
        if provider.is_demo:
            from neuguong.core.identity.demo_provider import ensure_demo_application

            ensure_demo_application(request)
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        return super().get(request)


class CitizenCallback(OIDCAuthenticationCallbackView):
    def get(self, request):
        if provider_for(request) is None:
            raise Http404
        return super().get(request)

    def login_failure(self):
        messages.error(self.request, SIGN_IN_FAILED)
        return redirect("login")
