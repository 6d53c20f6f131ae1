"""Only the admin: the rulebook admin tests must not depend on every other app's URLs importing cleanly."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
