"""The staff dashboard: the province's Decision 766 score, and every agency and commune in a fair league table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.league import LeagueRow, league_table
from neuguong.dashboards.indicators.scoring import min_sample
from neuguong.dashboards.selectors import Period, UnitScore, province_dashboard
from neuguong.org.access import require_staff

BAD_PERIOD = _("Choose a month (YYYY-MM) or a year (YYYY) between 2022 and next year.")
BAD_SORT = _("Sort by score, on-time rate or name.")
ON_TIME_HEAD = _("On time (n, 95% interval)")
SORTS = ("score", "on_time", "name")
_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")


def parse_period(value: str | None, today: dt.date) -> Period | None:
    """'2026-03' → March 2026, '2026' → the year 2026; empty → the current month; None if malformed."""
    if not value:
        return Period.month(today.year, today.month)
    match = _PERIOD.fullmatch(value)
    if not match:
        return None
    year = int(match.group(1))
    if not 2022 <= year <= today.year + 1:
        return None
    if match.group(2) is None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return Period.month(year, month)


@dataclass(frozen=True)
class Row:
    score: UnitScore
    league: LeagueRow


def _rows(scores: list[UnitScore], at: dt.date, sort: str) -> list[Row]:
    """The league table rows: ranked on the 766 total, shown with the on-time rate, its n and interval."""
    by_index = dict(enumerate(scores))
    table = league_table(
        [
            (i, s.counts.ended - min(s.counts.late, s.counts.ended), s.counts.ended, s.card.points)
            for i, s in by_index.items()
        ],
        at,
    )
    rows = [Row(by_index[cast(int, r.unit)], r) for r in table]
    if sort == "on_time":
        rows.sort(key=lambda r: (r.league.rank is None, -(r.league.ratio or 0)))
    elif sort == "name":
        rows.sort(key=lambda r: str(r.score.unit))
    return rows


def active(scores: list[UnitScore]) -> list[UnitScore]:
    """Units with a dossier in the period (received or ended): the others would fill the table with 0s."""
    return [s for s in scores if s.counts.ended or s.counts.received]


@login_required
def province(request):
    """/dashboards/?period=2026-03&sort=score: read-only, for staff."""
    require_staff(request.user)
    today = timezone.localdate()
    errors = []
    period = parse_period(request.GET.get("period"), today)
    if period is None:
        errors.append(BAD_PERIOD)
        period = Period.month(today.year, today.month)
    sort = request.GET.get("sort") or "score"
    if sort not in SORTS:
        errors.append(BAD_SORT)
        sort = "score"
    board = province_dashboard(period, request.user)
    context = {
        "board": board,
        "period": period,
        "period_value": request.GET.get("period", "") if not errors else "",
        "sort": sort,
        "errors": errors,
        "group_labels": [keys.GROUP_LABELS[g] for g in keys.GROUPS],
        "min_sample": min_sample(period.end),
        "agencies": _rows(active(board.agencies), period.end, sort),
        "communes": _rows(active(board.communes), period.end, sort),
        "idle_agencies": len(board.agencies) - len(active(board.agencies)),
        "idle_communes": len(board.communes) - len(active(board.communes)),
        "on_time_head": ON_TIME_HEAD,
        "items": [
            (keys.ITEMS_BY_KEY[i.key], i) for g in board.province.card.groups for i in g.items
        ],
    }
    return render(request, "dashboards/province.html", context, status=400 if errors else 200)
