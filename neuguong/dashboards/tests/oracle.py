"""The record-based computation of the dashboard's counts: the tests' oracle (test_facts_oracle).

This is how `selectors.province_dashboard` counted before the daily facts (issue 10 §7): one
conditional-aggregation pass over the dossiers grouped by (handling agency, procedure), one over the
late dossiers by the agency at fault (subqueries on the apology and the steps), two over the work steps
of other agencies, read straight from the records. Kept here, test-only, as the reference the facts
must reproduce for every agency, commune and the province; `progress_records` likewise, with the agency
at fault computed from the records instead of the stored `Dossier.late_agency`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.db.models import (
    BigIntegerField,
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

from neuguong.dashboards.indicators.card import (
    Counts,
    catalogue_by_unit,
    catalogue_of,
    catalogue_total,
    scorecard,
    working_days,
)
from neuguong.dashboards.selectors import (
    FEEDBACK_COUNTS,
    WITH_RESULT,
    WORK_STEPS,
    Dashboard,
    Period,
    UnitScore,
    _counts,
    _feedback_by_agency,
    _sum_feedback,
)
from neuguong.feedback.models import FeedbackItem
from neuguong.onestop.constants import Channel, OnlineLevel, RatingValue, StepResult
from neuguong.onestop.models import Apology, Dossier, DossierDocument, DossierStep
from neuguong.org.access import scope_for
from neuguong.org.models import Agency


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


# ---- the dossier pass ---------------------------------------------------------------------------------


def _dossier_aggregates(period: Period) -> dict[str, Any]:
    start, end = period.bounds()
    ended = Q(
        processing_ended_at__gte=start, processing_ended_at__lt=end, received_at__isnull=False
    )
    received = Q(received_at__gte=start, received_at__lt=end)
    due = Coalesce(F("original_appointment_at"), F("appointment_at"))
    late = Q(late_by_rule=True) | Q(processing_ended_at__gt=due)
    fee = received & Q(fee__gt=0)
    has_result = ended & Q(state__in=WITH_RESULT)
    e_result = has_result & Q(result_file__isnull=False) & ~Q(result_file="")
    digitised_doc = Exists(DossierDocument.objects.filter(dossier=OuterRef("pk"), digitised=True))
    digitised = (
        received
        & Q(digitised_doc)
        & (~Q(state__in=WITH_RESULT) | (Q(result_file__isnull=False) & ~Q(result_file="")))
    )
    aggregates: dict[str, Any] = {
        "ended": Count("id", filter=ended),
        "late": Count("id", filter=ended & late),
        "received": Count("id", filter=received),
        "received_online": Count("id", filter=received & Q(channel=Channel.ONLINE)),
        "with_fee": Count("id", filter=fee),
        # Grouped by procedure too: a procedure counts once per unit if any of its rows has one.
        "online_used": Count(
            "id",
            filter=received
            & Q(channel=Channel.ONLINE)
            & ~Q(procedure__online_level=OnlineLevel.NONE),
        ),
        "with_result": Count("id", filter=has_result),
        "e_results": Count("id", filter=e_result),
        "digitised": Count("id", filter=digitised),
        # 5.4: a dissatisfied rating, or a feedback item about the dossier (each dossier once).
        "complained": Count(
            "id",
            filter=ended
            & (
                Q(rating__value=RatingValue.DISSATISFIED)
                | Q(Exists(FeedbackItem.objects.filter(dossier=OuterRef("pk"))))
            ),
        ),
        "completed": Count("id", filter=has_result),
    }
    if _has_field(Dossier, "payment_method"):  # being added by the one-stop owner (issue 10 needs)
        paid = fee & Q(payment_method="online")
        aggregates["paid_online"] = Count("id", filter=paid)
    if _has_field(Dossier, "processing_days"):
        aggregates["processing_days"] = Sum("processing_days", filter=has_result)
    return aggregates


def _in_period(period: Period, base: QuerySet) -> QuerySet:
    start, end = period.bounds()
    return base.filter(
        Q(received_at__gte=start, received_at__lt=end)
        | Q(processing_ended_at__gte=start, processing_ended_at__lt=end)
    )


def _fault_agency():
    """The agency a late dossier is attributed to: the apology's, else the agency of the first work step
    handed over late, else the handling agency (onestop.services.deadlines.late_attribution)."""
    apology = Apology.objects.filter(dossier=OuterRef("pk")).values("agency")[:1]
    late_step = (
        DossierStep.objects.filter(
            dossier=OuterRef("pk"), result=StepResult.LATE, actor_kind__in=WORK_STEPS
        )
        .order_by("order")
        .values("agency")[:1]
    )
    return Coalesce(
        Subquery(apology),
        Subquery(late_step),
        F("handling_agency_id"),
        output_field=BigIntegerField(),
    )


def _late_by_fault(period: Period, base: QuerySet) -> dict[Hashable, int]:
    """Late dossiers ended in the period, counted for the agency at fault (`_fault_agency`)."""
    start, end = period.bounds()
    due = Coalesce(F("original_appointment_at"), F("appointment_at"))
    late = base.filter(
        Q(late_by_rule=True) | Q(processing_ended_at__gt=due),
        processing_ended_at__gte=start,
        processing_ended_at__lt=end,
        received_at__isnull=False,
    ).annotate(fault=_fault_agency())
    return {
        row["fault"]: row["n"] for row in late.order_by().values("fault").annotate(n=Count("id"))
    }


def _participation(period: Period, province: set[str] | None, by_unit: bool) -> dict[Hashable, int]:
    """Ended dossiers on which an agency other than the handling one had a work step (it answers for
    its steps): per agency, or per commune when the step's commune is not the handling agency's."""
    start, end = period.bounds()
    steps = DossierStep.objects.filter(
        actor_kind__in=WORK_STEPS,
        dossier__processing_ended_at__gte=start,
        dossier__processing_ended_at__lt=end,
        dossier__received_at__isnull=False,
    )
    if province is not None:
        steps = steps.filter(province_code__in=province)
    # Compared as annotations: an exclude() across these joins becomes a correlated subquery (10 s at 100k
    # dossiers on PostgreSQL instead of 0.1 s).
    if by_unit:
        steps = steps.alias(
            step_unit=F("agency__unit"), handling_unit=F("dossier__handling_agency__unit")
        ).filter(~Q(step_unit=F("handling_unit")))
        key = "agency__unit"
    else:
        steps = steps.alias(handling=F("dossier__handling_agency")).filter(~Q(agency=F("handling")))
        key = "agency"
    rows = steps.order_by().values(key).annotate(n=Count("dossier", distinct=True))
    return {row[key]: row["n"] for row in rows}


ADDITIVE = (
    "ended",
    "late",
    "received",
    "received_online",
    "with_fee",
    "paid_online",
    "with_result",
    "e_results",
    "digitised",
    "complained",
    "completed",
    "processing_days",
)


def _rollup(rows: list[dict[str, Any]], key, own=lambda k: None) -> dict[Hashable, dict[str, Any]]:
    """Sum the (handling agency, procedure) rows of the one dossier pass into units (`key(row)`): the
    additive counts add up, and a procedure counts once per unit for the procedure-based items (3.2, 3.5b).
    3.2 counts a procedure only if it is of the unit's own catalogue (`own(k)`: its (province code,
    level); None: any, the province), as its denominator (docs/indicators.md, counting rules).
    A loop over aggregated rows (agencies × procedures used), never over dossiers."""
    totals: dict[Hashable, dict[str, Any]] = {}
    procedures: dict[Hashable, dict[str, set]] = {}
    for row in rows:
        k = key(row)
        total = totals.setdefault(k, {})
        for name in ADDITIVE:
            value = row.get(name)
            if name == "processing_days":
                value = working_days(value)  # the stored 2 places (SQLite sums them as floats)
            if value is not None:
                total[name] = total.get(name, 0) + value
        seen = procedures.setdefault(k, {"fee": set(), "paid": set(), "used": set()})
        for flag, name in (("fee", "with_fee"), ("paid", "paid_online")):
            if row.get(name):
                seen[flag].add(row["procedure"])
        catalogue = own(k)
        mine = catalogue is None or catalogue == (
            row["procedure__province_code"],
            row["procedure__level"],
        )
        if row.get("online_used") and mine:
            seen["used"].add(row["procedure"])
    for k, total in totals.items():
        seen = procedures[k]
        total["fee_procedures"] = len(seen["fee"])
        total["paid_procedures"] = len(seen["paid"])
        total["online_procedures_used"] = len(seen["used"])
    return totals


def province_dashboard(period: Period, user) -> Dashboard:
    """The province total, every agency and every commune the user's scope covers, for `period`.

    A constant number of queries whatever the number of agencies (test_selectors locks it). `user=None` is
    the public view (the transparency pages): every province, as published.
    """
    province = scope_for(user).province_codes() if user is not None else None
    base = Dossier.objects.all()
    if province is not None:
        base = base.filter(province_code__in=province)
    agencies = Agency.objects.select_related("unit").order_by("level", "name")
    if province is not None:
        agencies = agencies.filter(province_code__in=province)
    agency_list = list(agencies)
    unit_of = {agency.pk: agency.unit_id for agency in agency_list}
    rows = list(
        _in_period(period, base)
        .order_by()
        .values("handling_agency", "procedure", "procedure__province_code", "procedure__level")
        .annotate(**_dossier_aggregates(period))
    )
    own_agency = {a.pk: (a.province_code, a.level) for a in agency_list}
    own_unit = {a.unit_id: (a.unit.province_code, a.unit.level) for a in agency_list}
    by_agency = _rollup(rows, lambda row: row["handling_agency"], own_agency.get)
    by_unit = _rollup(rows, lambda row: unit_of.get(row["handling_agency"]), own_unit.get)
    total = _rollup(rows, lambda row: None).get(None, {})
    late_agency = _late_by_fault(period, base)
    # Each late dossier has one agency at fault, so the units' counts are sums over their agencies.
    late_unit: dict[Hashable, int] = {}
    for agency_id, n in late_agency.items():
        unit_id = unit_of.get(agency_id)
        late_unit[unit_id] = late_unit.get(unit_id, 0) + n
    steps_agency = _participation(period, province, by_unit=False)
    steps_unit = _participation(period, province, by_unit=True)
    catalogue = catalogue_by_unit(province, period)
    feedback_agency = _feedback_by_agency(period, province)
    feedback_unit: dict[Hashable, dict[str, int]] = {}
    for agency_id, row in feedback_agency.items():
        unit_total = feedback_unit.setdefault(
            unit_of.get(agency_id), dict.fromkeys(FEEDBACK_COUNTS, 0)
        )
        for name in FEEDBACK_COUNTS:
            unit_total[name] += row.get(name, 0)

    def build(row, subject, late, extra_steps, feedback=None) -> Counts:
        counts = _counts(row or {})
        counts.ended += extra_steps
        counts.late = late
        for name, value in (feedback or {}).items():
            setattr(counts, name, value)
        for name, value in catalogue_of(catalogue, subject).items():
            setattr(counts, name, value)
        return counts

    agency_scores = []
    units: dict[int, Any] = {}
    for agency in agency_list:
        units.setdefault(agency.unit_id, agency.unit)
        counts = build(
            by_agency.get(agency.pk),
            agency,
            late_agency.get(agency.pk, 0),
            steps_agency.get(agency.pk, 0),
            feedback_agency.get(agency.pk),
        )
        agency_scores.append(UnitScore(agency, counts, scorecard(counts, period.end)))
    commune_scores = []
    for unit_id, unit in sorted(units.items(), key=lambda item: (item[1].level, item[1].name)):
        counts = build(
            by_unit.get(unit_id),
            unit,
            late_unit.get(unit_id, 0),
            steps_unit.get(unit_id, 0),
            feedback_unit.get(unit_id),
        )
        commune_scores.append(UnitScore(unit, counts, scorecard(counts, period.end)))
    province_counts = _counts(total)
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


def progress_records(period: Period, user, *, agency=None, unit=None) -> QuerySet:
    """The ended dossiers behind the on-time rate (2.1) of `agency` (or of commune `unit`, or the province
    when neither is given), each annotated with `fault_agency_id` (the agency a late dossier is attributed
    to), `late_anywhere` (late) and `late_here` (late, and late for this unit). Counting them gives exactly
    the dashboard's figures: `.count()` is the rate's n, `.filter(late_here=True).count()` its late
    dossiers (test_drilldown).
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
    qs = qs.annotate(fault_agency_id=_fault_agency())
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
