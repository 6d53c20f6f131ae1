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

from neuguong.dashboards.heads import HeadScore, head_scores
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
    label: str = ""  # what the row is called, when not its unit (a head: see HeadScore.label)
    head: HeadScore | None = None  # the heads' table: the term and its days in office

    @property
    def drill(self) -> str:
        """The query string of the drill-down to this unit's dossiers."""
        from neuguong.org.models import Agency

        kind = "agency" if isinstance(self.score.unit, Agency) else "unit"
        return f"{kind}={self.score.unit.pk}"


def _rows(
    scores: list[UnitScore], at: dt.date, sort: str, heads: list[HeadScore] | None = None
) -> list[Row]:
    """The league table rows: ranked on the 766 total, shown with the on-time rate, its n and interval.
    `heads`: the head term behind each score (the heads' table), which names the row."""
    by_index = dict(enumerate(scores))
    table = league_table(
        [
            (i, s.counts.ended - min(s.counts.late, s.counts.ended), s.counts.ended, s.card.points)
            for i, s in by_index.items()
        ],
        at,
    )
    rows = []
    for r in table:
        i = cast(int, r.unit)
        head = heads[i] if heads is not None else None
        rows.append(Row(by_index[i], r, head.label if head else "", head))
    if sort == "on_time":
        rows.sort(key=lambda r: (r.league.rank is None, -(r.league.ratio or 0)))
    elif sort == "name":
        rows.sort(key=lambda r: r.label or str(r.score.unit))
    return rows


def head_rows(heads: list[HeadScore], at: dt.date, sort: str) -> list[Row]:
    """The heads' table: each head term scored on its own days in office in the period
    (`heads.head_scores`), ranked with the same fair rules as the agencies (minimum sample, Wilson)."""
    return _rows([UnitScore(h.agency, h.counts, h.card) for h in heads], at, sort, heads)


def active_heads(heads: list[HeadScore]) -> list[HeadScore]:
    """Heads with a dossier received or ended on their days in office (as `active` for units)."""
    return [h for h in heads if h.counts.ended or h.counts.received]


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
    heads = head_scores(period, request.user)
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
        "heads": head_rows(active_heads(heads), period.end, sort),
        "idle_heads": len(heads) - len(active_heads(heads)),
        "idle_agencies": len(board.agencies) - len(active(board.agencies)),
        "idle_communes": len(board.communes) - len(active(board.communes)),
        "on_time_head": ON_TIME_HEAD,
        "items": [
            (keys.ITEMS_BY_KEY[i.key], i) for g in board.province.card.groups for i in g.items
        ],
    }
    if request.GET.get("format") == "xlsx" and not errors:
        from django.http import HttpResponse

        from neuguong.dashboards.exports import dashboard_workbook

        label = f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"
        body = dashboard_workbook(
            board,
            agencies=context["agencies"],
            communes=context["communes"],
            heads=context["heads"],
            period_label=label,
        )
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="chi-so-766-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"'
        )
        return response
    return render(request, "dashboards/province.html", context, status=400 if errors else 200)


BAD_UNIT = _("Choose one agency or one commune.")


def _in_provinces(model, pk: int, user):
    """An agency or unit of the user's provinces (the dashboard lists them all: the drill-down shows codes
    and dates, no personal data), else 404."""
    from django.shortcuts import get_object_or_404

    from neuguong.org.access import scope_for

    provinces = scope_for(user).province_codes()
    qs = model.objects.all()
    if provinces is not None:
        qs = qs.filter(province_code__in=provinces)
    return get_object_or_404(qs, pk=pk)


@login_required
def on_time_records(request):
    """/dashboards/on-time/?period=2026-03&agency=12 (or &unit=34, or neither for the province): the ended
    dossiers behind an on-time rate, late ones marked with the agency at fault. Codes, procedures and dates
    only: no applicant data, so nothing personal is read."""
    from neuguong.core.pagination import paginate
    from neuguong.core.validation import parse_int
    from neuguong.dashboards.selectors import progress_records
    from neuguong.org.models import AdministrativeUnit, Agency

    require_staff(request.user)
    today = timezone.localdate()
    errors = []
    period = parse_period(request.GET.get("period"), today)
    if period is None:
        errors.append(BAD_PERIOD)
        period = Period.month(today.year, today.month)
    raw_agency, raw_unit = request.GET.get("agency"), request.GET.get("unit")
    agency_id, unit_id = parse_int(raw_agency), parse_int(raw_unit)
    agency = unit = None
    if (
        (raw_agency and agency_id is None)
        or (raw_unit and unit_id is None)
        or (raw_agency and raw_unit)
    ):
        errors.append(BAD_UNIT)
    elif agency_id is not None:
        agency = _in_provinces(Agency, agency_id, request.user)
    elif unit_id is not None:
        unit = _in_provinces(AdministrativeUnit, unit_id, request.user)
    records = progress_records(period, request.user, agency=agency, unit=unit).select_related(
        "procedure", "handling_agency"
    )
    late = records.filter(late_here=True).count()
    page = paginate(request, records, per_page=50)
    faults = {
        a.pk: a for a in Agency.objects.filter(pk__in={d.fault_agency_id for d in page.object_list})
    }
    context = {
        "period": period,
        "period_value": request.GET.get("period", "") if not errors else "",
        "errors": errors,
        "subject": agency or unit,
        "page": page,
        "rows": [(d, faults.get(d.fault_agency_id)) for d in page.object_list],
        "late": late,
        "on_time": page.paginator.count - late,
    }
    return render(
        request, "dashboards/on_time_records.html", context, status=400 if errors else 200
    )


def _svg(request, template: str, context: dict):
    response = render(request, template, context, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def chart_late_by_agency(request):
    """/dashboards/charts/late-by-agency.svg?period=2026-03: late dossiers by the agency at fault."""
    from neuguong.dashboards.charts import late_bars

    require_staff(request.user)
    period = parse_period(request.GET.get("period"), timezone.localdate())
    if period is None:
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(str(BAD_PERIOD), content_type="text/plain; charset=utf-8")
    board = province_dashboard(period, request.user)
    bars, height = late_bars(board.agencies)
    return _svg(
        request,
        "dashboards/charts/late_by_agency.svg",
        {"bars": bars, "height": height, "period": period, "width": 640},
    )


@login_required
def chart_trend(request):
    """/dashboards/charts/trend.svg?period=2026: the monthly on-time rate (line) and volume (bars)."""
    from neuguong.dashboards.charts import monthly_trend

    require_staff(request.user)
    today = timezone.localdate()
    period = parse_period(request.GET.get("period") or str(today.year), today)
    if period is None:
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(str(BAD_PERIOD), content_type="text/plain; charset=utf-8")
    months = monthly_trend(period, request.user)
    points = " ".join(f"{m.x + 10},{m.rate_y}" for m in months if m.rate_y is not None)
    return _svg(
        request,
        "dashboards/charts/trend.svg",
        {"months": months, "points": points, "period": period, "width": 640, "height": 300},
    )
