"""Server-side SVG charts (issue 10 §4): no script, no CDN, no inline style (presentation attributes only), each
served from its own URL so a strict Content-Security-Policy holds; readable in print (black text, labelled
values, a <title> and a <desc> for screen readers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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


# ---- the mix of satisfaction ratings -------------------------------------------------------------------

MIX_LEFT = 190  # where the bars start (the row labels are on their left)
MIX_SPAN = WIDTH - MIX_LEFT - 20
# Satisfied, acceptable, dissatisfied, not rated: distinct also in grey print (dark, light, mid, white).
MIX_FILLS = ("#1a7f37", "#b6c7d9", "#a51c20", "#ffffff")


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    percent: int  # of its row, rounded
    x: int
    width: int
    fill: str


@dataclass(frozen=True)
class MixRow:
    label: str
    total: int
    y: int
    segments: tuple[Segment, ...]

    @property
    def label_y(self) -> int:
        return self.y + 14

    @property
    def n_y(self) -> int:
        return self.y + 29

    @property
    def text_y(self) -> int:
        return self.y + 50


MIX_HEIGHT = 220  # the chart's height: two rows of bars and their legend


def legend(row: MixRow) -> list[Segment]:
    """The legend's squares, one per rating (a row's segments), along the chart's foot."""
    return [Segment(s.label, 0, 0, 8 + i * 155, 12, s.fill) for i, s in enumerate(row.segments)]


def _mix_row(label: str, counts: dict, order: tuple, names: tuple, y: int) -> MixRow:
    total = sum(counts.values())
    segments, x, running = [], MIX_LEFT, 0
    for value, name, fill in zip(order, names, MIX_FILLS, strict=True):
        n = counts.get(value, 0)
        running += n
        # Cumulative ends, so that the segments fill the bar exactly whatever the rounding.
        end = MIX_LEFT + round(MIX_SPAN * running / total) if total else x
        percent = (
            int((Decimal(100 * n) / total).quantize(Decimal(1), ROUND_HALF_UP)) if total else 0
        )
        segments.append(Segment(str(name), n, percent, x, end - x, fill))
        x = end
    return MixRow(label, total, y, tuple(segments))


def satisfaction_mix(period: Period, user) -> list[MixRow]:
    """The ratings of the dossiers whose processing ended in `period` (the one-stop Rating) and of the
    feedback items answered in it (phản ánh, kiến nghị, as items 5.2/5.3 count them), as two 100% stacked
    bars: satisfied, acceptable, dissatisfied, not rated. One grouped query each, scoped to the user's
    provinces."""
    from django.utils.translation import gettext as _

    from neuguong.feedback.constants import ItemKind, ItemState, Rating
    from neuguong.feedback.models import FeedbackItem
    from neuguong.onestop.constants import RatingValue

    province = scope_for(user).province_codes()
    start, end = period.bounds()
    dossiers = Dossier.objects.filter(
        processing_ended_at__gte=start, processing_ended_at__lt=end, received_at__isnull=False
    )
    items = FeedbackItem.objects.filter(
        kind=ItemKind.FEEDBACK, answered_at__gte=start, answered_at__lt=end
    ).exclude(state=ItemState.MERGED)
    if province is not None:
        dossiers = dossiers.filter(province_code__in=province)
        items = items.filter(province_code__in=province)
    by_dossier = {
        r["rating__value"]: r["n"]
        for r in dossiers.order_by().values("rating__value").annotate(n=Count("id"))
    }
    by_item = {
        r["rating"] or None: r["n"]
        for r in items.order_by().values("rating").annotate(n=Count("id"))
    }
    names = (_("Satisfied"), _("Acceptable"), _("Dissatisfied"), _("Not rated"))
    return [
        _mix_row(
            _("Dossiers ended"),
            by_dossier,
            (RatingValue.SATISFIED, RatingValue.ACCEPTABLE, RatingValue.DISSATISFIED, None),
            names,
            40,
        ),
        _mix_row(
            _("Feedback answered"),
            by_item,
            (Rating.SATISFIED, Rating.ACCEPTABLE, Rating.DISSATISFIED, None),
            names,
            110,
        ),
    ]
