"""Staff dashboards, mounted at /dashboards/."""

from django.urls import path

from neuguong.dashboards import views

urlpatterns = [
    path("", views.province, name="dashboards-province"),
]
