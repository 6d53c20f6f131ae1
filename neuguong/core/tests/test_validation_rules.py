"""The shared input rules (core/validation.py): each refuses what crashed or corrupted an entry point."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.core import validation as v
from neuguong.core.validation import InvalidInput

# ---- text ---------------------------------------------------------------------------------------


def test_clean_text_strips_composes_and_bounds():
    # NFD "Nguyễn" (as some phones type it) is stored composed, so searches and lengths agree
    assert v.clean_text("  Nguye\u0302\u0303n Văn An \n", max_length=20) == "Nguyễn Văn An"
    assert v.clean_text(None, max_length=5) == ""
    with pytest.raises(InvalidInput) as exc:
        v.clean_text("x" * 6, max_length=5, field="name")
    assert exc.value.code == "too_long"
    assert str(exc.value).startswith("name: ")
    with pytest.raises(InvalidInput) as exc:
        v.clean_text("   ", max_length=5, required=True)
    assert exc.value.code == "required"


@pytest.mark.parametrize("bad", ["a\x00b", "a\x01b", "a\x1bb", "a\rb", "a\nb", "a\tb", "a\ud800b"])
def test_clean_text_refuses_control_characters_and_lone_surrogates(bad):
    with pytest.raises(InvalidInput) as exc:
        v.clean_text(bad, max_length=100)
    assert exc.value.code == "control_character"


def test_multiline_text_keeps_line_breaks_and_tabs_but_not_nul():
    assert v.clean_text("Thiếu:\r\n\t- giấy khai sinh", max_length=100, multiline=True) == (
        "Thiếu:\n\t- giấy khai sinh"
    )
    with pytest.raises(InvalidInput):
        v.clean_text("Thiếu\x00", max_length=100, multiline=True)


@pytest.mark.parametrize("bad", [1, 1.5, True, ["a"], {"a": 1}])
def test_clean_text_refuses_what_is_not_text(bad):
    with pytest.raises(InvalidInput):
        v.clean_text(bad, max_length=100)


# ---- digits and integers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0123", True),
        ("²", False),  # superscript: str.isdigit() is True
        ("١٢٣", False),  # Arabic-Indic
        ("１２３", False),  # fullwidth
        ("123\n", False),  # r"^\d+$" accepts this
        ("", False),
        ("-1", False),
        (123, False),
    ],
)
def test_ascii_digits_is_what_isdigit_is_not(value, ok):
    assert v.ascii_digits(value) is ok


def test_parse_int_ignores_what_no_column_holds():
    assert v.parse_int("42") == 42
    assert v.parse_int("²") is None
    assert v.parse_int("9" * 5000) is None  # no 5,000-digit int() either
    assert v.parse_int(str(v.INT64_MAX)) == v.INT64_MAX
    assert v.parse_int(str(v.INT64_MAX + 1)) is None
    assert v.parse_int("0") is None  # ids start at 1
    assert v.parse_int(None) is None
    assert v.parse_int(True) is None


@pytest.mark.parametrize("bad", [True, False, 1.0, 1e3, "1.0", "²", None, [1]])
def test_clean_int_refuses_booleans_floats_and_odd_digits(bad):
    with pytest.raises(InvalidInput) as exc:
        v.clean_int(bad)
    assert exc.value.code == "invalid"


@pytest.mark.parametrize("bad", [-1, 0, 2**63, 10**30, "-5"])
def test_clean_int_refuses_numbers_out_of_bounds(bad):
    with pytest.raises(InvalidInput):
        v.clean_int(bad, min_value=1)


# ---- decimals -----------------------------------------------------------------------------------

FEE = {"max_digits": 12, "decimal_places": 0, "greater_than": 0}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (150000, Decimal(150000)),
        ("150000", Decimal(150000)),
        (Decimal("150000.00"), Decimal(150000)),
    ],
)
def test_clean_decimal_accepts_what_the_field_holds(value, expected):
    assert v.clean_decimal(value, **FEE) == expected


@pytest.mark.parametrize(
    "bad",
    [
        1e30,
        Decimal("1e30"),
        "1e30",
        10**12,  # 13 digits
        float("nan"),
        float("inf"),
        "NaN",
        "-Infinity",
        Decimal("sNaN"),
        -5,
        0,
        "abc",
        "",
        True,
        None,
        1.5,
        "1.5",
        "1e999999999",
    ],
)
def test_clean_decimal_refuses_what_the_field_cannot_hold(bad):
    with pytest.raises(InvalidInput):
        v.clean_decimal(bad, **FEE)


# ---- uploads ------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
HTML = b"<!doctype html><script>alert(1)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/{part}" ContentType="application/vnd.{kind}"/></Types>'
)


def _zip(entries: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return out.getvalue()


def docx_bytes() -> bytes:
    kind = "openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part="word/document.xml", kind=kind),
            "word/document.xml": "<w:document/>",
        }
    )


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _file(name: str, content: bytes):
    return SimpleUploadedFile(name, content, "application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("to-khai.pdf", PDF, v.PDF),
        ("anh.PNG", PNG, v.PNG),
        ("anh.jpg", JPEG, v.JPEG),
        ("anh.jpeg", JPEG, v.JPEG),
        ("don.docx", docx_bytes(), v.DOCX),
        ("bang.xlsx", xlsx_bytes(), v.XLSX),
    ],
)
def test_validate_upload_accepts_genuine_files_and_rewinds_them(name, content, expected):
    f = _file(name, content)
    assert v.validate_upload(f) == expected
    assert f.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("to-khai.pdf", HTML),  # an HTML page named .pdf
        ("anh.png", SVG),  # an SVG (scripts) named .png
        ("to-khai.pdf", _zip({"a.txt": "x"})),  # a plain zip named .pdf
        ("don.docx", _zip({"a.txt": "x"})),  # a plain zip named .docx
        ("don.docx", xlsx_bytes()),  # a workbook named .docx
        ("bang.xlsx", docx_bytes()),
        ("anh.png", JPEG),  # a JPEG named .png: the stored type would lie
        ("to-khai.pdf", b"PK\x03\x04 not really a zip"),
        (
            "macro.docx",  # a macro-enabled document renamed .docx
            _zip(
                {
                    "[Content_Types].xml": CONTENT_TYPES.format(
                        part="word/document.xml",
                        kind="ms-word.document.macroEnabled.main+xml",
                    ),
                    "word/document.xml": "<w:document/>",
                }
            ),
        ),
    ],
)
def test_validate_upload_judges_by_content_not_by_name(name, content):
    with pytest.raises(InvalidInput) as exc:
        v.validate_upload(_file(name, content))
    assert exc.value.code == "upload_content"


@pytest.mark.parametrize("name", ["trang.html", "anh.svg", "khong-duoi", "to-khai.pdf.exe"])
def test_validate_upload_refuses_other_types_by_name(name):
    with pytest.raises(InvalidInput) as exc:
        v.validate_upload(_file(name, PDF))
    assert exc.value.code == "upload_type"


def test_validate_upload_bounds_the_size():
    with pytest.raises(InvalidInput) as exc:
        v.validate_upload(_file("to-khai.pdf", PDF + b"0" * 100), max_bytes=64)
    assert exc.value.code == "upload_size"
    with pytest.raises(InvalidInput) as exc:
        v.validate_upload(_file("to-khai.pdf", b""))
    assert exc.value.code == "upload_empty"
