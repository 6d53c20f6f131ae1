from django.urls import path

from neuguong.org import views, views_admin

urlpatterns = [
    path("units/", views.unit_tree, name="org-unit-tree"),
    path("agencies/", views.agency_list, name="org-agency-list"),
    path("agencies/<int:pk>/", views.agency_detail, name="org-agency-detail"),
    path("people/", views.person_list, name="org-person-list"),
    path("people/<int:pk>/", views.person_detail, name="org-person-detail"),
    path("delegations/", views.delegation_list, name="org-delegation-list"),
    path("delegations/may-sign/", views.may_sign_check, name="org-may-sign"),
    path("delegations/new/", views_admin.delegation_create, name="org-delegation-create"),
    path("staffing/", views.quota_report, name="org-quota-report"),
]
