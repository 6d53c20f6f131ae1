"""The satisfaction-mix chart (issue 10 §4): server-side SVG at its own URL, like the other charts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.utils import timezone

from neuguong.dashboards import charts
from neuguong.dashboards.views import BAD_PERIOD, _svg, parse_period
from neuguong.org.access import require_staff


@login_required
def chart_satisfaction(request):
    """/dashboards/charts/satisfaction.svg?period=2026-03: the ratings of the dossiers ended and of the
    feedback items answered in the period, as two stacked bars (two grouped queries)."""
    require_staff(request.user)
    period = parse_period(request.GET.get("period"), timezone.localdate())
    if period is None:
        return HttpResponseBadRequest(str(BAD_PERIOD), content_type="text/plain; charset=utf-8")
    rows = charts.satisfaction_mix(period, request.user)
    context = {
        "rows": rows,
        "legend": charts.legend(rows[0]),
        "period": period,
        "width": charts.WIDTH,
        "height": charts.MIX_HEIGHT,
        "left": charts.MIX_LEFT,
        "span": charts.MIX_SPAN,
    }
    return _svg(request, "dashboards/charts/satisfaction.svg", context)
