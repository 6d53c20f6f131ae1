"""Mounted at /open311/v2/ by neuguong/urls.py."""

from django.urls import path, re_path

from neuguong.feedback.open311 import views

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("", views.root, name="open311-root"),
    re_path(r"^discovery" + FMT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, views.services, name="open311-services"),
    re_path(
        r"^services/(?P<code>[\w-]{1,40})" + FMT, views.service_definition, name="open311-service"
    ),
    re_path(r"^requests" + FMT, views.requests_, name="open311-requests"),
    re_path(r"^requests/(?P<code>[\w-]{1,30})" + FMT, views.request_detail, name="open311-request"),
    re_path(r"^tokens/(?P<token>[\w-]{1,64})" + FMT, views.token, name="open311-token"),
]
