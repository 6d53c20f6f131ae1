"""The stand-in provider's endpoints, in django-oauth-toolkit's namespace (its discovery document and
issuer are computed from these names). Every view answers 404 outside demo mode."""

from django.urls import path
from oauth2_provider import views as dot

from neuguong.core.identity.demo_provider import DemoAuthorizationView, demo_login, demo_only

app_name = "oauth2_provider"

urlpatterns = [
    path("login/", demo_only(demo_login), name="demo-login"),
    path("authorize/", demo_only(DemoAuthorizationView.as_view()), name="authorize"),
    path("token/", demo_only(dot.TokenView.as_view()), name="token"),
    path("userinfo/", demo_only(dot.UserInfoView.as_view()), name="user-info"),
    path(".well-known/jwks.json", demo_only(dot.JwksInfoView.as_view()), name="jwks-info"),
    path(
        ".well-known/openid-configuration",
        demo_only(dot.ConnectDiscoveryInfoView.as_view()),
        name="oidc-connect-discovery-info",
    ),
]
