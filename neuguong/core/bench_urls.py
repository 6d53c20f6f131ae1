"""URLs for `neuguong bench` only: the real site plus a bare view, the physical limit of a page."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("_bench/bare/", bare), path("", include("neuguong.urls"))]
