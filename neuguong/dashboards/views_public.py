"""Public transparency pages (issue 10 §5), mounted at /cong-khai/: no login, no personal data.

The province's Decision 766 score with its five sub-scores, a card for each agency and commune (score,
on-time rate with its n and 95% Wilson interval), the league tables (units under the minimum sample listed,
not ranked), the open-data CSVs and their data dictionary. Heads of agencies are not shown here (the staff
dashboard ranks them), and nothing that names a citizen is read at all.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from neuguong.dashboards import opendata
from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.scoring import min_sample
from neuguong.dashboards.selectors import Period, province_dashboard
from neuguong.dashboards.views import BAD_PERIOD, ON_TIME_HEAD, _rows, active, parse_period


def _period(request) -> tuple[Period, list, str]:
    today = timezone.localdate()
    raw = request.GET.get("period", "")
    period = parse_period(raw, today)
    if period is None:
        return Period.month(today.year, today.month), [BAD_PERIOD], ""
    return period, [], raw


@require_GET
def index(request):
    """/cong-khai/?period=2026-03: the province's score, the cards and league tables of every unit."""
    period, errors, period_value = _period(request)
    board = province_dashboard(period, None)
    context = {
        "board": board,
        "period": period,
        "period_value": period_value,
        "errors": errors,
        "sort": "score",
        "group_labels": [keys.GROUP_LABELS[g] for g in keys.GROUPS],
        "min_sample": min_sample(period.end),
        "agencies": _rows(active(board.agencies), period.end, "score"),
        "communes": _rows(active(board.communes), period.end, "score"),
        "idle_agencies": len(board.agencies) - len(active(board.agencies)),
        "idle_communes": len(board.communes) - len(active(board.communes)),
        "on_time_head": ON_TIME_HEAD,
    }
    response = render(
        request, "dashboards/public/index.html", context, status=400 if errors else 200
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def unit_card(request, kind: str, pk: int):
    """/cong-khai/co-quan/12/ or /cong-khai/xa/34/: one agency's (or commune's) card, item by item, with its
    place in the league table. The same constant-query dashboard as the index; 404 for an unknown unit."""
    from django.http import Http404

    period, errors, period_value = _period(request)
    board = province_dashboard(period, None, only="agencies" if kind == "agency" else "communes")
    scores = board.agencies if kind == "agency" else board.communes
    rows = {r.score.unit.pk: r for r in _rows(active(scores), period.end, "score")}
    score = next((s for s in scores if s.unit.pk == pk), None)
    if score is None:
        raise Http404
    context = {
        "score": score,
        "row": rows.get(pk),
        "period": period,
        "period_value": period_value,
        "errors": errors,
        "min_sample": min_sample(period.end),
        "on_time_head": ON_TIME_HEAD,
        "items": [(keys.ITEMS_BY_KEY[i.key], i) for g in score.card.groups for i in g.items],
    }
    response = render(
        request, "dashboards/public/card.html", context, status=400 if errors else 200
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def data_dictionary(request):
    """/cong-khai/du-lieu-mo/: what each open-data column means (?format=csv for the same as CSV)."""
    if request.GET.get("format") == "csv":
        return _csv(
            "tu-dien-du-lieu.csv",
            opendata.csv_lines(
                ["dataset", "column", "type", "description"], opendata.dictionary_rows()
            ),
        )
    return render(request, "dashboards/public/dictionary.html", {"datasets": opendata.DATASETS})


def _csv(filename: str, lines) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bounds(request) -> tuple[dt.datetime | None, dt.datetime | None, list]:
    if not request.GET.get("period"):
        return None, None, []
    period = parse_period(request.GET["period"], timezone.localdate())
    if period is None:
        return None, None, [BAD_PERIOD]
    start, end = period.bounds()
    return start, end, []


def _bad(errors: list) -> HttpResponse:
    return HttpResponse(
        "\n".join(str(e) for e in errors), status=400, content_type="text/plain; charset=utf-8"
    )


@require_GET
def dossiers_csv(request):
    """/cong-khai/du-lieu-mo/ho-so.csv?period=2026: dossier facts (received in the period, or all)."""
    start, end, errors = _bounds(request)
    if errors:
        return _bad(errors)
    header = [c.name for c in opendata.DOSSIER_COLUMNS]
    return _csv("ho-so.csv", opendata.csv_lines(header, opendata.dossier_rows(start, end)))


@require_GET
def feedback_csv(request):
    """/cong-khai/du-lieu-mo/phan-anh.csv?period=2026: feedback facts (submitted in the period, or all)."""
    start, end, errors = _bounds(request)
    if errors:
        return _bad(errors)
    header = [c.name for c in opendata.FEEDBACK_COLUMNS]
    return _csv("phan-anh.csv", opendata.csv_lines(header, opendata.feedback_rows(start, end)))
