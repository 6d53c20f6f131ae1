"""`neuguong bench` rows for the dashboards (issue 10 §7): the one-year province dashboard against one raw SQL
aggregate of on-time counts per agency on the same database."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from neuguong.core.bench import Result, benchmark, best_ms, p95_ms

RAW_ON_TIME_BY_AGENCY = """
SELECT handling_agency_id,
       COUNT(*) AS ended,
       SUM(CASE WHEN late_by_rule OR processing_ended_at > COALESCE(original_appointment_at, appointment_at)
                THEN 1 ELSE 0 END) AS late
FROM onestop_dossier
WHERE processing_ended_at >= %s AND processing_ended_at < %s AND received_at IS NOT NULL
GROUP BY handling_agency_id
"""


def _year():
    """The last twelve whole months (the dashboards count whole months: the per-procedure facts are
    monthly), e.g. 1/12/2025–30/11/2026 on 1/12/2026."""
    from neuguong.dashboards.selectors import Period

    first_of_month = timezone.localdate().replace(day=1)
    start = first_of_month.replace(year=first_of_month.year - 1)
    return Period(start, first_of_month - dt.timedelta(days=1))


@benchmark("dashboards: province 766 dashboard, one year (every agency and commune)")
def province_year() -> Result:
    from neuguong.dashboards.selectors import province_dashboard

    # A province-wide reader, made inside the benchmark's rolled-back transaction if there is none.
    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create(username="bench-dashboards", is_superuser=True)
    period = _year()
    n = 1
    page = best_ms(lambda: province_dashboard(period, user), n)
    start, end = period.bounds()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_ON_TIME_BY_AGENCY, [start, end])
            cursor.fetchall()

    limit = best_ms(raw, n)
    return Result(
        "dashboards: province 766 dashboard, one year (every agency and commune)",
        page,
        "one raw SQL aggregate of on-time counts per agency",
        limit,
        n,
    )


CARD = "dashboards: public agency card, one year, p95 (/cong-khai/co-quan/<id>/)"


@benchmark(CARD)
def public_card() -> Result:
    """The 95th-percentile latency of an anonymous agency card for the calendar year (the target is
    p95 ≤ 100 ms at 1M dossiers), against the p95 of a bare view through the same middleware."""
    from django.test import Client, override_settings

    from neuguong.org.models import Agency

    agency = Agency.objects.order_by("pk").first()
    if agency is None:
        return Result(
            CARD, 0.0, "bare Django view, same middleware, p95", 0.0, 0, note="seed first"
        )
    client = Client()  # anonymous, as the public
    url = f"/cong-khai/co-quan/{agency.pk}/?period={_year().end.year}"
    n = 40
    with override_settings(ROOT_URLCONF="neuguong.core.bench_urls"):
        page = p95_ms(lambda: client.get(url), n)
        bare = p95_ms(lambda: client.get("/_bench/bare/"), n)
    return Result(CARD, page, "bare Django view, same middleware, p95", bare, n)
