from django.urls import path

from neuguong.org import views

urlpatterns = [
    path("units/", views.placeholder, name="org-unit-tree"),
    path("agencies/", views.placeholder, name="org-agency-list"),
    path("delegations/", views.placeholder, name="org-delegation-list"),
    path("staffing/", views.placeholder, name="org-quota-report"),
]
