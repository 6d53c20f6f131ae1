"""Public pages of the one-stop shop, mounted at the site root (Vietnamese paths, as citizens type them)."""

from django.urls import path

from neuguong.onestop import views_public

urlpatterns = [
    path("tra-cuu/", views_public.track, name="onestop-track"),
    path("thu-tuc/", views_public.procedures, name="onestop-procedures"),
    path("thu-tuc/<str:code>/", views_public.procedure_detail, name="onestop-procedure"),
]
