"""The counts behind the Decision 766 indicators, read from the daily facts (issue 10 §7, docs/indicators.md).

The one-stop services keep two fact tables current inside their own transactions
(`neuguong.dashboards.facts_records`, docs/indicators.md "Daily facts"): `DailyFact` (agency × day, summed
by month in `MonthlyFact`, which the dashboards read) and `ProcedureMonthFact` (agency × procedure ×
month). A dashboard is one aggregation pass over each for the period, one over the feedback items
answered in it and one over the catalogue: the number of queries does not depend on the number of
agencies or dossiers, and no Python loop runs over records (only over the aggregated rows: one per
agency, and one per agency and procedure used). The formulas then turn the counts into points
(`neuguong.dashboards.indicators.formulas`). The record-based computation these replace is the
tests' oracle (`dashboards/tests/oracle.py`): `test_facts_oracle` checks that both give the same counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from neuguong.core.rules.selectors import LEGAL_TZ
from neuguong.core.validation import InvalidInput
from neuguong.dashboards.facts import DAY_COUNTS, PROCEDURE_COUNTS
from neuguong.dashboards.indicators.card import (
    Counts,
    catalogue_by_unit,
    catalogue_of,
    catalogue_total,
    scorecard,
    working_days,
)
from neuguong.dashboards.indicators.formulas import Scorecard
from neuguong.dashboards.models import MonthlyFact, ProcedureMonthFact
from neuguong.feedback.constants import ItemKind, ItemState, Rating
from neuguong.feedback.models import FeedbackItem
from neuguong.onestop.constants import ActorKind, DossierState
from neuguong.onestop.models import Dossier, DossierStep
from neuguong.org.access import scope_for
from neuguong.org.models import Agency

WORK_STEPS = (ActorKind.PROCESS, ActorKind.SIGN, ActorKind.HANDOVER)
WITH_RESULT = (DossierState.DONE, DossierState.RETURNED)
PERIOD_NOT_WHOLE_MONTHS = _(
    "The indicators are counted over whole months: a period starts on the first day of a month and "
    "ends on the last day of a month."
)


@dataclass(frozen=True)
class Period:
    """A period of days, both inclusive, in Vietnam's calendar."""

    start: dt.date
    end: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=LEGAL_TZ)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=LEGAL_TZ)
        return start, end

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - dt.timedelta(days=1))

    @property
    def whole_months(self) -> bool:
        """From the first day of a month to the last day of a month (a month, a year, twelve months):
        what the monthly procedure facts can answer."""
        return (
            self.start.day == 1
            and (self.end + dt.timedelta(days=1)).day == 1
            and (self.start <= self.end)
        )


# ---- the fact passes --------------------------------------------------------------------------


def _day_facts(period: Period, province: set[str] | None) -> dict[int, dict[str, Any]]:
    """One pass over the daily facts of the period, summed by agency: their month rows
    (`MonthlyFact`, the sums of the days; the dashboards take whole months only)."""
    rows = MonthlyFact.objects.filter(month__gte=period.start, month__lte=period.end)
    if province is not None:
        rows = rows.filter(province_code__in=province)
    sums = rows.order_by().values("agency").annotate(**{name: Sum(name) for name in DAY_COUNTS})
    out = {}
    for row in sums:
        # 2.2's working days to their 2 places, per agency (so every unit's sum is exact too).
        row["processing_days"] = working_days(row.get("processing_days"))
        out[row.pop("agency")] = row
    return out


def _procedure_facts(period: Period, province: set[str] | None) -> list[dict[str, Any]]:
    """One pass over the monthly procedure facts of the period's months, summed by (agency,
    procedure), with the procedure's province and level (3.2 counts a unit's own catalogue only); only
    the pairs with something to count."""
    rows = ProcedureMonthFact.objects.filter(month__gte=period.start, month__lte=period.end)
    if province is not None:
        rows = rows.filter(province_code__in=province)
    sums = (
        rows.order_by()
        .values("agency", "procedure", "procedure__province_code", "procedure__level")
        .annotate(**{name: Sum(name) for name in PROCEDURE_COUNTS})
        .filter(Q(received_online__gt=0) | Q(with_fee__gt=0) | Q(paid_online__gt=0))
    )
    return list(sums)


def _procedures_counted(period: Period, province: set[str] | None, by: str) -> dict[Hashable, dict]:
    """`_procedures_used` for one league, counted in SQL: one query grouped by agency (`by="agency"`) or
    by commune (`by="agency__unit"`), each procedure once (COUNT DISTINCT), 3.2 only for the procedures
    of the unit's own catalogue (its province and level). Used when one league alone is scored (a
    public card): ~150 rows back instead of every (agency, procedure) pair."""
    unit = "agency__unit__" if by == "agency__unit" else "agency__"
    own = Q(procedure__level=F(unit + "level"), procedure__province_code=F(unit + "province_code"))
    rows = ProcedureMonthFact.objects.filter(month__gte=period.start, month__lte=period.end)
    if province is not None:
        rows = rows.filter(province_code__in=province)
    counted = (
        rows.order_by()
        .values(by)
        .annotate(
            online_procedures_used=Count(
                "procedure", distinct=True, filter=Q(received_online__gt=0) & own
            ),
            fee_procedures=Count("procedure", distinct=True, filter=Q(with_fee__gt=0)),
            paid_procedures=Count("procedure", distinct=True, filter=Q(paid_online__gt=0)),
        )
    )
    return {row.pop(by): row for row in counted}


def _procedures_counted_total(period: Period, province: set[str] | None) -> dict[str, int]:
    """The province's procedure-based counts (any level) in SQL, beside `_procedures_counted`."""
    rows = ProcedureMonthFact.objects.filter(month__gte=period.start, month__lte=period.end)
    if province is not None:
        rows = rows.filter(province_code__in=province)
    return rows.aggregate(
        online_procedures_used=Count("procedure", distinct=True, filter=Q(received_online__gt=0)),
        fee_procedures=Count("procedure", distinct=True, filter=Q(with_fee__gt=0)),
        paid_procedures=Count("procedure", distinct=True, filter=Q(paid_online__gt=0)),
    )


# The day counts a unit adds up from its agencies (the names of `Counts`); the two step counts are added
# to `ended` by `_unit_counts` instead.
_SUMMED = tuple(name for name in DAY_COUNTS if name not in ("step_ended", "step_ended_unit"))


def _unit_counts(day_rows: list[dict[str, Any]], extra_ended: str | None) -> dict[str, Any]:
    """The counts of a unit (an agency, a commune, the province) from its agencies' day sums.

    `ended` adds the dossiers another unit handled on which this one had a work step
    (`extra_ended`: step_ended for an agency, step_ended_unit for a commune, none for the province:
    there each dossier counts once). 2.2's working days are None when no dossier has a result, as a
    sum over no dossier is.
    """
    total: dict[str, Any] = dict.fromkeys(_SUMMED, 0)
    total["processing_days"] = Decimal(0)
    for row in day_rows:
        for name in _SUMMED:
            total[name] += row.get(name) or 0
        if extra_ended:
            total["ended"] += row.get(extra_ended) or 0
    total["with_result"] = total["completed"]
    if not total["completed"]:
        total["processing_days"] = None
    return total


def _procedures_used(
    rows: list[dict[str, Any]], key, catalogue_of_unit
) -> dict[Hashable, dict[str, int]]:
    """The procedure-based items (3.2, 3.5b): each procedure once per unit (`key(agency)`) if any of
    its rows has a dossier to count. 3.2 counts only the procedures of the unit's own catalogue
    (`catalogue_of_unit(unit key)`: its (province code, level), or None for any procedure: the
    province), as its denominator does; 3.5b every fee-charging procedure the unit received dossiers
    for. A loop over aggregated rows (agencies × procedures used)."""
    seen: dict[Hashable, dict[str, set]] = {}
    for row in rows:
        k = key(row["agency"])
        sets = seen.setdefault(k, {"used": set(), "fee": set(), "paid": set()})
        own = catalogue_of_unit(k)
        if row.get("received_online") and (
            own is None or own == (row["procedure__province_code"], row["procedure__level"])
        ):
            sets["used"].add(row["procedure"])
        for flag, name in (("fee", "with_fee"), ("paid", "paid_online")):
            if row.get(name):
                sets[flag].add(row["procedure"])
    return {
        k: {
            "online_procedures_used": len(sets["used"]),
            "fee_procedures": len(sets["fee"]),
            "paid_procedures": len(sets["paid"]),
        }
        for k, sets in seen.items()
    }


FEEDBACK_COUNTS = ("feedback_answered", "feedback_late", "feedback_unsatisfied")


def _feedback_by_agency(
    period: Period, province: set[str] | None
) -> dict[Hashable, dict[str, int]]:
    """5.2 and 5.3 in one conditional-aggregation pass over the feedback items (phản ánh, kiến nghị; not
    complaints, denunciations or merged duplicates) answered in the period, by the responsible agency:
    answered, answered late (`answered_late`, kept by `item_answer`: late if any answer was), and
    unsatisfied (each item once: rated dissatisfied, reopened, or answered late). The period is the
    (last) answer's date."""
    start, end = period.bounds()
    items = FeedbackItem.objects.filter(
        kind=ItemKind.FEEDBACK, answered_at__gte=start, answered_at__lt=end
    ).exclude(state=ItemState.MERGED)
    if province is not None:
        items = items.filter(province_code__in=province)
    unsatisfied = Q(rating=Rating.DISSATISFIED) | Q(reopened_count__gt=0) | Q(answered_late=True)
    rows = (
        items.order_by()
        .values("agency")
        .annotate(
            feedback_answered=Count("id"),
            feedback_late=Count("id", filter=Q(answered_late=True)),
            feedback_unsatisfied=Count("id", filter=unsatisfied),
        )
    )
    return {row.pop("agency"): row for row in rows}


def _sum_feedback(rows: list[dict[str, int]]) -> dict[str, int]:
    return {name: sum(row.get(name, 0) for row in rows) for name in FEEDBACK_COUNTS}


@dataclass(frozen=True)
class UnitScore:
    unit: Any  # an Agency, an AdministrativeUnit, or None for the province
    counts: Counts
    card: Scorecard


@dataclass(frozen=True)
class Dashboard:
    period: Period
    province: UnitScore
    agencies: list[UnitScore]
    communes: list[UnitScore]


def _counts(row: dict[str, Any]) -> Counts:
    counts = Counts()
    for name, value in row.items():
        if hasattr(counts, name) and value is not None:
            setattr(counts, name, value)
    return counts


def province_dashboard(period: Period, user, *, only: str | None = None) -> Dashboard:
    """The province total, every agency and every commune the user's scope covers, for `period`
    (whole months: InvalidInput otherwise, as the procedure facts are monthly).

    `only="agencies"` (or `"communes"`) scores that league alone and leaves the other list empty: a
    public card ranks its unit among its own kind, and scoring ~200 units is most of the page's time.

    A constant number of queries whatever the number of agencies (test_selectors locks it): the scope,
    the agencies, the daily facts, the procedure facts, the feedback items, the catalogue. `user=None` is
    the public view (the transparency pages): every province, as published.
    """
    if not period.whole_months:
        raise InvalidInput(PERIOD_NOT_WHOLE_MONTHS, code="period_not_whole_months", field="period")
    if only not in (None, "agencies", "communes"):
        raise ValueError(f"only={only!r}: agencies, communes or None")
    province = scope_for(user).province_codes() if user is not None else None
    agencies = Agency.objects.select_related("unit").order_by("level", "name")
    if province is not None:
        agencies = agencies.filter(province_code__in=province)
    agency_list = list(agencies)
    unit_of = {agency.pk: agency.unit_id for agency in agency_list}
    days = _day_facts(period, province)
    with_agencies, with_communes = only in (None, "agencies"), only in (None, "communes")
    # The whole dashboard sums one pass over the (agency, procedure) pairs into agencies, communes and
    # the province; one league alone has SQL count them (the same one query either way).
    procedure_rows = _procedure_facts(period, province) if only is None else []
    own_agency = {a.pk: (a.province_code, a.level) for a in agency_list}
    own_unit = {a.unit_id: (a.unit.province_code, a.unit.level) for a in agency_list}
    # (An agency or unit not listed has no catalogue: ("", "") matches no procedure.)
    if only == "agencies":
        used_agency, used_unit = _procedures_counted(period, province, "agency"), {}
    elif only == "communes":
        used_agency, used_unit = {}, _procedures_counted(period, province, "agency__unit")
    else:
        used_agency = _procedures_used(
            procedure_rows, lambda agency_id: agency_id, lambda k: own_agency.get(k, ("", ""))
        )
        used_unit = _procedures_used(
            procedure_rows, unit_of.get, lambda k: own_unit.get(k, ("", ""))
        )
    used_total = (
        _procedures_used(procedure_rows, lambda agency_id: None, lambda _: None).get(None, {})
        if only is None
        else _procedures_counted_total(period, province)
    )
    days_by_unit: dict[Hashable, list[dict[str, Any]]] = {}
    for agency_id, day_row in days.items():
        days_by_unit.setdefault(unit_of.get(agency_id), []).append(day_row)
    catalogue = catalogue_by_unit(province, period)
    feedback_agency = _feedback_by_agency(period, province)
    feedback_unit: dict[Hashable, dict[str, int]] = {}
    for fb_agency, fb_row in feedback_agency.items():
        unit_total = feedback_unit.setdefault(
            unit_of.get(fb_agency), dict.fromkeys(FEEDBACK_COUNTS, 0)
        )
        for name in FEEDBACK_COUNTS:
            unit_total[name] += fb_row.get(name, 0)

    def build(day_rows, extra_ended, used, unit, feedback=None) -> Counts:
        counts = _counts({**_unit_counts(day_rows, extra_ended), **(used or {})})
        for name, value in (feedback or {}).items():
            setattr(counts, name, value)
        for name, value in catalogue_of(catalogue, unit).items():
            setattr(counts, name, value)
        return counts

    agency_scores = []
    units: dict[int, Any] = {}
    for agency in agency_list:
        units.setdefault(agency.unit_id, agency.unit)
        if not with_agencies:
            continue
        own = days.get(agency.pk)
        counts = build(
            [own] if own else [],
            "step_ended",
            used_agency.get(agency.pk),
            agency,
            feedback_agency.get(agency.pk),
        )
        agency_scores.append(UnitScore(agency, counts, scorecard(counts, period.end)))
    commune_scores = []
    for unit_id, unit in sorted(units.items(), key=lambda item: (item[1].level, item[1].name)):
        if not with_communes:
            break
        counts = build(
            days_by_unit.get(unit_id, []),
            "step_ended_unit",
            used_unit.get(unit_id),
            unit,
            feedback_unit.get(unit_id),
        )
        commune_scores.append(UnitScore(unit, counts, scorecard(counts, period.end)))
    province_counts = _counts({**_unit_counts(list(days.values()), None), **used_total})
    for name, value in _sum_feedback(list(feedback_agency.values())).items():
        setattr(province_counts, name, value)
    for name, value in catalogue_total(catalogue).items():
        setattr(province_counts, name, value)
    return Dashboard(
        period=period,
        province=UnitScore(None, province_counts, scorecard(province_counts, period.end)),
        agencies=agency_scores,
        communes=commune_scores,
    )


# ---- drill-down ---------------------------------------------------------------------------------------


def progress_records(period: Period, user, *, agency=None, unit=None) -> QuerySet:
    """The ended dossiers behind the on-time rate (2.1) of `agency` (or of commune `unit`, or the province
    when neither is given), each annotated with `fault_agency_id` (the agency a late dossier is attributed
    to: `Dossier.late_agency`, stored with the facts, else the handling agency), `late_anywhere` (late)
    and `late_here` (late, and late for this unit). Counting them gives exactly the dashboard's figures:
    `.count()` is the rate's n, `.filter(late_here=True).count()` its late dossiers (test_drilldown).
    """

    province = scope_for(user).province_codes()
    start, end = period.bounds()
    qs = Dossier.objects.filter(
        processing_ended_at__gte=start, processing_ended_at__lt=end, received_at__isnull=False
    )
    if province is not None:
        qs = qs.filter(province_code__in=province)
    due = Coalesce(F("original_appointment_at"), F("appointment_at"))
    late = Q(late_by_rule=True) | Q(processing_ended_at__gt=due)
    qs = qs.annotate(fault_agency_id=Coalesce(F("late_agency"), F("handling_agency")))
    if agency is not None:
        steps = DossierStep.objects.filter(
            dossier=OuterRef("pk"), agency=agency, actor_kind__in=WORK_STEPS
        )
        qs = qs.filter(Q(handling_agency=agency) | Q(Exists(steps)))
        here = Q(fault_agency_id=agency.pk)
    elif unit is not None:
        steps = DossierStep.objects.filter(
            dossier=OuterRef("pk"), agency__unit=unit, actor_kind__in=WORK_STEPS
        )
        qs = qs.filter(Q(handling_agency__unit=unit) | Q(Exists(steps)))
        fault_unit = Agency.objects.filter(pk=OuterRef("fault_agency_id")).values("unit")[:1]
        qs = qs.annotate(fault_unit_id=Subquery(fault_unit))
        here = Q(fault_unit_id=unit.pk)
    else:
        here = Q()
    return qs.annotate(
        late_anywhere=Case(
            When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        late_here=Case(
            When(late & here, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    ).order_by("processing_ended_at", "pk")
