"""The arithmetic every indicator shares: a rate from counts, its points by the rule in force, Wilson intervals.

Pure functions of numbers and dates (the rulebook is read through `rule()`, which is memoised per process).
Rates and points are Decimals rounded half-up: rates to 4 places (0.8125 = 81.25%), points to 2 places, as
the national portal's method proposes ("làm tròn 2 chữ số thập phân").
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from neuguong.core.rules import rule
from neuguong.core.rules.selectors import _as_date, rule_memo
from neuguong.dashboards.indicators import keys

RATE_PLACES = Decimal("0.0001")
POINT_PLACES = Decimal("0.01")
ONE = Decimal(1)
ZERO = Decimal(0)


@dataclass(frozen=True)
class ItemRule:
    """One annex item as the rulebook has it on a date."""

    key: str
    group: str
    item: str
    points: Decimal
    full_at: Decimal  # the rate at or above which the item earns all its points (1 = no threshold)


@dataclass(frozen=True)
class Indicator:
    """One item's result for one unit and period: the counts behind it, its rate and its points.

    `ratio` is None when the denominator is 0 (nothing to measure): such an item scores 0 points and
    `measured` is False, so pages show "—" rather than a misleading 0%.
    """

    key: str
    numerator: int | Decimal
    denominator: int
    ratio: Decimal | None
    points: Decimal
    max_points: Decimal
    full_at: Decimal
    measured: bool

    @property
    def group(self) -> str:
        return keys.ITEMS_BY_KEY[self.key].group


# The ItemRules already built from the rulebook version in hand: a dashboard scores ~200 units × 22 items
# on one day, so each (item, day) is read once. Tied to the memo's value by identity (held here, so it
# cannot be freed and its id reused): when the rulebook changes, the memo loads a new value and this starts
# afresh.
_built: tuple[object, dict[tuple[str, dt.date], ItemRule]] = (None, {})


def item_rule(key: str, at: dt.date | dt.datetime) -> ItemRule:
    """The item `key` as in force on `at` (the period's end date); RuleNotFound if none is."""
    global _built
    versions = rule_memo.get()
    held, built = _built
    if held is not versions:
        built = {}
        _built = (versions, built)
    day = _as_date(at)
    spec = built.get((key, day))
    if spec is None:
        value = rule(key, day)
        spec = ItemRule(
            key=key,
            group=value["group"],
            item=value["item"],
            points=Decimal(str(value["points"])),
            full_at=Decimal(str(value["full_at"])),
        )
        built[(key, day)] = spec
    return spec


def rate(numerator: int | Decimal, denominator: int) -> Decimal | None:
    """numerator / denominator, rounded to 4 places; None when the denominator is 0."""
    if denominator < 0 or numerator < 0:
        raise ValueError("counts cannot be negative")
    if denominator == 0:
        return None
    if numerator > denominator:
        raise ValueError(f"numerator {numerator} exceeds denominator {denominator}")
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, ROUND_HALF_UP)


def points_for(ratio: Decimal | None, max_points: Decimal, full_at: Decimal) -> Decimal:
    """The Decision's scoring: all the points at or above the threshold, else in proportion to it:
    points = max × min(1, ratio / full_at). With full_at = 1 this is simply ratio × max."""
    if ratio is None:
        return ZERO
    if ratio >= full_at:
        return max_points.quantize(POINT_PLACES, ROUND_HALF_UP)
    return (ratio * max_points / full_at).quantize(POINT_PLACES, ROUND_HALF_UP)


def score_item(key: str, numerator: int | Decimal, denominator: int, at) -> Indicator:
    """The indicator `key` from its counts, scored by the rule in force on `at`."""
    spec = item_rule(key, at)
    ratio = rate(numerator, denominator)
    return Indicator(
        key=key,
        numerator=numerator,
        denominator=denominator,
        ratio=ratio,
        points=points_for(ratio, spec.points, spec.full_at),
        max_points=spec.points,
        full_at=spec.full_at,
        measured=ratio is not None,
    )


def score_ratio(key: str, ratio: Decimal | None, denominator: int, at) -> Indicator:
    """Like score_item for an indicator defined as a ratio rather than as numerator / denominator
    (5.4 is 100% minus two shares). `numerator` is reported as ratio × denominator."""
    spec = item_rule(key, at)
    if ratio is not None:
        ratio = min(ONE, max(ZERO, ratio)).quantize(RATE_PLACES, ROUND_HALF_UP)
    return Indicator(
        key=key,
        numerator=(ratio * denominator) if ratio is not None else 0,
        denominator=denominator,
        ratio=ratio,
        points=points_for(ratio, spec.points, spec.full_at),
        max_points=spec.points,
        full_at=spec.full_at,
        measured=ratio is not None,
    )


def wilson_z(at) -> float:
    return float(rule(keys.WILSON_Z, at))


def min_sample(at) -> int:
    return int(rule(keys.MIN_SAMPLE, at))


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[Decimal, Decimal] | None:
    """The Wilson score interval of successes / n (95% for z = 1.96), rounded to 4 places; None if n = 0.

        centre = (p + z²/2n) / (1 + z²/n)
        half   = z / (1 + z²/n) × √(p(1−p)/n + z²/4n²)

    Unlike p ± z√(p(1−p)/n) it stays within [0, 1] and does not collapse to a point at 0% or 100%, which is
    what makes 3 out of 3 look as uncertain as it is.
    """
    if n == 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes {successes} not within 0..{n}")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    return (
        Decimal(str(low)).quantize(RATE_PLACES, ROUND_HALF_UP),
        Decimal(str(high)).quantize(RATE_PLACES, ROUND_HALF_UP),
    )
