"""Catalogue files, row by row: the rows of one code become one procedure's data, and the import's report.

The format (the same columns in CSV and in the first sheet of an .xlsx workbook; docs/onestop-documents-
and-public.md): one row per process step; the procedure columns are read from the first row of each code
and may be left blank on that code's later rows. A row without step columns declares a procedure without
steps. Line numbers in the report are the file's (the header is line 1).

Rules of an import:
- a bad row is reported with its line number and reason; the procedure it belongs to is left unchanged
  (a half template would give wrong appointments), every other procedure is imported;
- procedures are matched by national code, so importing the same file twice changes nothing;
- an optional column left out of the header leaves that field as it is (a file exported before a column
  existed imports back without wiping it); a new procedure takes the field's default;
- a procedure whose steps do not add up to its legal deadline is imported, with a warning for the admin.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField
from django.utils.translation import gettext as _

from neuguong.onestop.catalogue_cells import (
    RowInvalid,
    bool_cell,
    bounded_text_cell,
    channels_cell,
    choice_cell,
    date_cell,
    decimal_cell,
    documents_cell,
    level_cell,
    text_cell,
    time_cell,
)
from neuguong.onestop.catalogue_write import (
    STEP_COLUMNS,
    deadline_warning,
    procedure_upsert,
)
from neuguong.onestop.constants import ActorKind, OnlineLevel
from neuguong.onestop.models import Procedure
from neuguong.org.models import Agency

_CODE_RE = re.compile(r"^\d+\.\d+(\.[0-9A-Za-z.]+)?$")

# --- the report -------------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s (%(code)s): %(message)s") % {
            "line": self.line,
            "code": self.code or "-",
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What an import did. `errors` are per line; `skipped` are the codes left unchanged because of them."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_text(self) -> str:
        lines = [
            _(
                "Procedures: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(skipped)s skipped because of errors."
            )
            % {
                "created": len(self.created),
                "updated": len(self.updated),
                "unchanged": len(self.unchanged),
                "skipped": len(self.skipped),
            }
        ]
        if self.errors:
            lines.append(_("Errors:"))
            lines.extend(f"  {e}" for e in self.errors)
        if self.warnings:
            lines.append(_("Warnings:"))
            lines.extend(f"  {w}" for w in self.warnings)
        return "\n".join(lines)


# --- rows → procedures ------------------------------------------------------------------------------


def _max_length(name: str) -> int:
    field = Procedure._meta.get_field(name)
    assert isinstance(field, CharField)
    assert field.max_length is not None
    return field.max_length


# The optional procedure columns: how each cell is read. A column missing from the header is not read
# at all, so the field keeps its value (`procedure_upsert` leaves out what `data` lacks).
_READERS: dict[str, Callable[[Any], Any]] = {
    "field": lambda v: bounded_text_cell(v, "field", _max_length("field")),
    "applicants": lambda v: bounded_text_cell(v, "applicants", _max_length("applicants")),
    "legal_basis": text_cell,
    "legal_basis_effective_on": lambda v: date_cell(v, "legal_basis_effective_on"),
    "fee": lambda v: decimal_cell(v or 0, "fee").quantize(Decimal(1)),
    "fee_note": lambda v: bounded_text_cell(v, "fee_note", _max_length("fee_note")),
    "online_payment": lambda v: bool_cell(v, "online_payment", blank=False),
    "required_documents": documents_cell,
    "online_level": lambda v: choice_cell(
        text_cell(v) or OnlineLevel.NONE, "online_level", OnlineLevel
    ),
    "channels": channels_cell,
    "cutoff_time": time_cell,
    "published_on": lambda v: date_cell(v, "published_on"),
    "is_active": lambda v: bool_cell(v, "is_active"),
}


def _parse_procedure(row: dict) -> dict:
    name = bounded_text_cell(row.get("name"), "name", _max_length("name"))
    if not name:
        raise RowInvalid(_("name is required on the first row of a procedure"))
    data = {
        "code": text_cell(row.get("code")),
        "name": name,
        "level": level_cell(row.get("level"), "level"),
        "deadline_hours": decimal_cell(row.get("deadline_hours"), "deadline_hours"),
        "steps": [],
    }
    for column, read in _READERS.items():
        if column in row:
            data[column] = read(row[column])
    return data


def _parse_step(row: dict, agencies: dict[str, Agency]) -> dict | None:
    if not any(text_cell(row.get(c)) for c in STEP_COLUMNS):
        return None
    raw_order = text_cell(row.get("step_order"))
    if not re.fullmatch(r"[0-9]{1,4}", raw_order) or int(raw_order) < 1:
        raise RowInvalid(
            _("step_order: “%(value)s” is not a positive whole number") % {"value": raw_order}
        )
    name = text_cell(row.get("step_name"))
    if not name:
        raise RowInvalid(_("step_name is required"))
    agency_code = text_cell(row.get("step_agency"))
    if agency_code and agency_code not in agencies:
        raise RowInvalid(
            _("step_agency: no agency has the identifier code “%(value)s”") % {"value": agency_code}
        )
    return {
        "order": int(raw_order),
        "name": name,
        "actor_kind": choice_cell(row.get("step_actor"), "step_actor", ActorKind),
        "agency": agency_code or None,
        "agency_level": level_cell(row.get("step_level"), "step_level", blank_ok=True),
        "hours": decimal_cell(row.get("step_hours"), "step_hours"),
    }


@dataclass
class _Group:
    code: str
    first_line: int
    data: dict | None = None
    lines: list[int] = field(default_factory=list)
    bad: bool = False


def parse_rows(rows: Iterable[tuple[int, dict]], report: ImportReport) -> list[_Group]:
    """Group the rows by code and parse them; bad rows go to `report.errors` and spoil their group."""
    rows = list(rows)
    agency_codes = {text_cell(r.get("step_agency")) for _, r in rows} - {""}
    agencies = {
        a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=agency_codes)
    }
    groups: dict[str, _Group] = {}
    for line, row in rows:
        if not any(text_cell(v) for v in row.values()):
            continue  # blank lines are allowed
        code = text_cell(row.get("code"))
        if not _CODE_RE.match(code):
            report.errors.append(
                RowError(
                    line,
                    code,
                    _("code: “%(value)s” is not a national procedure code like 1.001193")
                    % {"value": code},
                )
            )
            continue
        group = groups.get(code)
        try:
            if group is None:
                group = groups[code] = _Group(code, line)
                group.data = _parse_procedure(row)
            group.lines.append(line)
            step = _parse_step(row, agencies)
            # No data: the procedure's first row was bad; its other rows are still checked.
            if step is not None and group.data is not None:
                steps = group.data["steps"]
                if any(s["order"] == step["order"] for s in steps):
                    raise RowInvalid(
                        _("step_order %(order)s appears twice") % {"order": step["order"]}
                    )
                step["line"] = line
                steps.append(step)
        except RowInvalid as exc:
            report.errors.append(RowError(line, code, str(exc)))
            if group is not None:
                group.bad = True
    return list(groups.values())


def import_groups(groups: list[_Group], report: ImportReport, *, actor=None) -> list[Procedure]:
    codes = {s["agency"] for g in groups if g.data for s in g.data["steps"]} - {None}
    agencies = {a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=codes)}
    procedures = []
    for group in groups:
        data = group.data
        if group.bad or data is None:  # a group without data is bad
            report.skipped.append(group.code)
            continue
        procedure, status = procedure_upsert(data, agencies=agencies, actor=actor)
        getattr(report, status).append(group.code)
        procedures.append(procedure)
        total = sum((Decimal(s["hours"]) for s in data["steps"]), Decimal(0))
        warning = deadline_warning(group.code, total, data["deadline_hours"])
        if warning:
            report.warnings.append(
                _("line %(line)s: %(warning)s") % {"line": group.first_line, "warning": warning}
            )
    return procedures
