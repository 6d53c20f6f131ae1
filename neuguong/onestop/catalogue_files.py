"""Catalogue files: reading and writing the procedure catalogue as Excel or CSV.

The format and the import rules are described in neuguong/onestop/catalogue_rows.py; this module turns
a file into rows for `parse_rows` / `import_groups`, and procedures back into rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from neuguong.core.spreadsheets import append_as_text
from neuguong.onestop.catalogue_cells import text_cell
from neuguong.onestop.catalogue_rows import ImportReport, RowError, import_groups, parse_rows
from neuguong.onestop.catalogue_write import (
    COLUMNS,
    DATE_FIELDS,
    PROCEDURE_COLUMNS,
    REQUIRED_COLUMNS,
    STEP_COLUMNS,
    hours_text,
)
from neuguong.onestop.models import Procedure

# --- files ------------------------------------------------------------------------------------------


def _format_of(name: str, fmt: str | None) -> str:
    fmt = (fmt or Path(name or "").suffix.lstrip(".")).lower()
    if fmt not in ("csv", "xlsx"):
        raise ValueError(
            _("Unknown catalogue file format “%(fmt)s”: use .csv or .xlsx") % {"fmt": fmt}
        )
    return fmt


def _rows_csv(stream) -> Iterator[tuple[int, dict]]:
    data = stream.read()
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    _check_header(reader.fieldnames or [])
    for row in reader:
        yield reader.line_num, row


def _rows_xlsx(stream) -> Iterator[tuple[int, dict]]:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    sheet = workbook["catalogue"] if "catalogue" in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [text_cell(h) for h in next(rows, [])]
    _check_header(header)
    for line, values in enumerate(rows, start=2):
        yield line, dict(zip(header, values, strict=False))
    workbook.close()


class CatalogueFileInvalid(ValueError):
    pass


def _check_header(header: Sequence[str]) -> None:
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        raise CatalogueFileInvalid(
            _("line 1: the header lacks the columns %(columns)s")
            % {"columns": ", ".join(sorted(missing))}
        )


def catalogue_import(source, *, fmt: str | None = None, actor=None) -> ImportReport:
    """Import a catalogue file (a path, or a binary file object with a .name) and return the report.

    A file whose header lacks required columns imports nothing and reports it as an error on line 1.
    """
    report = ImportReport()
    if isinstance(source, str | Path):
        with open(source, "rb") as stream:
            return catalogue_import(stream, fmt=fmt or Path(source).suffix.lstrip("."), actor=actor)
    try:
        kind = _format_of(getattr(source, "name", ""), fmt)
        rows = list(_rows_csv(source) if kind == "csv" else _rows_xlsx(source))
    except (CatalogueFileInvalid, ValueError) as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return report
    except Exception as exc:  # a corrupt workbook: openpyxl raises zipfile and XML errors
        report.errors.append(
            RowError(1, "", _("the file cannot be read: %(error)s") % {"error": exc})
        )
        return report
    import_groups(parse_rows(rows, report), report, actor=actor)
    return report


def _documents_text(documents: list[dict]) -> str:
    return "; ".join(
        f"{d['name']} | {d.get('copies', 1)} | {'original' if d.get('original', True) else 'copy'}"
        + ("" if d.get("required", True) else " | optional")
        for d in documents
    )


def _procedure_cell(p: Procedure, column: str):
    """One procedure column as the import reads it back (dates ISO, yes/no, hours without zeros)."""
    value = getattr(p, column)
    if column == "fee":
        return int(value)
    if column == "required_documents":
        return _documents_text(value)
    if column == "channels":
        return ",".join(str(c) for c in value)
    if column == "cutoff_time":
        return value.strftime("%H:%M") if value else ""
    if column in DATE_FIELDS:
        return value.isoformat() if value else ""
    if column == "deadline_hours":
        return hours_text(value)
    if column in ("is_active", "online_payment"):
        return "yes" if value else "no"
    return value


def export_rows(procedures: Iterable[Procedure] | None = None) -> Iterator[list]:
    """The catalogue as rows of COLUMNS (header excluded), one per step, procedure columns on each row."""
    if procedures is None:
        procedures = Procedure.objects.order_by("code")
    procedures = (
        Procedure.objects.filter(pk__in=[p.pk for p in procedures])
        .order_by("code")
        .prefetch_related("steps__agency")
    )
    for p in procedures:
        head = [_procedure_cell(p, column) for column in PROCEDURE_COLUMNS]
        steps = list(p.steps.all())
        if not steps:
            yield head + [""] * len(STEP_COLUMNS)
        for s in steps:
            yield [
                *head,
                s.order,
                s.name,
                s.actor_kind,
                s.agency.identifier_code if s.agency else "",
                s.agency_level,
                hours_text(s.hours),
            ]


def catalogue_export(target, *, fmt: str | None = None, procedures=None) -> int:
    """Write the catalogue to a path or a binary file object; return the number of procedures."""
    if isinstance(target, str | Path):
        with open(target, "wb") as stream:
            return catalogue_export(
                stream, fmt=fmt or Path(target).suffix.lstrip("."), procedures=procedures
            )
    kind = _format_of(getattr(target, "name", ""), fmt)
    rows = list(export_rows(procedures))
    if kind == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        # utf-8-sig: Excel opens a CSV with a byte-order mark as UTF-8 (otherwise diacritics break).
        target.write(text.getvalue().encode("utf-8-sig"))
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "catalogue"
        sheet.append(COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_as_text(sheet, row)
        sheet.freeze_panes = "B2"
        widths = {
            "name": 60,
            "applicants": 40,
            "legal_basis": 40,
            "required_documents": 60,
            "step_name": 50,
        }
        for index, column in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = widths.get(
                column, 14
            )
        workbook.save(target)
    return len({r[0] for r in rows})
