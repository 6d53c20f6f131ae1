"""The Decision 766/QĐ-TTg indicators, one documented function each (issue 10, docs/indicators.md).

Every function takes counts (what the selectors aggregate in SQL) and the date the period ends, and returns an
`Indicator`: the counts, the rate, the points by the rule in force that day, and the item's maximum. Which
records go into each count is the counting rules of docs/indicators.md; the two per-dossier rules the counts
rest on are here too (`counts_as_on_time`, `processing_working_days`), so a test can check SQL against them.

Item numbers are those of the national public-service portal's description of the Decision's method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from neuguong.core.calendar import clock
from neuguong.core.rules import rule
from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.scoring import (
    POINT_PLACES,
    ZERO,
    Indicator,
    item_rule,
    rate,
    score_item,
    score_ratio,
)

HOURS_PER_DAY = Decimal(
    8
)  # one working day (Decree 61/2018/NĐ-CP Art. 31, as the one-stop clock counts)
DAYS_PLACES = Decimal("0.01")

# ---- per-dossier rules ------------------------------------------------------------------------------


def counts_as_on_time(
    *, ended_at: dt.datetime, due_at: dt.datetime | None, supplement_requests: int
) -> bool:
    """2.1's rule for one ended dossier: on time when processing ended by the appointment, the appointment
    being already moved by the applicant's supplement time (the one-stop clock shifts it when the
    supplement arrives, so pauses are net out), and never on time after more than one supplement request.

    `due_at` is the appointment lateness is judged against (before any apology: a rescheduled dossier is
    still late). No appointment (a procedure with no legal deadline) counts as on time.
    """
    if supplement_requests > 1:
        return False
    return due_at is None or ended_at <= due_at


def processing_working_days(working_hours_open: Decimal, paused_hours: Decimal = ZERO) -> Decimal:
    """2.2's duration of one dossier: the working hours from receipt to the end of processing, less the
    working hours paused for a supplement, in working days of 8 hours (2 decimals).

    The caller measures `working_hours_open` on the working-day calendar
    (`neuguong.core.calendar.clock.working_hours_between(received_at, processing_ended_at)`).
    """
    hours = max(ZERO, Decimal(working_hours_open) - Decimal(paused_hours))
    return (hours / HOURS_PER_DAY).quantize(DAYS_PLACES, ROUND_HALF_UP)


# ---- per-procedure rule -----------------------------------------------------------------------------


def announcement_deadline(effective_on: dt.date, working_days: int) -> dt.date:
    """The last day an announcing decision is on time for a legal document taking effect on
    `effective_on`: `working_days` working days before it, counted back from the day before (the
    effective day itself is not one of them), on the working-day calendar (`clock.is_working_day`:
    weekends, public holidays and the administrator's swapped days are skipped).

    Effective Wednesday 01/04/2026, 5 working days: Tue 31/03, Mon 30/03, Fri 27/03, Thu 26/03,
    Wed 25/03, so the decision is on time up to Wednesday 25/03/2026.
    """
    day, left = effective_on, int(working_days)
    while left > 0:
        day -= dt.timedelta(days=1)
        if clock.is_working_day(day):
            left -= 1
    return day


def published_in_time(*, published_on: dt.date, effective_on: dt.date) -> bool:
    """1.1's rule for one procedure: its announcing decision (`Procedure.published_on`) was issued no
    later than the rulebook's number of working days before the legal document that sets or changes it
    takes effect (`Procedure.legal_basis_effective_on`): published_on ≤ announcement_deadline(...).

    The number of days is rule `procedures.announcement.lead_working_days` in force on the day of the
    publication (Decree 63/2010/NĐ-CP Art. 15 as amended: 5 working days for the provincial chairman's
    decisions; see the rule's source and note). A decision issued on or after the effective day is late.
    """
    days = rule(keys.ANNOUNCEMENT_LEAD_DAYS, published_on)
    return published_on <= announcement_deadline(effective_on, days)


# ---- 1. publicity (18) ------------------------------------------------------------------------------


def published_on_time(on_time: int, published: int, at) -> Indicator:
    """1.1 Procedures published on time / procedures published in the period.

    Counted on the catalogue: a procedure is published in the period when its `published_on` (the day
    of the chairman's announcing decision) falls in it; it is on time by `published_in_time`. A
    procedure without `legal_basis_effective_on` cannot be judged and is left out of both counts
    (`Counts.procedures_published` − `procedures_published_dated` says how many were). neuguong keeps
    the latest announcement of each procedure only, so a procedure announced twice in the period counts once, by its latest announcement.
    Inactive (abolished) procedures published in the period count: their announcement was made.
    """
    return score_item(keys.PUBLISHED_ON_TIME, on_time, published, at)


def published_complete(complete: int, published: int, at) -> Indicator:
    """1.3 Procedures published with all their required parts (Decree 63/2010 Art. 8(2)) / procedures
    published. Counted on the catalogue as it stands at the period's end."""
    return score_item(keys.COMPLETE_PARTS, complete, published, at)


# ---- 2. progress (20) -------------------------------------------------------------------------------


def on_time_rate(on_time: int, ended: int, at) -> Indicator:
    """2.1 Dossiers ended on time / dossiers ended in the period (each by `counts_as_on_time`)."""
    return score_item(keys.ON_TIME, on_time, ended, at)


def average_processing_days(total_days: Decimal, completed: int, at) -> Indicator:
    """2.2 Average processing time: Σ processing_working_days / completed dossiers, in working days.

    Monitored, not scored (0 points): `ratio` carries the average in days (not a share), `points` is 0.
    """
    spec = item_rule(keys.AVERAGE_DAYS, at)
    average = (
        (Decimal(total_days) / completed).quantize(DAYS_PLACES, ROUND_HALF_UP)
        if completed
        else None
    )
    return Indicator(
        key=keys.AVERAGE_DAYS,
        numerator=Decimal(total_days),
        denominator=completed,
        ratio=average,
        points=ZERO,
        max_points=spec.points,
        full_at=spec.full_at,
        measured=average is not None,
    )


# ---- 3. online service (22) -------------------------------------------------------------------------


def procedures_online_share(online: int, procedures: int, at) -> Indicator:
    """3.1 Procedures offered online (partly or fully) / procedures in the unit's competence.
    Full points at the threshold (80%)."""
    return score_item(keys.PROCEDURES_ONLINE, online, procedures, at)


def online_services_used(used: int, online_services: int, at) -> Indicator:
    """3.2 Online services that received at least one online dossier in the period / online services."""
    return score_item(keys.SERVICES_USED, used, online_services, at)


def online_submission_share(online: int, received: int, at) -> Indicator:
    """3.3 Dossiers received online in the period / dossiers received in the period.
    Full points at or above the threshold (50%)."""
    return score_item(keys.ONLINE_SUBMISSION, online, received, at)


def payment_transactions_share(with_online_payment: int, fee_procedures: int, at) -> Indicator:
    """3.5b Fee-charging procedures with at least one dossier paid online in the period / fee-charging
    procedures with dossiers in the period. Full points at the threshold (80%)."""
    return score_item(keys.PAYMENT_TRANSACTIONS, with_online_payment, fee_procedures, at)


def payment_integrated_share(payable_online: int, fee_procedures: int, at) -> Indicator:
    """3.5 Fee-charging procedures whose fee can be paid online (`Procedure.online_payment`: through
    the national payment platform) / fee-charging procedures (active, `fee` > 0), counted on the
    catalogue as it stands at the period's end. Full points at the threshold (80%)."""
    return score_item(keys.PAYMENT_INTEGRATED, payable_online, fee_procedures, at)


def paid_online_share(paid_online: int, with_fee: int, at) -> Indicator:
    """3.6 Dossiers whose fee was paid online / dossiers with a fee (how it was paid is recorded on each
    dossier)."""
    return score_item(keys.PAID_ONLINE, paid_online, with_fee, at)


# ---- 4. digitisation (22) ---------------------------------------------------------------------------


def e_results_share(electronic: int, with_result: int, at) -> Indicator:
    """4.1 Dossiers whose result was issued as an electronic document / dossiers with a result."""
    return score_item(keys.E_RESULTS, electronic, with_result, at)


def digitised_share(digitised: int, handled: int, at) -> Indicator:
    """4.2 Dossiers digitised (documents digitised and, where a result is issued, an electronic result)
    / dossiers handled. Full points at the threshold (80%)."""
    return score_item(keys.DIGITISED, digitised, handled, at)


# ---- 5. satisfaction (18) ---------------------------------------------------------------------------


def feedback_on_time_share(on_time: int, handled: int, at) -> Indicator:
    """5.2 Feedback answered by its handling deadline / feedback answered in the period (by the date of
    the last answer; `FeedbackItem.answered_late`, kept by `item_answer`, late if any answer was)."""
    return score_item(keys.FEEDBACK_ON_TIME, on_time, handled, at)


def feedback_handling_satisfaction(total: int, unsatisfied: int, at) -> Indicator:
    """5.3 (total − unsatisfied) / total, where unsatisfied counts each feedback item at most once if it
    was rated dissatisfied, raised again about its result, or handled late."""
    return score_item(keys.FEEDBACK_SATISFACTION, total - unsatisfied, total, at)


def procedure_satisfaction(ended: int, late: int, complained: int, at) -> Indicator:
    """5.4 100% − (late / ended + complained / ended), complained being the ended dossiers with a
    dissatisfied rating or a feedback item about them. The Decision adds the two shares, so a dossier both
    late and complained about counts twice; the result is floored at 0%. Full points at 90%."""
    if ended == 0:
        return score_ratio(keys.PROCEDURE_SATISFACTION, None, 0, at)
    late_share, complained_share = rate(late, ended), rate(complained, ended)
    assert late_share is not None
    assert complained_share is not None
    return score_ratio(
        keys.PROCEDURE_SATISFACTION, Decimal(1) - late_share - complained_share, ended, at
    )


# ---- items neuguong cannot measure yet ---------------------------------------------------------------


def not_measured(key: str, at) -> Indicator:
    """An item whose records neuguong does not keep yet: 0 points, flagged (docs/indicators.md, needs)."""
    return score_item(key, 0, 0, at)


# ---- the total ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupScore:
    group: str
    points: Decimal
    max_points: Decimal
    items: tuple[Indicator, ...]


@dataclass(frozen=True)
class Scorecard:
    """The total out of 100, never without its five sub-scores and their items."""

    points: Decimal
    max_points: Decimal
    groups: tuple[GroupScore, ...]

    @property
    def unmeasured_points(self) -> Decimal:
        """Points of the items with nothing to measure (they score 0 in `points`)."""
        return sum((i.max_points for g in self.groups for i in g.items if not i.measured), ZERO)


def total_score(indicators: Iterable[Indicator]) -> Scorecard:
    """The total: the sum of the items' points, grouped by the Decision's five groups.

    Every item of the Decision must be given exactly once (an item with no data as `not_measured`), so
    the maxima add up to 100 and a missing item cannot silently raise a unit's share.
    """
    by_key = {}
    for indicator in indicators:
        if indicator.key in by_key:
            raise ValueError(f"indicator {indicator.key} given twice")
        by_key[indicator.key] = indicator
    missing = [item.key for item in keys.ITEMS if item.key not in by_key]
    if missing:
        raise ValueError(f"indicators missing: {', '.join(missing)}")
    groups = []
    for group in keys.GROUPS:
        items = tuple(by_key[i.key] for i in keys.ITEMS if i.group == group)
        groups.append(
            GroupScore(
                group=group,
                points=sum((i.points for i in items), ZERO).quantize(POINT_PLACES),
                max_points=sum((i.max_points for i in items), ZERO),
                items=items,
            )
        )
    return Scorecard(
        points=sum((g.points for g in groups), ZERO).quantize(POINT_PLACES),
        max_points=sum((g.max_points for g in groups), ZERO),
        groups=tuple(groups),
    )
