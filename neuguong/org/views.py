from django.http import HttpResponse


def placeholder(request, *args, **kwargs):  # replaced by the real org pages
    return HttpResponse("")
