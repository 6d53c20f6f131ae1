from django.contrib.auth import views as auth_views
from django.shortcuts import render


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def home(request):
    return render(request, "core/home.html", {})
