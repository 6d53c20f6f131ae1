"""The staff dashboard as an Excel workbook (issue 10 §6): the province's items, then one sheet per league table."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from neuguong.core.spreadsheets import append_as_text
from neuguong.dashboards.indicators import keys


def _number(value: Decimal | None) -> float | str:
    return "" if value is None else float(value)


def _league_sheet(book, title: str, rows: list[Any], *, heads: bool = False) -> None:
    """One league table; `heads`: the heads' table (a head term a row, with its days in office)."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(title[:31])
    head = [
        _("Head · agency · in office") if heads else _("Agency or commune"),
        *([_("Days in office")] if heads else []),
        _("Rank"),
        _("Total"),
        *(str(keys.GROUP_LABELS[g]) for g in keys.GROUPS),
        _("Dossiers ended (n)"),
        _("On time"),
        _("95% interval, low"),
        _("95% interval, high"),
    ]
    append_as_text(sheet, head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        league, card = row.league, row.score.card
        low, high = league.interval or (None, None)
        append_as_text(
            sheet,
            [
                row.label or str(row.score.unit),
                *([row.head.days] if heads else []),
                league.rank if league.rank is not None else _("not ranked (small sample)"),
                _number(card.points),
                *(_number(g.points) for g in card.groups),
                league.n,
                _number(league.ratio),
                _number(low),
                _number(high),
            ],
        )
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 48


def dashboard_workbook(board, *, agencies, communes, heads, period_label: str) -> bytes:
    """Bytes of an .xlsx: the province's 22 items (count, rate, points) and the three league tables."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Province")[:31]
    append_as_text(sheet, [_("Service quality indicators (Decision 766)"), period_label])
    sheet["A1"].font = Font(bold=True)
    append_as_text(sheet, [_("Total"), _number(board.province.card.points), 100])
    append_as_text(
        sheet, [_("Indicator"), _("Item"), _("Count"), _("Of"), _("Rate"), _("Points"), _("Max")]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for group in board.province.card.groups:
        for result in group.items:
            item = keys.ITEMS_BY_KEY[result.key]
            append_as_text(
                sheet,
                [
                    str(item.label),
                    item.code,
                    _number(Decimal(result.numerator)) if result.measured else _("not measured"),
                    result.denominator if result.measured else "",
                    _number(result.ratio),
                    _number(result.points),
                    _number(result.max_points),
                ],
            )
    sheet.column_dimensions["A"].width = 60
    _league_sheet(book, _("Agencies"), agencies)
    _league_sheet(book, _("Communes and the province"), communes)
    _league_sheet(book, _("Heads of agencies"), heads, heads=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
