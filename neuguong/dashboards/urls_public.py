"""Public transparency pages and open data, mounted at /cong-khai/ (no login)."""

from django.urls import path

from neuguong.dashboards import views_public

urlpatterns = [
    path("", views_public.index, name="public-indicators"),
    path("co-quan/<int:pk>/", views_public.unit_card, {"kind": "agency"}, name="public-agency"),
    path("xa/<int:pk>/", views_public.unit_card, {"kind": "unit"}, name="public-unit"),
    path("du-lieu-mo/", views_public.data_dictionary, name="public-opendata"),
    path("du-lieu-mo/ho-so.csv", views_public.dossiers_csv, name="public-opendata-dossiers"),
    path("du-lieu-mo/phan-anh.csv", views_public.feedback_csv, name="public-opendata-feedback"),
]
