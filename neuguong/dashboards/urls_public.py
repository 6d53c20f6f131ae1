"""Public transparency pages and open data, mounted at /cong-khai/ (no login)."""

from django.urls import path

from neuguong.dashboards import views_public

urlpatterns = [
    path("", views_public.index, name="public-indicators"),
    path("du-lieu-mo/", views_public.data_dictionary, name="public-opendata"),
    path("du-lieu-mo/ho-so.csv", views_public.dossiers_csv, name="public-opendata-dossiers"),
    path("du-lieu-mo/phan-anh.csv", views_public.feedback_csv, name="public-opendata-feedback"),
]
