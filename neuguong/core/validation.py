"""Input rules shared by every entry point: web forms, the API and, later, Open311.

Each rule is a plain function that returns the cleaned value or raises `InvalidInput` (a DomainError:
400, a code and a translated message). Forms turn it into a field error (`as_validation_error`), the
API into `{"detail", "code"}`, and services may call the same functions, so that a rule the form
enforces cannot be skipped by another door.

- `clean_text`: strip, bound the length, refuse control characters (NUL breaks PostgreSQL, the others
  break the Excel register) and lone surrogates;
- `ascii_digits` / `parse_int` / `clean_int`: digits are ASCII `[0-9]` only (`str.isdigit()` also
  accepts "²" and "١٢", which `int()` then refuses or reads as another number), and integers fit a
  64-bit signed column (`DbId`, `Offset` are the same bounds as schema types);
- `clean_decimal`: finite, within the digits a DecimalField holds;
- `validate_upload`: an attachment is judged by its content (magic bytes), not by its name.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field, field_validator

from neuguong.core.errors import DomainError

# PostgreSQL bigint, SQLite INTEGER: the widest integer any column or query parameter holds.
INT64_MAX = 2**63 - 1
# An OFFSET beyond any real table; offset + limit must still fit a bigint.
OFFSET_MAX = 10**9

# Schema types for the API (django-ninja / pydantic): out-of-range answers 400 before any query runs.
DbId = Annotated[int, Field(ge=1, le=INT64_MAX, description="a record id")]
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX)]
Limit = Annotated[int, Field(ge=1, le=INT64_MAX)]  # then clamped to each endpoint's page size

REQUIRED = _("This field is required.")
TEXT_EXPECTED = _("Enter text.")
TEXT_TOO_LONG = _("Enter at most %(max)s characters.")
CONTROL_CHARACTER = _("Remove the control character (such as NUL or a line break) from this text.")
INTEGER_INVALID = _("Enter a whole number (digits 0-9 only).")
INTEGER_OUT_OF_RANGE = _("Enter a whole number between %(min)s and %(max)s.")
NUMBER_INVALID = _("Enter a number.")
NUMBER_TOO_LARGE = _("Enter a number of at most %(digits)s digits.")
NUMBER_DECIMALS = _("Enter a number with at most %(places)s decimal places.")
NUMBER_TOO_SMALL = _("Enter a number greater than %(min)s.")
UPLOAD_MISSING = _("No file was sent.")
UPLOAD_TYPE_INVALID = _("Only PDF, JPG, PNG, DOCX and XLSX files are accepted.")
UPLOAD_CONTENT_MISMATCH = _(
    "The content of this file is not a %(kind)s file, although its name says so. Only genuine PDF, "
    "JPG, PNG, DOCX and XLSX files are accepted."
)
UPLOAD_TOO_LARGE = _("A file may be at most %(megabytes)s MB.")
UPLOAD_EMPTY = _("The file is empty.")


class InvalidInput(DomainError):
    """A value sent by the user breaks an input rule. Nothing was read or written with it.

    `field` names the input (a form field or a JSON path such as "applicant.phone"); the API puts it
    in front of the message, a form attaches the message to that field.
    """

    code = "invalid"
    status = 400

    def __init__(self, message=None, *, code: str | None = None, field: str = "", **params):
        super().__init__(message, code=code, **params)
        self.field = field

    @property
    def text(self) -> str:
        """The message alone, without the field name."""
        return DomainError.__str__(self)

    def __str__(self) -> str:
        return f"{self.field}: {self.text}" if self.field else self.text

    def at(self, field: str) -> InvalidInput:
        """The same error, named for `field` (prefixed when it already names a sub-field)."""
        self.field = f"{field}.{self.field}" if self.field else field
        return self


def as_validation_error(exc: InvalidInput) -> ValidationError:
    """The error for a Django form field."""
    return ValidationError(exc.text, code=exc.code)


def field_errors(exc: InvalidInput) -> dict[str, list[str]]:
    return {exc.field or "__all__": [exc.text]}


# ---- text -------------------------------------------------------------------------------------

_MULTILINE_ALLOWED = frozenset("\n\t")


def control_characters(value: str, *, multiline: bool = False) -> list[str]:
    """The control characters (Unicode Cc) and lone surrogates (Cs) in `value`; in multi-line text a
    line break and a tab are allowed."""
    allowed = _MULTILINE_ALLOWED if multiline else frozenset()
    return [ch for ch in value if ch not in allowed and unicodedata.category(ch) in ("Cc", "Cs")]


def has_control_characters(value: str) -> bool:
    return bool(control_characters(value))


def clean_text(
    value,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
    field: str = "",
    code: str = "invalid",
) -> str:
    """Text as it may be stored: NFC (composed Vietnamese, as typed on most keyboards), stripped,
    at most `max_length` characters, no control character (Windows line ends become "\\n").

    None is the empty text. Raises InvalidInput for a non-string, a missing required text, a control
    character or an overlong text.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(TEXT_EXPECTED, code=code, field=field)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if control_characters(value.strip(), multiline=multiline):
        raise InvalidInput(CONTROL_CHARACTER, code="control_character", field=field)
    value = unicodedata.normalize("NFC", value).strip()
    if required and not value:
        raise InvalidInput(REQUIRED, code="required", field=field)
    if len(value) > max_length:
        raise InvalidInput(TEXT_TOO_LONG, code="too_long", field=field, max=max_length)
    return value


def _strings(data, path: str = ""):
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from _strings(value, f"{path}.{index}" if path else str(index))


class InputSchema(Schema):
    """An API body: no string anywhere in it carries a NUL, another control character (a line break
    and a tab are allowed; single-line fields refuse them in their own rule) or a lone surrogate.

    PostgreSQL cannot store or even compare a NUL (every lookup by such a code was a 500), so this is
    checked once, on every field of every input schema of every app (a nested schema checks its own).
    """

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value):
        # pydantic names the field in the error's location
        for _path, text in _strings(value):
            if control_characters(text, multiline=True):
                raise ValueError(str(CONTROL_CHARACTER))
        return value


# ---- integers ---------------------------------------------------------------------------------

_ASCII_DIGITS = re.compile(r"[0-9]+")


def ascii_digits(value, *, length: int | None = None) -> bool:
    """True for a text of ASCII digits only (of exactly `length` if given). Unlike `str.isdigit()`,
    refuses "²", "١٢" and "１２", and unlike `\\d+$` a trailing newline."""
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value):
        return False
    return length is None or len(value) == length


class _NotAnInteger(Exception):
    pass


def _integer(value) -> int:
    """An int from a JSON integer or a text of ASCII digits (with an optional minus). Out-of-int64
    texts give a number just past the range instead of being parsed (int() of 5,000 digits is slow
    and then raises)."""
    if isinstance(value, bool):
        raise _NotAnInteger
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        raise _NotAnInteger
    text = value.strip()
    sign = -1 if text.startswith("-") else 1
    digits = text[1:] if sign < 0 else text
    if not ascii_digits(digits):
        raise _NotAnInteger
    if len(digits.lstrip("0")) > 19:  # 19 digits hold every int64
        return sign * (INT64_MAX + 1)
    return sign * int(digits)


def parse_int(value, *, min_value: int = 1, max_value: int = INT64_MAX) -> int | None:
    """A query-string integer (ids, page numbers), or None when it is absent, not ASCII digits or out
    of [min_value, max_value]: for a filter that ignores a bad value."""
    try:
        number = _integer(value)
    except _NotAnInteger:
        return None
    return number if min_value <= number <= max_value else None


def clean_int(
    value, *, min_value: int = 1, max_value: int = INT64_MAX, field: str = "", code="invalid"
) -> int:
    """A whole number given as a JSON integer or a text of ASCII digits, within the bounds. Refuses
    booleans (`true` is not 1), floats (1.0, 1e3) and numbers beyond the bounds."""
    try:
        number = _integer(value)
    except _NotAnInteger:
        raise InvalidInput(INTEGER_INVALID, code=code, field=field) from None
    if not min_value <= number <= max_value:
        raise InvalidInput(
            INTEGER_OUT_OF_RANGE, code=code, field=field, min=min_value, max=max_value
        )
    return number


# ---- decimals ---------------------------------------------------------------------------------


def clean_decimal(
    value,
    *,
    max_digits: int,
    decimal_places: int,
    greater_than: Decimal | int | None = None,
    field: str = "",
    code: str = "invalid",
) -> Decimal:
    """A finite number that a DecimalField(max_digits, decimal_places) holds, above `greater_than`.

    Accepts an int, a Decimal or a text ("150000", "1.5"); refuses booleans, floats that are not
    whole enough to be exact, NaN, Infinity, exponents beyond the field and too many decimals.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidInput(NUMBER_INVALID, code=code, field=field)
    if isinstance(value, float):
        value = repr(value)  # the shortest text that reads back as this float: 1e+30, 150000.0
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 100 or control_characters(text):
            raise InvalidInput(NUMBER_INVALID, code=code, field=field)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise InvalidInput(NUMBER_INVALID, code=code, field=field) from None
    if isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidInput(NUMBER_INVALID, code=code, field=field)
    whole_digits = max_digits - decimal_places
    # adjusted(): the exponent of the leading digit, with no arithmetic (abs() of 1e999999999
    # overflows the context)
    if value and value.adjusted() >= whole_digits:
        raise InvalidInput(NUMBER_TOO_LARGE, code=code, field=field, digits=whole_digits)
    step = Decimal(1).scaleb(-decimal_places)
    # 150000.00 is fine for a field without decimals; 1.5 is not (no silent rounding of a fee)
    if value != value.quantize(step):
        raise InvalidInput(NUMBER_DECIMALS, code=code, field=field, places=decimal_places)
    value = value.quantize(step)
    if greater_than is not None and value <= greater_than:
        raise InvalidInput(NUMBER_TOO_SMALL, code=code, field=field, min=greater_than)
    return value


# ---- uploads ----------------------------------------------------------------------------------

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# extension → content type: what an attachment may be (Decree 45/2020 accepts office formats)
UPLOAD_TYPES: Mapping[str, str] = {
    "pdf": PDF,
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "docx": DOCX,
    "xlsx": XLSX,
}
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
_KIND_NAMES = {PDF: "PDF", JPEG: "JPG", PNG: "PNG", DOCX: "DOCX", XLSX: "XLSX"}

# OOXML: the zip's [Content_Types].xml declares the main part's type, and the part is where the
# format puts it. A plain zip, an .odt, a macro-enabled .docm/.xlsm renamed .docx do not pass.
_OOXML = {
    DOCX: ("word/document.xml", b"wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
_CONTENT_TYPES_MAX = 1024 * 1024  # [Content_Types].xml is a few kB; do not inflate a bomb
_ZIP = b"PK\x03\x04"


def _head(file, n: int = 16) -> bytes:
    file.seek(0)
    head = file.read(n)
    file.seek(0)
    return head if isinstance(head, bytes) else b""


def _ooxml_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            info = (
                archive.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            )
            if info is None or info.file_size > _CONTENT_TYPES_MAX:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    for content_type, (part, marker) in _OOXML.items():
        if part in names and marker in declared:
            return content_type
    return None


def sniff_content_type(file) -> str | None:
    """The type the content of `file` (seekable, binary) really is, among UPLOAD_TYPES' types."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_ZIP):
        return _ooxml_type(file)
    return None


def _size(file) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def validate_upload(
    file,
    *,
    allowed: Mapping[str, str] = UPLOAD_TYPES,
    max_bytes: int = UPLOAD_MAX_BYTES,
    field: str = "file",
) -> str:
    """The content type of an uploaded attachment, judged by its content, or InvalidInput.

    The name's extension must be one of `allowed` (extension → content type) and the content must be
    that type: "%PDF-" for a PDF, the PNG and JPEG signatures, and for DOCX/XLSX a zip whose
    [Content_Types].xml declares a Word document / Excel workbook with its main part present. So an
    HTML page named .pdf, an SVG named .png and a plain zip named .docx are refused. The file is left
    at position 0.
    """
    if file is None:
        raise InvalidInput(UPLOAD_MISSING, code="upload_missing", field=field)
    name = getattr(file, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = allowed.get(ext)
    if expected is None:
        raise InvalidInput(UPLOAD_TYPE_INVALID, code="upload_type", field=field)
    size = _size(file)
    if size > max_bytes:
        raise InvalidInput(
            UPLOAD_TOO_LARGE, code="upload_size", field=field, megabytes=max_bytes // (1024 * 1024)
        )
    if size == 0:
        raise InvalidInput(UPLOAD_EMPTY, code="upload_empty", field=field)
    if sniff_content_type(file) != expected:
        raise InvalidInput(
            UPLOAD_CONTENT_MISMATCH,
            code="upload_content",
            field=field,
            kind=_KIND_NAMES.get(expected, ext.upper()),
        )
    return expected
