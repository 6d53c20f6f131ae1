"""Fair league tables: every rate with its count and 95% Wilson interval; small units listed, not ranked.

FixMyStreet's "responsiveness" tables ranked councils on a handful of reports. Here a unit whose count (the
rate's denominator) is below the rulebook's minimum sample is shown with its n and interval but gets no rank,
and ties share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from neuguong.dashboards.indicators.scoring import min_sample, rate, wilson_interval, wilson_z


@dataclass(frozen=True)
class LeagueRow:
    unit: Hashable  # an agency or unit id (or the object itself)
    successes: int
    n: int
    ratio: Decimal | None
    interval: tuple[Decimal, Decimal] | None
    rank: int | None  # None: below the minimum sample (or nothing to measure)
    score: Decimal | None = (
        None  # what the table is sorted on, when not the rate (e.g. a 766 total)
    )

    @property
    def ranked(self) -> bool:
        return self.rank is not None


def league_table(
    rows: Iterable[tuple[Hashable, int, int]] | Iterable[tuple[Hashable, int, int, Decimal | None]],
    at,
    *,
    minimum: int | None = None,
    z: float | None = None,
) -> list[LeagueRow]:
    """Rank units on their rate successes / n, best first.

    `rows`: (unit, successes, n) or (unit, successes, n, score): with a score (e.g. the unit's 766 total)
    the table is ranked on the score, still shown with the rate, its n and interval, and still leaving out
    units whose n is below the minimum. `minimum` and `z` default to the rulebook's values on `at`.

    Ranked units come first, by score (or rate) descending, ties sharing a rank; then the unranked ones,
    by n descending. Within equal values the order is the input order (stable), so pass rows sorted by
    name for a readable table.
    """
    minimum = min_sample(at) if minimum is None else minimum
    z = wilson_z(at) if z is None else z
    built: list[LeagueRow] = []
    for row in rows:
        unit, successes, n = row[0], row[1], row[2]
        score = row[3] if len(row) > 3 else None
        built.append(
            LeagueRow(
                unit=unit,
                successes=successes,
                n=n,
                ratio=rate(successes, n),
                interval=wilson_interval(successes, n, z),
                rank=None,
                score=score,
            )
        )

    def value(r: LeagueRow) -> Decimal:
        v = r.score if r.score is not None else r.ratio
        assert v is not None
        return v

    eligible: list[LeagueRow] = []
    others: list[LeagueRow] = []
    for r in built:
        measurable = r.score is not None or r.ratio is not None
        (eligible if r.n > 0 and r.n >= minimum and measurable else others).append(r)
    eligible.sort(key=value, reverse=True)
    ranked: list[LeagueRow] = []
    previous: Decimal | None = None
    rank = 0
    for position, r in enumerate(eligible, start=1):
        v = value(r)
        if v != previous:
            rank, previous = position, v
        ranked.append(LeagueRow(r.unit, r.successes, r.n, r.ratio, r.interval, rank, r.score))
    others.sort(key=lambda r: r.n, reverse=True)
    return ranked + others
