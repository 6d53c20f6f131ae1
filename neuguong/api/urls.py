from django.urls import path

from neuguong.api.api import api

urlpatterns = [path("", api.urls)]
