"""Domain errors. A service raises one; a view shows its message, the API answers 400 with it."""

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
