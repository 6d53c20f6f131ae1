"""The drill-down pages: the records behind any figure of the staff dashboard (issue 10 §3).

`/dashboards/records/?item=3.3&period=2026-03&agency=12` (or `&unit=34`, or neither for the province): the
item's n and numerator, then its records 50 a page, each flagged in or out of the numerator. Codes,
procedures, agencies, channels and dates only: no applicant data. Staff only, any agency or commune of the
user's provinces (as the dashboard lists them). A constant number of queries (test_drilldown_items).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.pagination import paginate
from neuguong.core.validation import parse_int
from neuguong.dashboards import drilldown
from neuguong.dashboards.indicators import formulas as f
from neuguong.dashboards.selectors import Period
from neuguong.dashboards.views import BAD_PERIOD, BAD_UNIT, _in_provinces, parse_period
from neuguong.org.access import require_staff
from neuguong.org.models import AdministrativeUnit, Agency

BAD_ITEM = _("Choose one of the measured items: %(items)s.")
TEMPLATES = {
    drilldown.DOSSIER: "dashboards/drilldown_dossiers.html",
    drilldown.PROCEDURE: "dashboards/drilldown_procedures.html",
    drilldown.FEEDBACK: "dashboards/drilldown_feedback.html",
}


def _subject(request, errors: list):
    """The agency or commune asked for (None: the province); a malformed choice is an error, an unknown
    one or one of another province a 404 (as an unknown record)."""
    raw_agency, raw_unit = request.GET.get("agency"), request.GET.get("unit")
    agency_id, unit_id = parse_int(raw_agency), parse_int(raw_unit)
    if (
        (raw_agency and agency_id is None)
        or (raw_unit and unit_id is None)
        or (raw_agency and raw_unit)
    ):
        errors.append(BAD_UNIT)
        return None, None
    if agency_id is not None:
        return _in_provinces(Agency, agency_id, request.user), None
    if unit_id is not None:
        return None, _in_provinces(AdministrativeUnit, unit_id, request.user)
    return None, None


@login_required
def records(request):
    """/dashboards/records/?item=…&period=…[&agency=…|&unit=…]. Bad input: 400 with the message, no list."""
    require_staff(request.user)
    today = timezone.localdate()
    errors: list = []
    period = parse_period(request.GET.get("period"), today)
    if period is None:
        errors.append(BAD_PERIOD)
        period = Period.month(today.year, today.month)
    spec = drilldown.SPECS.get(request.GET.get("item") or "")
    if spec is None:
        errors.append(BAD_ITEM % {"items": ", ".join(drilldown.SPECS)})
    agency, unit = _subject(request, errors)
    context = {
        "period": period,
        "period_value": request.GET.get("period", "") if not errors else "",
        "errors": errors,
        "subject": agency or unit,
        "spec": spec,
        "items": list(drilldown.SPECS.values()),
    }
    if errors or spec is None:
        return render(request, "dashboards/drilldown.html", context, status=400)
    rows = drilldown.figure_records(spec.code, period, request.user, agency=agency, unit=unit)
    summary = drilldown.summarise(spec.code, rows)
    context.update(
        summary=summary,
        page=paginate(request, rows, per_page=50, count=summary.n),
        result=_result(spec.code, summary, period),
    )
    return render(request, TEMPLATES[spec.kind], context)


def _result(code: str, summary: drilldown.Summary, period: Period):
    """The item's rate and points from the list's own counts, as the dashboard computes them."""
    at = period.end
    if code == "2.2":
        return f.average_processing_days(summary.days or Decimal(0), summary.n, at)
    if code == "5.4":
        return f.procedure_satisfaction(summary.n, summary.late, summary.complained, at)
    from neuguong.dashboards.indicators.scoring import score_item

    return score_item(drilldown.SPECS[code].key, summary.counted, summary.n, at)


@login_required
def unit_items(request):
    """/dashboards/unit/?period=…&agency=12 (or &unit=34, or neither for the province): one unit's total,
    its five groups and every item, each count linked to its records. The dashboard's own figures (the
    same constant-query `province_dashboard`); the league tables' totals and group points link here."""
    from django.http import Http404

    from neuguong.dashboards.indicators import keys
    from neuguong.dashboards.selectors import province_dashboard

    require_staff(request.user)
    today = timezone.localdate()
    errors: list = []
    period = parse_period(request.GET.get("period"), today)
    if period is None:
        errors.append(BAD_PERIOD)
        period = Period.month(today.year, today.month)
    agency, unit = _subject(request, errors)
    context = {
        "period": period,
        "period_value": request.GET.get("period", "") if not errors else "",
        "errors": errors,
        "subject": agency or unit,
    }
    if errors:
        return render(request, "dashboards/drilldown_unit.html", context, status=400)
    board = province_dashboard(period, request.user)
    if agency is not None or unit is not None:
        scores = board.agencies if agency is not None else board.communes
        subject = agency or unit
        score = next((s for s in scores if s.unit.pk == subject.pk), None)
        if score is None:
            raise Http404
        drill = f"{'agency' if agency is not None else 'unit'}={subject.pk}"
    else:
        score, drill = board.province, ""
    context.update(
        score=score,
        drill=drill,
        items=[(keys.ITEMS_BY_KEY[i.key], i) for g in score.card.groups for i in g.items],
    )
    return render(request, "dashboards/drilldown_unit.html", context)
