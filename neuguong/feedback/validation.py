"""One input schema for every feedback entry point: the web form, the API, Open311, reception and
dialogue sessions all clean a submission through `clean_submission`, and each action's parameters
through `clean_reason`, `clean_answer`, `clean_rating`. Each raises `InvalidInput` (400, a code, a
message naming the field) before anything is read or written."""

from __future__ import annotations

from decimal import Decimal

from neuguong.core.validation import InvalidInput, clean_decimal, clean_text, validate_upload
from neuguong.feedback import messages as m
from neuguong.feedback.constants import ATTACHMENT_MAX_COUNT, Channel, ItemKind, Rating
from neuguong.feedback.models import FeedbackItem
from neuguong.onestop.validation import clean_citizen_id, clean_phone


def _max_length(name: str) -> int:
    return int(getattr(FeedbackItem._meta.get_field(name), "max_length", 0) or 0)


TITLE_MAX = _max_length("title")
NAME_MAX = _max_length("submitter_name")
ADDRESS_MAX = _max_length("address")
BODY_MAX = 10000
REASON_MAX = 2000
ANSWER_MAX = 20000
COMMENT_MAX = 2000


def clean_title(value, *, field: str = "title") -> str:
    return clean_text(value, max_length=TITLE_MAX, required=True, field=field)


def clean_body(value, *, field: str = "body") -> str:
    return clean_text(value, max_length=BODY_MAX, required=True, multiline=True, field=field)


def clean_channel(value, *, field: str = "channel") -> str:
    if not isinstance(value, str) or value not in Channel.values:
        raise InvalidInput(m.CHANNEL_UNKNOWN, code="invalid_channel", field=field, channel=value)
    return value


def clean_kind(value, *, field: str = "kind") -> str:
    if value in (None, ""):
        return ItemKind.FEEDBACK
    if not isinstance(value, str) or value not in ItemKind.values:
        raise InvalidInput(m.KIND_UNKNOWN, code="invalid_kind", field=field, kind=value)
    return value


def clean_coordinate(value, *, limit: int, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    number = clean_decimal(
        str(value) if isinstance(value, float) else value,
        max_digits=20,
        decimal_places=15,
        field=field,
    )
    if abs(number) > limit:
        raise InvalidInput(m.COORDINATES_INVALID, code="invalid_coordinates", field=field)
    return number.quantize(Decimal("0.000001"))


def clean_submission(data: dict) -> dict:
    """The submission's fields cleaned (the keys of `services.submit_item`); unknown keys dropped."""
    lat = clean_coordinate(data.get("latitude"), limit=90, field="latitude")
    lon = clean_coordinate(data.get("longitude"), limit=180, field="longitude")
    if (lat is None) != (lon is None):
        raise InvalidInput(m.COORDINATES_INVALID, code="invalid_coordinates", field="latitude")
    id_number = data.get("submitter_id_number") or ""
    if isinstance(id_number, str):
        id_number = id_number.strip()
    return {
        "title": clean_title(data.get("title")),
        "body": clean_body(data.get("body")),
        "channel": clean_channel(data.get("channel")),
        "kind": clean_kind(data.get("kind")),
        "category_code": clean_text(
            data.get("category_code"), max_length=40, required=True, field="category_code"
        ),
        "commune_code": clean_text(data.get("commune_code"), max_length=10, field="commune_code")
        or None,
        "submitter_name": clean_text(
            data.get("submitter_name"), max_length=NAME_MAX, field="submitter_name"
        ),
        "submitter_phone": clean_phone(data.get("submitter_phone"), field="submitter_phone"),
        "submitter_id_number": clean_citizen_id(id_number, field="submitter_id_number")
        if id_number
        else "",
        "address": clean_text(data.get("address"), max_length=ADDRESS_MAX, field="address"),
        "latitude": lat,
        "longitude": lon,
    }


def clean_attachments(files, *, field: str = "attachments") -> list:
    """Each file judged by its content (core.validation.validate_upload); at most ATTACHMENT_MAX_COUNT."""
    files = list(files or [])
    if len(files) > ATTACHMENT_MAX_COUNT:
        raise InvalidInput(
            m.TOO_MANY_ATTACHMENTS, code="too_many_files", field=field, max=ATTACHMENT_MAX_COUNT
        )
    return [(f, validate_upload(f, field=field)) for f in files]


def clean_reason(value, *, field: str = "reason") -> str:
    try:
        return clean_text(value, max_length=REASON_MAX, required=True, multiline=True, field=field)
    except InvalidInput as exc:
        if exc.code == "required":
            raise InvalidInput(m.REASON_REQUIRED, code="reason_required", field=field) from None
        raise


def clean_answer(value, *, field: str = "answer") -> str:
    try:
        return clean_text(value, max_length=ANSWER_MAX, required=True, multiline=True, field=field)
    except InvalidInput as exc:
        if exc.code == "required":
            raise InvalidInput(m.ANSWER_REQUIRED, code="answer_required", field=field) from None
        raise


def clean_rating(value, *, field: str = "rating") -> str:
    if not isinstance(value, str) or value not in Rating.values:
        raise InvalidInput(m.RATING_INVALID, code="invalid_rating", field=field)
    return value


def clean_comment(value, *, field: str = "comment") -> str:
    return clean_text(value, max_length=COMMENT_MAX, multiline=True, field=field)
