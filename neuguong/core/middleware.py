from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from neuguong.core.validation import has_control_characters


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch (its cookie).

    Django's own middleware follows the browser's Accept-Language, and many officers' browsers are set to
    English; a Vietnamese public service should not switch language behind the user's back.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


BAD_REQUEST_CONTROL = _(
    "The address contains a control character (such as NUL). Remove it and try again."
)


class RejectControlCharactersMiddleware:
    """400 for a request whose path or query string carries a control character (NUL, CR, ...).

    No page or API parameter ever needs one, PostgreSQL cannot store or compare a NUL (every such
    lookup was a 500), and a CR/LF in a value is a header- or log-injection attempt. Checked once here
    on the decoded path and every query key and value, before any view or database call; bodies are
    checked field by field by the forms and the API schemas (neuguong.core.validation).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path) or any(
            has_control_characters(key) or any(has_control_characters(v) for v in values)
            for key, values in request.GET.lists()
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request):
        message = str(BAD_REQUEST_CONTROL)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "control_character"}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
