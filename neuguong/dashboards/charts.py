"""Server-side SVG charts (issue 10 §4): no script, no CDN, no inline style (presentation attributes only), each
served from its own URL so a strict Content-Security-Policy holds; readable in print (black text, labelled
values, a <title> and a <desc> for screen readers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncMonth

from neuguong.core.rules.selectors import LEGAL_TZ
from neuguong.dashboards.selectors import Period
from neuguong.onestop.models import Dossier
from neuguong.org.access import scope_for

WIDTH = 640
BAR_HEIGHT = 22
LABEL_WIDTH = 300


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: int
    width: int


def late_bars(scores, *, limit: int = 15) -> tuple[list[Bar], int]:
    """Horizontal bars of late dossiers by agency (the agency at fault), the largest first."""
    rows = sorted(
        (s for s in scores if s.counts.late), key=lambda s: (-s.counts.late, str(s.unit))
    )[:limit]
    top = max((s.counts.late for s in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 60
    bars = [
        Bar(
            label=str(s.unit)[:48],
            value=s.counts.late,
            x=LABEL_WIDTH,
            y=30 + i * (BAR_HEIGHT + 6),
            width=max(1, round(span * s.counts.late / top)),
        )
        for i, s in enumerate(rows)
    ]
    return bars, 40 + len(bars) * (BAR_HEIGHT + 6)


@dataclass(frozen=True)
class Month:
    label: str  # "03/2026"
    ended: int
    late: int
    received: int
    x: int
    rate_y: int | None  # the on-time rate's point, None without dossiers
    rate_percent: int | None
    volume_height: int

    @property
    def volume_top(self) -> int:
        return 250 - self.volume_height


def monthly_trend(period: Period, user, *, height: int = 220) -> list[Month]:
    """On-time rate (line) and dossiers received (bars) per month of `period`: one query per measure."""
    province = scope_for(user).province_codes()
    start, end = period.bounds()
    base = Dossier.objects.all()
    if province is not None:
        base = base.filter(province_code__in=province)
    due = Coalesce(F("original_appointment_at"), F("appointment_at"))
    late = Q(late_by_rule=True) | Q(processing_ended_at__gt=due)
    ended_rows = (
        base.filter(
            processing_ended_at__gte=start, processing_ended_at__lt=end, received_at__isnull=False
        )
        .annotate(month=TruncMonth("processing_ended_at", tzinfo=LEGAL_TZ))
        .order_by()
        .values("month")
        .annotate(ended=Count("id"), late=Count("id", filter=late))
    )
    received_rows = (
        base.filter(received_at__gte=start, received_at__lt=end)
        .annotate(month=TruncMonth("received_at", tzinfo=LEGAL_TZ))
        .order_by()
        .values("month")
        .annotate(received=Count("id"))
    )

    def key(value) -> tuple[int, int]:
        return (value.year, value.month)

    ended = {key(r["month"]): r for r in ended_rows}
    received = {key(r["month"]): r["received"] for r in received_rows}
    months = []
    day = dt.date(period.start.year, period.start.month, 1)
    while day <= period.end:
        months.append((day.year, day.month))
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    top = max(received.values(), default=0) or 1
    step = (WIDTH - 80) // max(1, len(months))
    result = []
    for i, (year, month) in enumerate(months):
        row = ended.get((year, month), {"ended": 0, "late": 0})
        rate_y = rate_percent = None
        if row["ended"]:
            rate = (row["ended"] - row["late"]) / row["ended"]
            rate_y = 30 + round((1 - rate) * height)
            rate_percent = round(rate * 100)
        result.append(
            Month(
                label=f"{month:02d}/{year}",
                ended=row["ended"],
                late=row["late"],
                received=received.get((year, month), 0),
                x=60 + i * step,
                rate_y=rate_y,
                rate_percent=rate_percent,
                volume_height=round(height * received.get((year, month), 0) / top),
            )
        )
    return result
