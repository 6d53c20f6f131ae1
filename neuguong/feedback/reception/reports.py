"""The reception report of Regulation 11-QĐi/TW's periods as an Excel workbook (no personal data)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.core.spreadsheets import append_as_text
from neuguong.feedback.reception.compliance import PERIODS, HeadRow

COLUMNS = (
    gettext_lazy("Head"),
    gettext_lazy("Position"),
    gettext_lazy("Unit"),
    gettext_lazy("Days required"),
    gettext_lazy("Days held"),
    gettext_lazy("Shortfall"),
    gettext_lazy("Citizens received"),
    gettext_lazy("In a minority language"),
    gettext_lazy("Matters raised"),
    gettext_lazy("Acknowledged late"),
    gettext_lazy("Acknowledgement overdue"),
    gettext_lazy("Rulebook key"),
)


def period_choices() -> list[tuple[str, str]]:
    months = [(f"m{m}", _("Month %(month)s") % {"month": m}) for m in range(1, 13)]
    return months + [(code, str(label)) for code, (label, _first, _last) in PERIODS.items()]


def totals(rows: list[HeadRow]) -> dict[str, int]:
    keys = ("required", "held", "shortfall", "citizens", "minority", "matters")
    return {k: sum(getattr(r, k) for r in rows) for k in keys} | {
        "below": sum(1 for r in rows if r.below_minimum)
    }


def row_values(r: HeadRow) -> list:
    return [
        r.person.full_name,
        f"{r.term.get_title_display()} · {r.term.agency or r.term.party_org}",
        r.unit.name,
        r.required,
        r.held,
        r.shortfall,
        r.citizens,
        r.minority,
        r.matters,
        r.acknowledged_late,
        r.acknowledgement_overdue,
        r.rule_key,
    ]


def reception_workbook(rows: list[HeadRow], *, year: int, period_label: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Reception days")[:31]
    append_as_text(
        sheet,
        [
            _("Citizen reception by heads, %(period)s %(year)s")
            % {"period": period_label, "year": year}
        ],
    )
    sheet["A1"].font = Font(bold=True)
    append_as_text(sheet, [str(c) for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        append_as_text(sheet, row_values(r))
    t = totals(rows)
    append_as_text(
        sheet,
        [
            _("Total"),
            "",
            "",
            t["required"],
            t["held"],
            t["shortfall"],
            t["citizens"],
            t["minority"],
            t["matters"],
        ],
    )
    sheet.freeze_panes = "A3"
    for col, width in zip(
        "ABCDEFGHIJKL", (28, 40, 28, 10, 10, 10, 12, 12, 12, 12, 12, 36), strict=True
    ):
        sheet.column_dimensions[col].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
