"""Input rules for reception sessions and dialogues, shared by the web forms, the API and the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.validation import InvalidInput, clean_int, clean_text
from neuguong.feedback.reception.constants import DialogueFormat, DialogueTrigger, Language
from neuguong.onestop.validation import clean_citizen_id, clean_phone

INTERPRETER_REQUIRED = _(
    "A citizen who speaks a minority language is received with an interpreter: enter the "
    "interpreter's name."
)
LANGUAGE_OTHER_REQUIRED = _("Name the language the citizen speaks.")
CHOICE_INVALID = _("Choose one of the listed values.")
DATE_INVALID = _("Enter a date as YYYY-MM-DD.")
DATETIME_INVALID = _("Enter a date and time.")
DATE_OUT_OF_RANGE = _("Enter a date within two years of today.")
SIGNATURES_TOO_MANY = _("More voters cannot ask than the commune has.")
NO_RECEPTION_DUTY = _(
    "This position has no reception duty in the rulebook: only People's Committee chairs and "
    "party committee secretaries are scheduled."
)

HORIZON = dt.timedelta(days=731)

# The years a period query (?year=, ?month=YYYY-MM) may name: outside them there is no reception
# day or dialogue, and dt.date() itself refuses years past 9999 (a 500 before this check).
YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_INVALID = _("Enter a year between %(min)s and %(max)s (for example 2026).")
MONTH_INVALID = _(
    "Enter a month as YYYY-MM (for example 2026-03), with a year between %(min)s and %(max)s."
)


def clean_year(value, *, field: str = "year") -> int | None:
    """A ?year= query value: None or "" → None; else an int within YEAR_MIN..YEAR_MAX."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not isinstance(value, int) and not (text.isascii() and text.isdigit() and len(text) == 4):
        raise InvalidInput(
            YEAR_INVALID, code="invalid_year", field=field, min=YEAR_MIN, max=YEAR_MAX
        )
    year = int(text) if not isinstance(value, int) else value
    if isinstance(value, bool) or not YEAR_MIN <= year <= YEAR_MAX:
        raise InvalidInput(
            YEAR_INVALID, code="invalid_year", field=field, min=YEAR_MIN, max=YEAR_MAX
        )
    return year


def clean_month(value, *, field: str = "month") -> tuple[int, int] | None:
    """A ?month=YYYY-MM query value: None or "" → None; else (year, month)."""
    if value is None or value == "":
        return None
    text = value.strip() if isinstance(value, str) else ""
    parts = text.split("-")
    ok = (
        len(parts) == 2
        and all(p.isascii() and p.isdigit() for p in parts)
        and len(parts[0]) == 4
        and len(parts[1]) in (1, 2)
    )
    if ok:
        year, month = int(parts[0]), int(parts[1])
        if YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12:
            return year, month
    raise InvalidInput(MONTH_INVALID, code="invalid_month", field=field, min=YEAR_MIN, max=YEAR_MAX)


def clean_choice(value, choices, *, field: str):
    if value not in choices.values:
        raise InvalidInput(CHOICE_INVALID, code="invalid_choice", field=field)
    return value


def clean_date(value, *, field: str, horizon: bool = True) -> dt.date:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(DATE_INVALID, code="invalid_date", field=field) from None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInput(DATE_INVALID, code="invalid_date", field=field)
    if horizon and abs(value - timezone.localdate()) > HORIZON:
        raise InvalidInput(DATE_OUT_OF_RANGE, code="date_out_of_range", field=field)
    return value


def clean_datetime(value, *, field: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(DATETIME_INVALID, code="invalid_datetime", field=field) from None
    if not isinstance(value, dt.datetime):
        raise InvalidInput(DATETIME_INVALID, code="invalid_datetime", field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if abs(value - timezone.now()) > HORIZON:
        raise InvalidInput(DATE_OUT_OF_RANGE, code="date_out_of_range", field=field)
    return value


def clean_short(value, *, field: str, required: bool = True, max_length: int = 300) -> str:
    return clean_text(value, max_length=max_length, required=required, field=field)


def clean_long(value, *, field: str, required: bool = False) -> str:
    return clean_text(value, max_length=5000, required=required, multiline=True, field=field)


def clean_citizen(data: dict) -> dict:
    """A citizen received: name required; ID number and phone optional but well formed; a
    minority language needs an interpreter (and, for "other", the language's name)."""
    language = clean_choice(data.get("language") or Language.VIETNAMESE, Language, field="language")
    cleaned = {
        "full_name": clean_short(data.get("full_name"), field="full_name", max_length=200),
        "id_number": (
            clean_citizen_id(data["id_number"]) if (data.get("id_number") or "").strip() else ""
        ),
        "phone": clean_phone(data.get("phone")),
        "address": clean_short(
            data.get("address"), field="address", required=False, max_length=255
        ),
        "language": language,
        "language_other": clean_short(
            data.get("language_other"), field="language_other", required=False, max_length=100
        ),
        "interpreter": clean_short(
            data.get("interpreter"), field="interpreter", required=False, max_length=200
        ),
    }
    if language != Language.VIETNAMESE and not cleaned["interpreter"]:
        raise InvalidInput(INTERPRETER_REQUIRED, code="interpreter_required", field="interpreter")
    if language == Language.OTHER and not cleaned["language_other"]:
        raise InvalidInput(
            LANGUAGE_OTHER_REQUIRED, code="language_other_required", field="language_other"
        )
    if language != Language.OTHER:
        cleaned["language_other"] = ""
    return cleaned


def clean_format(value) -> str:
    return clean_choice(value or DialogueFormat.IN_PERSON, DialogueFormat, field="format")


def clean_trigger(value) -> str:
    return clean_choice(value or DialogueTrigger.ANNUAL, DialogueTrigger, field="trigger")


def clean_voter_counts(signatures, voters) -> tuple[int, int]:
    voters_n = clean_int(voters, min_value=1, max_value=10_000_000, field="voters")
    signatures_n = clean_int(signatures, min_value=1, max_value=10_000_000, field="signatures")
    if signatures_n > voters_n:
        raise InvalidInput(SIGNATURES_TOO_MANY, code="signatures_too_many", field="signatures")
    return signatures_n, voters_n
