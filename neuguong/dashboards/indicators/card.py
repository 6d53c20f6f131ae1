"""One unit's counts and its 766 scorecard, and the catalogue's counts (items 1.x, 3.1, 3.5).

`Counts` is what the selectors aggregate for an agency, a commune or the province; `scorecard` turns
them into the 22 items by the rules in force on a day (docs/indicators.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

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
    procedures: int = 0
    procedures_online: int = 0
    procedures_complete: int = 0
    # 5.2 / 5.3: feedback items answered in the period, those answered late, those unsatisfied.
    feedback_answered: int = 0
    feedback_late: int = 0
    feedback_unsatisfied: int = 0
    extra: dict = field(default_factory=dict)


def complete_parts_q() -> Q:
    """1.3: a procedure published with all its required parts, as a filter (the dashboard counts it, the
    drill-down lists it: one rule)."""
    return (
        ~Q(name="")
        & ~Q(channels=[])
        & ~Q(required_documents=[])
        & Q(deadline_hours__gt=0)
        & Q(Exists(ProcedureStep.objects.filter(procedure=OuterRef("pk"))))
    )


def catalogue_by_level(province: set[str] | None) -> dict[str, dict[str, int]]:
    complete = complete_parts_q()
    procedures = Procedure.objects.filter(is_active=True)
    if province is not None:
        procedures = procedures.filter(province_code__in=province)
    rows = (
        procedures.order_by()
        .values("level")
        .annotate(
            procedures=Count("id"),
            procedures_online=Count("id", filter=~Q(online_level=OnlineLevel.NONE)),
            procedures_complete=Count("id", filter=complete),
        )
    )
    return {row.pop("level"): row for row in rows}


def scorecard(counts: Counts, at: dt.date) -> Scorecard:
    """The 766 scorecard of one unit from its counts, by the rules in force on `at` (the period's end)."""
    ended, late = max(counts.ended, counts.late), counts.late
    days = counts.processing_days
    items = [
        f.not_measured(keys.PUBLISHED_ON_TIME, at),
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
        f.not_measured(keys.PAYMENT_INTEGRATED, at),
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
