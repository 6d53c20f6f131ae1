"""Staff dashboards, mounted at /dashboards/."""

from django.urls import path

from neuguong.dashboards import views

urlpatterns = [
    path("", views.province, name="dashboards-province"),
    path("on-time/", views.on_time_records, name="dashboards-on-time"),
    path("charts/late-by-agency.svg", views.chart_late_by_agency, name="dashboards-chart-late"),
    path("charts/trend.svg", views.chart_trend, name="dashboards-chart-trend"),
]
