"""The citizens' sign-in (/oidc/: mozilla-django-oidc's routes with our views) and, in demo mode, the
stand-in provider (/vneid-demo/, `demo_urls`)."""

from django.urls import path
from mozilla_django_oidc.views import OIDCLogoutView

from neuguong.core.identity.views import CitizenCallback, CitizenSignIn

urlpatterns = [
    path("callback/", CitizenCallback.as_view(), name="oidc_authentication_callback"),
    path("authenticate/", CitizenSignIn.as_view(), name="oidc_authentication_init"),
    path("logout/", OIDCLogoutView.as_view(), name="oidc_logout"),
]
