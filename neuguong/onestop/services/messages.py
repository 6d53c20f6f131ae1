"""The one-stop services' messages: module constants that views and tests reuse."""

from django.utils.translation import gettext_lazy as _

# Input rules live in the one input schema (onestop.validation); their messages are re-exported here.
from neuguong.onestop.validation import (  # noqa: F401
    AMOUNT_INVALID,
    NAME_REQUIRED,
    REASON_REQUIRED,
)
from neuguong.onestop.validation import CITIZEN_ID_INVALID as ID_NUMBER_REFUSED  # noqa: F401

TRANSITION_REFUSED = _("The action “%(action)s” is not allowed while the dossier is “%(state)s”.")
UNKNOWN_ACTION = _("Unknown action “%(action)s”.")
ROLE_REFUSED = _("Your role does not allow the action “%(action)s”.")
SCOPE_REFUSED = _("This dossier is outside your agencies.")
NOT_OWN_DOSSIER = _("Citizens may only act on their own dossiers.")
PROCEDURE_INACTIVE = _("This procedure is not active.")
NO_STEPS = _("This procedure has no process steps.")
NO_CURRENT_STEP = _("The dossier has no step in progress.")
SIGN_STEP_UNSIGNED = _("The result must be signed before the signing step is completed.")
SIGN_NOT_AUTHORISED = _(
    "You have no authority to sign this result (you are not the head and no delegation in force covers it)."
)
ALREADY_SIGNED = _("The result is already signed.")
NOT_A_PERSON = _("Your account is not linked to a person in the organisation registry.")
APOLOGY_NOT_LATE = _("An apology is only drafted for a dossier that is or will be late.")
APOLOGY_ONCE = _("The dossier was already rescheduled once; a second apology is not allowed.")
APOLOGY_EXISTS = _("An apology letter is already drafted for this dossier.")
APOLOGY_MISSING = _("No apology letter has been drafted for this dossier.")
APOLOGY_BAD_DATE = _("The new appointment must be later than the current one.")
APOLOGY_OUTDATED = _(
    "The apology's new appointment is not later than the dossier's current appointment; it cannot be signed."
)
APOLOGY_SIGN_REFUSED = _(
    "Only the head of the agency at fault (or a delegate) may sign this apology."
)
STALE_VERSION = _(
    "This dossier was changed by someone else after you opened it. Reload the page and try again."
)
NOTHING_TO_PAY = _("No fee is awaiting payment on this dossier.")
SUPPLEMENT_ONLINE_ONLY = _(
    "A citizen sends a supplement from their dossier page (My dossiers), with its files attached."
)

NOTIFY_ACCEPTED = _(
    "Dossier %(code)s (%(procedure)s) was received. Appointment: %(appointment)s. Track it with code %(code)s."
)
NOTIFY_SUPPLEMENT = _("Dossier %(code)s needs more documents: %(reason)s")
NOTIFY_APOLOGY = _("We apologise: dossier %(code)s will be late. New appointment: %(appointment)s.")
NOTIFY_RESULT = _("The result of dossier %(code)s is ready. Please collect it.")
SUBJECTS = {
    "accepted": _("Dossier received"),
    "supplement": _("Supplement needed"),
    "apology": _("Apology and new appointment"),
    "result": _("Result ready"),
}
