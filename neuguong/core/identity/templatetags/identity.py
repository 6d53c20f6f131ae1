"""{% vneid_sign_in_url next as url %}: where the "Sign in with VNeID" button goes ("" when citizens
cannot sign in: no provider configured and not in demo mode)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from neuguong.core.identity.config import sign_in_available, uses_demo_provider

register = template.Library()


@register.simple_tag
def vneid_sign_in_url(next_url: str = "") -> str:
    if not sign_in_available():
        return ""
    url = reverse("oidc_authentication_init")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@register.simple_tag
def vneid_is_demo() -> bool:
    return uses_demo_provider()
