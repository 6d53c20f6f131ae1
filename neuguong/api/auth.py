"""API authentication: `Authorization: Bearer <personal token>`, or the browser session."""

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer, SessionAuth

from neuguong.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class SessionUserAuth(SessionAuth):
    """The browser session (CSRF-checked by django-ninja for unsafe methods)."""


token_or_session = [TokenAuth(), SessionUserAuth()]


def anonymous(request):
    request.user = getattr(request, "user", AnonymousUser())
    return True
