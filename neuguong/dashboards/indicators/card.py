"""One unit's counts and its 766 scorecard, and the catalogue's counts (items 1.1, 1.3, 3.1, 3.5).

`Counts` is what the selectors aggregate for an agency, a commune or the province; `scorecard` turns
them into the 22 items by the rules in force on a day (docs/indicators.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, When

from neuguong.dashboards.indicators import formulas as f
from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.formulas import Scorecard
from neuguong.onestop.constants import OnlineLevel
from neuguong.onestop.models import Procedure, ProcedureStep


@dataclass
class Counts:
    """The aggregated counts of one unit (agency, commune or province) for a period."""

    ended: int = 0
    late: int = 0
    received: int = 0
    received_online: int = 0
    with_fee: int = 0
    paid_online: int = 0
    # 3.5b, from the dossiers: fee-charging procedures with dossiers in the period, and those of them
    # with at least one dossier paid online.
    fee_procedures: int = 0
    paid_procedures: int = 0
    online_procedures_used: int = 0
    with_result: int = 0
    e_results: int = 0
    digitised: int = 0
    complained: int = 0
    processing_days: Any = (
        None  # Σ working days when the dossiers store them (docs/indicators.md, needs)
    )
    completed: int = 0
    # The catalogue of the unit's province and level (`catalogue_by_unit`, CATALOGUE_COUNTS).
    procedures: int = 0
    procedures_online: int = 0
    procedures_complete: int = 0
    # 1.1: procedures published in the period; those with the legal basis's effective date (the
    # denominator); those of them published on time.
    procedures_published: int = 0
    procedures_published_dated: int = 0
    procedures_published_on_time: int = 0
    # 3.5: active fee-charging procedures; those payable online.
    procedures_with_fee: int = 0
    procedures_payable_online: int = 0
    # 5.2 / 5.3: feedback items answered in the period, those answered late, those unsatisfied.
    feedback_answered: int = 0
    feedback_late: int = 0
    feedback_unsatisfied: int = 0
    extra: dict = field(default_factory=dict)


# The counts `catalogue_by_unit` gives per (province, level); the province's are their sums.
CATALOGUE_COUNTS = (
    "procedures",
    "procedures_online",
    "procedures_complete",
    "procedures_published",
    "procedures_published_dated",
    "procedures_published_on_time",
    "procedures_with_fee",
    "procedures_payable_online",
)


def working_days(total: Any) -> Decimal | None:
    """A sum of stored working days (2.2) back to their 2 places (ROUND_HALF_UP): SQLite sums a
    DecimalField as a float (829.560000000001). Where the dashboard, the heads and the lists read the
    sums, so they show the same value. None stays None (a sum over no dossier)."""
    if total is None:
        return None
    return Decimal(total).quantize(f.DAYS_PLACES, ROUND_HALF_UP)


class DayRange(Protocol):
    """A period of days, both inclusive (`neuguong.dashboards.selectors.Period`)."""

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...


def complete_parts_q() -> Q:
    """1.3: a procedure published with all its required parts (Decree 63/2010/NĐ-CP Art. 8(2)), as far
    as the catalogue records them: its name, its sequence (process steps), its manner (channels), its
    documents, its time limit (a legal deadline), who may apply (`applicants`, đối tượng thực hiện) and
    its agency (implied by its level: always there)."""
    return (
        ~Q(name="")
        & ~Q(channels=[])
        & ~Q(required_documents=[])
        & Q(deadline_hours__gt=0)
        & ~Q(applicants="")
        & Q(Exists(ProcedureStep.objects.filter(procedure=OuterRef("pk"))))
    )


Catalogue = dict[tuple[str, str], dict[str, int]]


def catalogue_by_unit(province: set[str] | None, period: DayRange) -> Catalogue:
    """The catalogue's counts (CATALOGUE_COUNTS) per (province code, level) for `period`, in one query:
    an agency or a commune takes the row of its own province and level (`catalogue_of`), the province the
    sum of the rows of its provinces (`catalogue_total`).

    1.3, 3.1 and 3.5 count the active procedures as they stand. 1.1 counts the procedures published in
    the period (by `published_on`, active or not): the query groups them by (province, level,
    published_on, legal_basis_effective_on), and each group is judged once by `formulas.published_in_time`
    (a loop over those aggregated rows, a few per announcing decision, never over procedures).
    """
    published = Q(published_on__gte=period.start, published_on__lte=period.end)
    active = Q(is_active=True)
    fee = active & Q(fee__gt=0)
    procedures = Procedure.objects.filter(active | published)
    if province is not None:
        procedures = procedures.filter(province_code__in=province)
    rows = (
        procedures.order_by()
        .annotate(
            announced=Case(When(published, then=F("published_on")), output_field=DateField()),
            effective=Case(
                When(published, then=F("legal_basis_effective_on")), output_field=DateField()
            ),
        )
        .values("province_code", "level", "announced", "effective")
        .annotate(
            procedures=Count("id", filter=active),
            procedures_online=Count("id", filter=active & ~Q(online_level=OnlineLevel.NONE)),
            procedures_complete=Count("id", filter=active & complete_parts_q()),
            procedures_published=Count("id", filter=published),
            procedures_with_fee=Count("id", filter=fee),
            procedures_payable_online=Count("id", filter=fee & Q(online_payment=True)),
        )
    )
    units: Catalogue = {}
    for row in rows:
        key = (row["province_code"], row["level"])
        total = units.setdefault(key, dict.fromkeys(CATALOGUE_COUNTS, 0))
        for name in CATALOGUE_COUNTS:
            total[name] += row.get(name, 0)
        if row["announced"] is not None and row["effective"] is not None:
            total["procedures_published_dated"] += row["procedures_published"]
            if f.published_in_time(published_on=row["announced"], effective_on=row["effective"]):
                total["procedures_published_on_time"] += row["procedures_published"]
    return units


def catalogue_of(catalogue: Catalogue, unit) -> dict[str, int]:
    """The catalogue counts of an agency or a commune (anything with `province_code` and `level`): its own
    province's procedures of its level."""
    return catalogue.get((unit.province_code, unit.level), {})


def catalogue_by_level(province: set[str] | None, period: DayRange) -> dict[str, dict[str, int]]:
    """The catalogue's counts per level, summed over the provinces of `province` (None: every one)."""
    levels: dict[str, dict[str, int]] = {}
    for (_code, level), row in catalogue_by_unit(province, period).items():
        total = levels.setdefault(level, dict.fromkeys(CATALOGUE_COUNTS, 0))
        for name in CATALOGUE_COUNTS:
            total[name] += row[name]
    return levels


def catalogue_total(rows: dict[Any, dict[str, int]]) -> dict[str, int]:
    """The province's catalogue counts (several provinces in scope: theirs): the sums over its rows."""
    return {name: sum(row.get(name, 0) for row in rows.values()) for name in CATALOGUE_COUNTS}


def scorecard(counts: Counts, at: dt.date) -> Scorecard:
    """The 766 scorecard of one unit from its counts, by the rules in force on `at` (the period's end)."""
    ended, late = max(counts.ended, counts.late), counts.late
    days = counts.processing_days
    items = [
        f.published_on_time(
            counts.procedures_published_on_time, counts.procedures_published_dated, at
        ),
        f.not_measured(keys.UPDATED_ON_TIME, at),
        f.published_complete(counts.procedures_complete, counts.procedures, at),
        f.not_measured(keys.SYNCED_TO_PORTAL, at),
        f.on_time_rate(ended - late, ended, at),
        f.average_processing_days(
            Decimal(days or 0), counts.completed if days is not None else 0, at
        ),
        f.procedures_online_share(counts.procedures_online, counts.procedures, at),
        f.online_services_used(
            min(counts.online_procedures_used, counts.procedures_online),
            counts.procedures_online,
            at,
        ),
        f.online_submission_share(counts.received_online, counts.received, at),
        f.payment_integrated_share(
            counts.procedures_payable_online, counts.procedures_with_fee, at
        ),
        f.payment_transactions_share(counts.paid_procedures, counts.fee_procedures, at),
        f.paid_online_share(counts.paid_online, counts.with_fee, at),
        f.e_results_share(counts.e_results, counts.with_result, at),
        f.digitised_share(counts.digitised, counts.received, at),
        f.not_measured(keys.CERTIFIED_COPIES, at),
        f.not_measured(keys.REUSED, at),
        f.not_measured(keys.SHARED_FOR_REUSE, at),
        f.not_measured(keys.POPULATION_DATA_DOSSIERS, at),
        f.not_measured(keys.POPULATION_DATA_PROCEDURES, at),
        f.feedback_on_time_share(
            counts.feedback_answered - counts.feedback_late, counts.feedback_answered, at
        ),
        f.feedback_handling_satisfaction(counts.feedback_answered, counts.feedback_unsatisfied, at),
        f.procedure_satisfaction(ended, late, min(counts.complained, ended), at),
    ]
    return f.total_score(items)
