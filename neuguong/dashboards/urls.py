"""Staff dashboards, mounted at /dashboards/."""

from django.urls import path

from neuguong.dashboards import views

urlpatterns = [
    path("", views.province, name="dashboards-province"),
    path("on-time/", views.on_time_records, name="dashboards-on-time"),
]
