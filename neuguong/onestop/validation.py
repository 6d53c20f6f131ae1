"""One input schema per one-stop service, shared by the web forms, the API and the services.

Every entry point that takes a dossier's input calls these functions, so the rules are the same at
every door (the form cannot be stricter than the API):

- `clean_applicant(data)`: name, 12-digit citizen ID, Vietnamese phone, address (intake, submission);
- `clean_channel(value)`: the desk-intake channel, strictly one of its enum values;
- `clean_payment(fee, state, method, channel=...)`: the payment at intake, consistent with the fee
  (a fee and "not required" contradict each other; paid ⇔ paid online or at the desk);
- `clean_action_params(action, params)`: the parameters of one action of the transition table
  (reason, amount, note, result_number, new_appointment_at), required ones checked, others dropped;
- `clean_amount`, `clean_reason`, `clean_note`, ... one per parameter.

Each raises `InvalidInput` (a DomainError: 400, a code, a translated message naming the field), and
nothing has been read or written when it does. Lengths and bounds come from the model fields, so what
passes here always fits the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.validation import (
    InvalidInput,
    ascii_digits,
    clean_decimal,
    clean_text,
    validate_upload,
)
from neuguong.onestop.constants import (
    TRANSITIONS,
    UPLOAD_CONTENT_TYPES,
    UPLOAD_MAX_BYTES,
    Channel,
    PaymentMethod,
    PaymentState,
)
from neuguong.onestop.models import Dossier, DossierDocument

CITIZEN_ID_INVALID = _("A citizen ID has exactly 12 digits.")
PHONE_INVALID = _(
    "Enter a Vietnamese phone number: 10 or 11 digits starting with 0 (or +84), e.g. 0912 345 678."
)
NAME_REQUIRED = _("The applicant's name is required.")
REASON_REQUIRED = _("A reason is required.")
AMOUNT_REQUIRED = _("An amount is required.")
AMOUNT_INVALID = _(
    "Enter the amount in whole đồng, greater than 0 and of at most %(digits)s digits."
)
CHANNEL_INVALID = _("The channel is 1 (in person) or 3 (by post).")
APPOINTMENT_INVALID = _("Enter the new appointment as a date and time within a year from now.")
PARAMS_INVALID = _("The parameters of an action are a JSON object.")
UNKNOWN_ACTION = _("Unknown action “%(action)s”.")
PAYMENT_STATE_INVALID = _("The payment is one of: not_required, requested, paid.")
PAYMENT_METHOD_INVALID = _("How the fee was paid is one of: not_applicable, online, desk.")
PAYMENT_NO_FEE = _(
    "This procedure has no fee: the payment is “not required” and there is nothing to have paid."
)
PAYMENT_FEE_DUE = _(
    "This procedure has a fee of %(fee)s: the payment cannot be “not required”; it is requested or "
    "paid."
)
PAYMENT_HOW = _("A paid fee says how it was paid: online or at the desk.")
PAYMENT_NOT_PAID = _("A fee not yet paid cannot say how it was paid.")
PAYMENT_WRONG_CHANNEL = _("At the desk the fee is paid at the desk; online it is paid online.")


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


CODE_MAX = _max_length(Dossier, "code")
NAME_MAX = _max_length(Dossier, "applicant_name")
ADDRESS_MAX = _max_length(Dossier, "applicant_address")
RESULT_NUMBER_MAX = _max_length(Dossier, "result_number")
DOCUMENT_NAME_MAX = _max_length(DossierDocument, "name")
# Reasons and notes are TextFields; they are printed on one-page slips (supplement request, refusal).
REASON_MAX = 2000
NOTE_MAX = 500
_FEE = Dossier._meta.get_field("fee")
FEE_MAX_DIGITS = _FEE.max_digits
FEE_DECIMAL_PLACES = _FEE.decimal_places
# An apology reschedules once, to a working day soon after the missed one; a year is generous, and
# it keeps the deadline arithmetic (working hours added, holidays looked up) far from date.max.
APPOINTMENT_HORIZON = dt.timedelta(days=366)

# Channels a desk records (online submissions come through the citizen's form, not the desk).
DESK_CHANNELS = (Channel.IN_PERSON, Channel.POSTAL)


# ---- the applicant ----------------------------------------------------------------------------


def clean_citizen_id(value, *, field: str = "id_number") -> str:
    """The 12 ASCII digits of a citizen ID. Spaces between groups are dropped ("0011 9000 1234");
    a trailing newline, Arabic-Indic, fullwidth or superscript digits are refused."""
    text = value.replace(" ", "") if isinstance(value, str) else value
    if not ascii_digits(text, length=12):
        raise InvalidInput(CITIZEN_ID_INVALID, code="invalid_id_number", field=field)
    return text


def clean_phone(value, *, required: bool = False, field: str = "phone") -> str:
    """A Vietnamese phone number as 10 or 11 ASCII digits starting with 0: mobiles 0xx xxx xxxx,
    landlines 02xx xxx xxxx. Spaces, dots and dashes are dropped and +84 / 0084 becomes 0.
    Empty is allowed unless `required`."""
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > 30:
        raise InvalidInput(PHONE_INVALID, code="invalid_phone", field=field)
    text = value.strip(" ")
    for sep in " .-()":
        text = text.replace(sep, "")
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("0084"):
        text = "0" + text[4:]
    if not text and not required:
        return ""
    if not ascii_digits(text) or not 10 <= len(text) <= 11 or text[0] != "0" or text[1] == "0":
        raise InvalidInput(PHONE_INVALID, code="invalid_phone", field=field)
    return text


def clean_applicant_name(value, *, field: str = "name") -> str:
    try:
        return clean_text(value, max_length=NAME_MAX, required=True, field=field)
    except InvalidInput as exc:
        if exc.code == "required":
            raise InvalidInput(NAME_REQUIRED, code="name_required", field=field) from None
        raise


def clean_address(value, *, field: str = "address") -> str:
    return clean_text(value, max_length=ADDRESS_MAX, field=field)


def clean_applicant(data: Mapping, *, require_phone: bool = False) -> dict:
    """The applicant's fields (name, id_number, phone, address) cleaned; other keys (unit, user,
    unit_code) are passed through unchanged. The keys are those of `services.ApplicantData`, so
    `ApplicantData(**clean_applicant(asdict(applicant)))` is the cleaned applicant."""
    if not isinstance(data, Mapping):
        raise InvalidInput(PARAMS_INVALID, code="invalid")
    cleaned = dict(data)
    cleaned["name"] = clean_applicant_name(data.get("name"))
    cleaned["id_number"] = clean_citizen_id(data.get("id_number"))
    cleaned["phone"] = clean_phone(data.get("phone"), required=require_phone)
    cleaned["address"] = clean_address(data.get("address"))
    return cleaned


def clean_channel(value, *, allowed=DESK_CHANNELS, field: str = "channel") -> int:
    """A channel, strictly one of `allowed`: -1, 2**63, true, 1.0 and "1" are refused (they used to
    become "in person" silently)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise InvalidInput(CHANNEL_INVALID, code="invalid_channel", field=field)
    return Channel(value)


def clean_document_name(value, *, field: str = "name") -> str:
    return clean_text(value, max_length=DOCUMENT_NAME_MAX, field=field)


def clean_document(file, *, field: str = "file") -> str:
    """An attachment of a dossier, judged by its content: its content type, or InvalidInput."""
    return validate_upload(
        file, allowed=UPLOAD_CONTENT_TYPES, max_bytes=UPLOAD_MAX_BYTES, field=field
    )


# ---- action parameters ------------------------------------------------------------------------


def clean_reason(value, *, field: str = "reason") -> str:
    """A reason (refusal, withdrawal, stop, supplement, apology): required, multi-line, bounded."""
    try:
        return clean_text(value, max_length=REASON_MAX, required=True, multiline=True, field=field)
    except InvalidInput as exc:
        if exc.code == "required":
            raise InvalidInput(REASON_REQUIRED, code="reason_required", field=field) from None
        raise


def clean_note(value, *, field: str = "note") -> str:
    return clean_text(value, max_length=NOTE_MAX, multiline=True, field=field)


def clean_result_number(value, *, field: str = "result_number") -> str:
    return clean_text(value, max_length=RESULT_NUMBER_MAX, field=field)


def clean_amount(value, *, field: str = "amount") -> Decimal:
    """A fee in whole đồng, > 0, that Dossier.fee holds (12 digits): 1e30, NaN, Infinity, -5, 0,
    "abc" and 1.5 are refused."""
    if value is None or value == "":
        raise InvalidInput(AMOUNT_REQUIRED, code="amount_required", field=field)
    try:
        return clean_decimal(
            value,
            max_digits=FEE_MAX_DIGITS,
            decimal_places=FEE_DECIMAL_PLACES,
            greater_than=0,
            field=field,
        )
    except InvalidInput:
        raise InvalidInput(
            AMOUNT_INVALID,
            code="amount_invalid",
            field=field,
            digits=FEE_MAX_DIGITS - FEE_DECIMAL_PLACES,
        ) from None


def clean_new_appointment(value, *, now=None, field: str = "new_appointment_at") -> dt.datetime:
    """An aware date-time (a naive one is read in Vietnam time) within a year from now. Whether it is
    later than the current appointment is the service's rule."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(APPOINTMENT_INVALID, code="invalid_date", field=field) from None
    if not isinstance(value, dt.datetime):
        raise InvalidInput(APPOINTMENT_INVALID, code="invalid_date", field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    now = now or timezone.now()
    if not now - APPOINTMENT_HORIZON <= value <= now + APPOINTMENT_HORIZON:
        raise InvalidInput(APPOINTMENT_INVALID, code="invalid_date", field=field)
    return value


@dataclass(frozen=True)
class Param:
    clean: Callable
    required: bool = False
    dated: bool = False  # its bounds are judged from the action's moment


_REASON = Param(clean_reason, required=True)
_NOTE = Param(clean_note)

# action → its parameters. Actions not listed take none. The services' keywords have these names.
ACTION_PARAMS: dict[str, dict[str, Param]] = {
    "refuse": {"reason": _REASON},
    "withdraw": {"reason": _REASON},
    "stop": {"reason": _REASON},
    "request_supplement": {"reason": _REASON},
    "draft_apology": {
        "reason": _REASON,
        "new_appointment_at": Param(clean_new_appointment, dated=True),
    },
    "request_payment": {"amount": Param(clean_amount, required=True)},
    "complete_step": {"note": _NOTE},
    "finish": {"note": _NOTE},
    "sign_result": {"result_number": Param(clean_result_number)},
    "confirm_payment": {"method": Param(lambda v: clean_paid_method(v))},
}


def clean_action_params(action: str, params: Mapping | None, *, at=None) -> dict:
    """The keyword arguments of action `action`'s service, cleaned.

    `params` is the request's body (None for no body or `null`). Parameters the action does not take
    (and `at` and `version`: the caller passes those itself) are dropped; a missing required one, a
    wrong type or an out-of-bound value raises InvalidInput, before anything is read or written.
    `at` is the moment of the action (default now), which date bounds are judged from.
    """
    if action not in TRANSITIONS:
        raise InvalidInput(UNKNOWN_ACTION, code="unknown_action", action=action)
    if params is None:
        params = {}
    if not isinstance(params, Mapping):
        raise InvalidInput(PARAMS_INVALID, code="invalid")
    cleaned = {}
    for name, param in ACTION_PARAMS.get(action, {}).items():
        value = params.get(name)
        if (value is None or value == "") and not param.required:
            continue
        # a missing required value raises the parameter's own "required" message
        cleaned[name] = param.clean(value, **({"now": at} if param.dated else {}))
    return cleaned


# ---- the payment at intake -------------------------------------------------------------------


def _choice(value, choices, message, field):
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in choices.values:
        raise InvalidInput(message, code="invalid_payment", field=field)
    return choices(value)


def clean_payment(fee, state=None, method=None, *, channel=None) -> tuple[str, str]:
    """The (payment state, payment method) of a dossier whose fee is `fee`, or InvalidInput.

    Defaults: no fee → not required / not applicable; a fee → requested / not applicable, or paid
    when only the method is given. A contradiction is refused, never corrected: a fee with "not
    required", "paid" without how, a method on an unpaid fee, or a desk intake "paid online" (and an
    online submission "paid at the desk")."""
    state = _choice(state, PaymentState, PAYMENT_STATE_INVALID, "payment_state")
    method = _choice(method, PaymentMethod, PAYMENT_METHOD_INVALID, "payment_method")
    if not fee:
        if state not in (None, PaymentState.NOT_REQUIRED) or method not in (
            None,
            PaymentMethod.NOT_APPLICABLE,
        ):
            raise InvalidInput(PAYMENT_NO_FEE, code="payment_without_fee", field="payment_state")
        return PaymentState.NOT_REQUIRED, PaymentMethod.NOT_APPLICABLE
    if state == PaymentState.NOT_REQUIRED:
        from neuguong.core.templatetags.ui import money

        raise InvalidInput(
            PAYMENT_FEE_DUE, code="fee_not_required", field="payment_state", fee=money(fee)
        )
    if state is None:
        paid = method in (PaymentMethod.ONLINE, PaymentMethod.DESK)
        state = PaymentState.PAID if paid else PaymentState.REQUESTED
    if state == PaymentState.PAID and method in (None, PaymentMethod.NOT_APPLICABLE):
        raise InvalidInput(PAYMENT_HOW, code="payment_method_missing", field="payment_method")
    if state == PaymentState.REQUESTED and method not in (None, PaymentMethod.NOT_APPLICABLE):
        raise InvalidInput(PAYMENT_NOT_PAID, code="payment_not_paid", field="payment_method")
    if state == PaymentState.PAID and channel is not None:
        expected = PaymentMethod.ONLINE if channel == Channel.ONLINE else PaymentMethod.DESK
        if method != expected:
            raise InvalidInput(
                PAYMENT_WRONG_CHANNEL, code="payment_wrong_channel", field="payment_method"
            )
    if state == PaymentState.REQUESTED:
        method = PaymentMethod.NOT_APPLICABLE
    return str(state), str(method)


def clean_paid_method(value, *, field: str = "method") -> str:
    """How a requested fee was paid: online or at the desk."""
    if value is None or value == "":
        return str(PaymentMethod.DESK)
    if value not in (PaymentMethod.ONLINE, PaymentMethod.DESK):
        raise InvalidInput(PAYMENT_HOW, code="invalid_payment", field=field)
    return str(PaymentMethod(value))
