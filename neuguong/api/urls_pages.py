"""The staff page of the API tokens, mounted at /api-tokens/ (the API itself is at /api/v1/)."""

from django.urls import path

from neuguong.api import views

urlpatterns = [
    path("", views.token_list, name="api-tokens"),
    path("<int:pk>/revoke/", views.token_revoke, name="api-token-revoke"),
]
