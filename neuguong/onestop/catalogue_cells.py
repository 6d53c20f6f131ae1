"""Catalogue files, one cell at a time: text, numbers, levels, checklists, channels, times, dates, yes/no.

Each parser takes the raw cell (text from a CSV, or what openpyxl gives for a workbook cell) and returns
the field's value, or raises `RowInvalid` with a message naming the column; the row's procedure is then
left unchanged (`catalogue_rows.parse_rows`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from neuguong.core.text import fold
from neuguong.org.constants import UnitLevel

_LEVEL_ALIASES = {
    "xa": UnitLevel.COMMUNE,
    "cap xa": UnitLevel.COMMUNE,
    "phuong": UnitLevel.COMMUNE,
    "tinh": UnitLevel.PROVINCE,
    "cap tinh": UnitLevel.PROVINCE,
    "huyen": UnitLevel.DISTRICT,
    "cap huyen": UnitLevel.DISTRICT,
}
_ORIGINAL = {"original", "ban chinh", "true", "1", "yes", "co"}
_COPY = {"copy", "ban sao", "false", "0", "no", "khong"}
_REQUIRED = {"required", "bat buoc"}
_OPTIONAL = {"optional", "khong bat buoc", "neu co"}


def document_required_by_default(name: str) -> bool:
    """A document the applicant gives only in some cases ("… (nếu có)", "(nếu nộp thay)") is not
    required; every other one is."""
    return "(neu " not in fold(name)


_TRUE = {"1", "true", "yes", "co", "x"}
_FALSE = {"0", "false", "no", "khong"}


class RowInvalid(Exception):
    """A cell that cannot be read: its message names the column and the value."""


# --- parsing one cell -------------------------------------------------------------------------------


def text_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def bounded_text_cell(value, column: str, max_length: int) -> str:
    """A text cell that must fit its field (a longer one would fail the whole import on PostgreSQL)."""
    text = text_cell(value)
    if len(text) > max_length:
        raise RowInvalid(
            _("%(column)s: at most %(max)s characters (this one has %(n)s)")
            % {"column": column, "max": max_length, "n": len(text)}
        )
    return text


def decimal_cell(value, column: str, *, minimum: Decimal = Decimal(0)) -> Decimal:
    raw = text_cell(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raw = str(value)
    else:
        # Vietnamese spreadsheets write 100.000 đ for one hundred thousand dong: drop the separators
        # only when the text looks like a grouped integer.
        cleaned = raw.replace("đ", "").replace("VND", "").replace(" ", "")
        if re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", cleaned):
            cleaned = re.sub(r"[.,]", "", cleaned)
        raw = cleaned.replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise RowInvalid(
            _("%(column)s: “%(value)s” is not a number") % {"column": column, "value": raw}
        ) from None
    if not number.is_finite() or number < minimum:
        raise RowInvalid(
            _("%(column)s must be at least %(min)s") % {"column": column, "min": minimum}
        )
    return number


def level_cell(value, column: str, *, blank_ok: bool = False) -> str:
    raw = fold(text_cell(value))
    if not raw and blank_ok:
        return ""
    if raw in UnitLevel.values:
        return raw
    if raw in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[raw]
    raise RowInvalid(
        _("%(column)s: unknown level “%(value)s” (commune, district or province)")
        % {"column": column, "value": text_cell(value)}
    )


def documents_cell(value) -> list[dict]:
    """ "name | copies | original [| required/optional]; …" → [{"name", "copies", "original",
    "required"}] (without the fourth part: required unless the name says "(nếu …)")."""
    docs = []
    for item in re.split(r"[;\n]", text_cell(value)):
        if not item.strip():
            continue
        parts = [p.strip() for p in item.split("|")]
        name = parts[0]
        copies = 1
        original = True
        if len(parts) > 1 and parts[1]:
            if not re.fullmatch(r"[0-9]{1,6}", parts[1]) or int(parts[1]) < 1:
                raise RowInvalid(
                    _("required_documents: “%(value)s” is not a number of copies")
                    % {"value": parts[1]}
                )
            copies = int(parts[1])
        if len(parts) > 2 and parts[2]:
            kind = fold(parts[2])
            if kind in _ORIGINAL:
                original = True
            elif kind in _COPY:
                original = False
            else:
                raise RowInvalid(
                    _("required_documents: write “original” or “copy”, not “%(value)s”")
                    % {"value": parts[2]}
                )
        required = document_required_by_default(name)
        if len(parts) > 3 and parts[3]:
            kind = fold(parts[3])
            if kind in _REQUIRED:
                required = True
            elif kind in _OPTIONAL:
                required = False
            else:
                raise RowInvalid(
                    _("required_documents: write “required” or “optional”, not “%(value)s”")
                    % {"value": parts[3]}
                )
        docs.append({"name": name, "copies": copies, "original": original, "required": required})
    return docs


def channels_cell(value) -> list[int]:
    raw = text_cell(value)
    if not raw:
        return [1]
    try:
        channels = sorted({int(c) for c in re.split(r"[,; ]+", raw) if c})
    except ValueError:
        channels = []
    if not channels or any(c not in (1, 2, 3) for c in channels):
        raise RowInvalid(
            _("channels: “%(value)s” must list 1 (in person), 2 (online), 3 (post)")
            % {"value": raw}
        )
    return channels


def time_cell(value) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    raw = text_cell(value)
    match = re.fullmatch(r"([0-9]{1,2})[:hH]([0-9]{2})?", raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise RowInvalid(_("cutoff_time: “%(value)s” is not a time like 15:00") % {"value": raw})
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def date_cell(value, column: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text_cell(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a date, no time zone)
        except ValueError:
            continue
    raise RowInvalid(
        _("%(column)s: “%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        % {"column": column, "value": raw}
    )


def bool_cell(value, column: str, *, blank: bool = True) -> bool:
    """yes/no, có/không, 1/0, true/false, x; a blank cell is `blank`."""
    if isinstance(value, bool):
        return value
    raw = fold(text_cell(value))
    if not raw:
        return blank
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise RowInvalid(
        _("%(column)s: “%(value)s” is not yes or no") % {"column": column, "value": raw}
    )


def choice_cell(value, column: str, choices) -> str:
    raw = text_cell(value).lower()
    if raw not in choices.values:
        raise RowInvalid(
            _("%(column)s: “%(value)s” is not one of %(choices)s")
            % {"column": column, "value": raw, "choices": ", ".join(choices.values)}
        )
    return raw
