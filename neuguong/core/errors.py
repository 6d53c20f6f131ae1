"""Domain errors. A service raises one; a view shows its message, the API answers 400 with it."""

import logging

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the action. Nothing was changed."""

    code = "domain_error"
    status = 400

    def __init__(self, message=None, *, code: str | None = None, **params):
        self.message = message if message is not None else _("The action was refused.")
        if code:
            self.code = code
        self.params = params
        super().__init__(str(self.message))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class NotAllowed(DomainError):
    """The actor may not do this (authority, role or scope)."""

    code = "not_allowed"
    status = 403


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    status = 409


class ConciseClientErrors(logging.Filter):
    """One line for a request refused with a 4xx (403 PermissionDenied, 404, 400): no traceback.

    Django logs such a refusal on `django.request` (`django.security.*`) with the exception attached, so every 403 printed its
    whole traceback, and twice in debug mode (Django's own console handler, then ours). The refusal is
    expected behaviour, not a fault; a 5xx keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.") and isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
