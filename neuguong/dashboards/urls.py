"""Staff dashboards, mounted at /dashboards/."""

from django.urls import path

from neuguong.dashboards import views, views_charts, views_drilldown

urlpatterns = [
    path("", views.province, name="dashboards-province"),
    path("on-time/", views.on_time_records, name="dashboards-on-time"),
    path("records/", views_drilldown.records, name="dashboards-records"),
    path("unit/", views_drilldown.unit_items, name="dashboards-unit"),
    path("charts/late-by-agency.svg", views.chart_late_by_agency, name="dashboards-chart-late"),
    path("charts/trend.svg", views.chart_trend, name="dashboards-chart-trend"),
    path(
        "charts/satisfaction.svg",
        views_charts.chart_satisfaction,
        name="dashboards-chart-satisfaction",
    ),
]
