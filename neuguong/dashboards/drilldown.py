"""The records behind every figure of the staff dashboard (issue 10 §3, docs/indicators.md "Drill-down").

For each measured Decision 766 item, `figure_records(code, period, user, agency=… | unit=…)` returns the
records the dashboard counted for that agency, commune or (neither) the province, read from the records
themselves (dossiers, procedures or feedback items), each annotated with `counted`: True when the record
is in the item's numerator ("received online", "paid online", "answered on time"). `summarise` counts them
in one query, so the page's n and numerator are the list's own. The counting rules are those of
docs/indicators.md and of `selectors.province_dashboard`; `test_drilldown_items` checks that the lists add
up to the dashboard for every agency, commune and the province.

Scope: the user's provinces (`org.access.scope_for`), as on the dashboard. The lists read codes, procedures,
agencies, channels, dates and flags: never an applicant's name, ID, phone or address (`.only()` below).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.card import complete_parts_q, working_days
from neuguong.dashboards.indicators.formulas import published_in_time
from neuguong.dashboards.selectors import WITH_RESULT, Period, progress_records
from neuguong.feedback.constants import ItemKind, ItemState, Rating
from neuguong.feedback.models import FeedbackItem
from neuguong.onestop.constants import Channel, OnlineLevel, PaymentMethod, RatingValue
from neuguong.onestop.models import Dossier, DossierDocument, Procedure
from neuguong.org.access import scope_for
from neuguong.org.models import Agency

DOSSIER, PROCEDURE, FEEDBACK = "dossier", "procedure", "feedback"


@dataclass(frozen=True)
class Spec:
    """One item's drill-down: what its records are, and what the flag says of each."""

    code: str
    key: str
    kind: str  # DOSSIER, PROCEDURE or FEEDBACK
    records: Promise  # which records: "dossiers received in the period"
    counted: Promise  # the flag when the record is in the numerator
    not_counted: Promise

    @property
    def label(self) -> Promise:
        return keys.ITEMS_BY_KEY[self.key].label


SPECS: dict[str, Spec] = {
    s.code: s
    for s in (
        Spec(
            "1.1",
            keys.PUBLISHED_ON_TIME,
            PROCEDURE,
            _(
                "procedures published in the period at this level, with the date their legal basis takes effect"
            ),
            _("published on time"),
            _("published late"),
        ),
        Spec(
            "1.3",
            keys.COMPLETE_PARTS,
            PROCEDURE,
            _("active procedures of the catalogue at this level"),
            _("all required parts"),
            _("parts missing"),
        ),
        Spec(
            "2.1",
            keys.ON_TIME,
            DOSSIER,
            _("dossiers whose processing ended in the period"),
            _("on time"),
            _("late"),
        ),
        Spec(
            "2.2",
            keys.AVERAGE_DAYS,
            DOSSIER,
            _("dossiers ended in the period with a result"),
            _("working days stored"),
            _("no working days stored"),
        ),
        Spec(
            "3.1",
            keys.PROCEDURES_ONLINE,
            PROCEDURE,
            _("active procedures of the catalogue at this level"),
            _("offered online"),
            _("not online"),
        ),
        Spec(
            "3.2",
            keys.SERVICES_USED,
            PROCEDURE,
            _("procedures offered online at this level"),
            _("received an online dossier"),
            _("no online dossier"),
        ),
        Spec(
            "3.3",
            keys.ONLINE_SUBMISSION,
            DOSSIER,
            _("dossiers received in the period"),
            _("received online"),
            _("not online"),
        ),
        Spec(
            "3.5",
            keys.PAYMENT_INTEGRATED,
            PROCEDURE,
            _("active fee-charging procedures of the catalogue at this level"),
            _("payable online"),
            _("not payable online"),
        ),
        Spec(
            "3.5b",
            keys.PAYMENT_TRANSACTIONS,
            PROCEDURE,
            _("procedures with a dossier with a fee received in the period"),
            _("a fee paid online"),
            _("no fee paid online"),
        ),
        Spec(
            "3.6",
            keys.PAID_ONLINE,
            DOSSIER,
            _("dossiers with a fee received in the period"),
            _("paid online"),
            _("not paid online"),
        ),
        Spec(
            "4.1",
            keys.E_RESULTS,
            DOSSIER,
            _("dossiers ended in the period with a result"),
            _("electronic result"),
            _("no electronic result"),
        ),
        Spec(
            "4.2",
            keys.DIGITISED,
            DOSSIER,
            _("dossiers received in the period"),
            _("digitised"),
            _("not digitised"),
        ),
        Spec(
            "5.2",
            keys.FEEDBACK_ON_TIME,
            FEEDBACK,
            _("feedback items answered in the period"),
            _("answered on time"),
            _("answered late"),
        ),
        Spec(
            "5.3",
            keys.FEEDBACK_SATISFACTION,
            FEEDBACK,
            _("feedback items answered in the period"),
            _("satisfied"),
            _("unsatisfied"),
        ),
        Spec(
            "5.4",
            keys.PROCEDURE_SATISFACTION,
            DOSSIER,
            _("dossiers whose processing ended in the period"),
            _("neither late nor complained about"),
            _("late or complained about"),
        ),
    )
}
CODE_OF_KEY = {s.key: s.code for s in SPECS.values()}

# What a dossier row shows: never the applicant (name, ID, phone, address, account).
DOSSIER_FIELDS = (
    "code",
    "channel",
    "state",
    "fee",
    "payment_method",
    "received_at",
    "appointment_at",
    "original_appointment_at",
    "processing_ended_at",
    "late_by_rule",
    "supplement_count",
    "result_file",
    "processing_days",
    "procedure__code",
    "procedure__name",
    "handling_agency__name",
)
FEEDBACK_FIELDS = (
    "code",
    "channel",
    "state",
    "submitted_at",
    "answered_at",
    "answer_due_at",
    "answered_late",
    "rating",
    "reopened_count",
    "category__name",
    "agency__name",
)


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _in_scope(qs: QuerySet, provinces: set[str] | None) -> QuerySet:
    return qs if provinces is None else qs.filter(province_code__in=provinces)


def _handled_by(agency, unit, prefix: str = "") -> Q:
    """The dossiers (or items) counted for `agency`, or commune `unit`, or (neither) the province."""
    if agency is not None:
        return Q(**{f"{prefix}handling_agency": agency})
    if unit is not None:
        return Q(**{f"{prefix}handling_agency__unit": unit})
    return Q()


def _received(period: Period, prefix: str = "") -> Q:
    start, end = period.bounds()
    return Q(**{f"{prefix}received_at__gte": start, f"{prefix}received_at__lt": end})


def _ended(period: Period) -> Q:
    start, end = period.bounds()
    return Q(processing_ended_at__gte=start, processing_ended_at__lt=end, received_at__isnull=False)


def _e_result() -> Q:
    return Q(result_file__isnull=False) & ~Q(result_file="")


def _complained() -> Q:
    """5.4: rated dissatisfied, or a feedback item raised about the dossier (each dossier once)."""
    return Q(rating__value=RatingValue.DISSATISFIED) | Q(
        Exists(FeedbackItem.objects.filter(dossier=OuterRef("pk")))
    )


def _digitised() -> Q:
    """4.2: a digitised document and, where a result is issued, an electronic result."""
    document = Exists(DossierDocument.objects.filter(dossier=OuterRef("pk"), digitised=True))
    return Q(document) & (~Q(state__in=WITH_RESULT) | _e_result())


def _own_catalogue(agency, unit) -> Q:
    """The catalogue of a unit (items 1.1, 1.3, 3.1, 3.2, 3.5): the procedures of the agency's (or the
    commune's) own province and level, as `card.catalogue_of`; the province: every procedure in scope."""
    subject = agency if agency is not None else unit
    if subject is None:
        return Q()
    return Q(province_code=subject.province_code, level=subject.level)


# ---- the records of each kind -------------------------------------------------------------------------


def _dossier_records(spec: Spec, period: Period, user, provinces, agency, unit) -> QuerySet:
    if spec.code in ("2.1", "5.4"):
        # Each agency answers for its own steps (interconnected dossiers): the 2.1 list decides.
        qs = progress_records(period, user, agency=agency, unit=unit)
        if spec.code == "2.1":
            return qs.annotate(counted=_flag(Q(late_here=False)))
        # 5.4: a dossier is complained about for its handling agency (and commune) only.
        complained = _complained() & _handled_by(agency, unit)
        return qs.annotate(
            complained_here=_flag(complained), counted=_flag(Q(late_here=False) & ~complained)
        )
    base = _in_scope(Dossier.objects.filter(_handled_by(agency, unit)), provinces)
    if spec.code == "2.2":
        qs = base.filter(_ended(period), state__in=WITH_RESULT)
        counted = Q(processing_days__isnull=False)
    elif spec.code == "4.1":
        qs = base.filter(_ended(period), state__in=WITH_RESULT)
        counted = _e_result()
    elif spec.code == "3.3":
        qs, counted = base.filter(_received(period)), Q(channel=Channel.ONLINE)
    elif spec.code == "3.6":
        qs = base.filter(_received(period), fee__gt=0)
        counted = Q(payment_method=PaymentMethod.ONLINE)
    elif spec.code == "4.2":
        qs, counted = base.filter(_received(period)), _digitised()
    else:  # pragma: no cover - SPECS and this function change together
        raise KeyError(spec.code)
    order = "processing_ended_at" if spec.code in ("2.2", "4.1") else "received_at"
    return qs.annotate(counted=_flag(counted)).order_by(order, "pk")


def _procedure_records(spec: Spec, period: Period, provinces, agency, unit) -> QuerySet:
    # The dossiers' procedures as semi-joins (`pk IN (SELECT procedure_id …)`): one pass over the period's
    # dossiers, not one probe per procedure.
    received = _in_scope(
        Dossier.objects.filter(_handled_by(agency, unit), _received(period)), provinces
    )
    if spec.code == "3.5b":
        # Counted from the dossiers: the fee-charging procedures the unit received dossiers for.
        with_fee = received.filter(fee__gt=0)
        paid = with_fee.filter(payment_method=PaymentMethod.ONLINE)
        return (
            Procedure.objects.filter(pk__in=with_fee.values("procedure_id"))
            .annotate(counted=_flag(Q(pk__in=paid.values("procedure_id"))))
            .order_by("code", "pk")
        )
    if spec.code == "1.1":
        # The procedures announced in the period (active or not), those that can be judged: with the
        # day their legal basis takes effect.
        catalogue = Procedure.objects.filter(
            published_on__gte=period.start,
            published_on__lte=period.end,
            legal_basis_effective_on__isnull=False,
        )
    else:
        catalogue = Procedure.objects.filter(is_active=True)
    catalogue = _in_scope(catalogue, provinces).filter(_own_catalogue(agency, unit))
    if spec.code == "1.1":
        counted = _published_in_time(catalogue)
    elif spec.code == "1.3":
        counted = complete_parts_q()
    elif spec.code == "3.1":
        counted = ~Q(online_level=OnlineLevel.NONE)
    elif spec.code == "3.5":
        catalogue = catalogue.filter(fee__gt=0)
        counted = Q(online_payment=True)
    elif spec.code == "3.2":
        catalogue = catalogue.exclude(online_level=OnlineLevel.NONE)
        online = received.filter(channel=Channel.ONLINE)
        counted = Q(pk__in=online.values("procedure_id"))
    else:  # pragma: no cover
        raise KeyError(spec.code)
    return catalogue.annotate(counted=_flag(counted)).order_by("code", "pk")


def _published_in_time(procedures: QuerySet) -> Q:
    """1.1 as a filter: the (announced, takes effect) pairs of `procedures` judged on time by
    `formulas.published_in_time` (on the working-day calendar, so in Python: once per distinct pair,
    a few per announcing decision, as `card.catalogue_by_level` does; one query)."""
    pairs = procedures.order_by().values_list("published_on", "legal_basis_effective_on").distinct()
    in_time = Q(pk__in=[])
    for published_on, effective_on in pairs:
        if published_in_time(published_on=published_on, effective_on=effective_on):
            in_time |= Q(published_on=published_on, legal_basis_effective_on=effective_on)
    return in_time


def _feedback_records(spec: Spec, period: Period, provinces, agency, unit) -> QuerySet:
    """5.2 and 5.3: the feedback items (phản ánh, kiến nghị; not complaints, denunciations or merged
    duplicates) answered in the period, for their responsible agency and its commune."""
    start, end = period.bounds()
    qs = FeedbackItem.objects.filter(
        kind=ItemKind.FEEDBACK, answered_at__gte=start, answered_at__lt=end
    ).exclude(state=ItemState.MERGED)
    qs = _in_scope(qs, provinces)
    if agency is not None:
        qs = qs.filter(agency=agency)
    elif unit is not None:
        qs = qs.filter(agency__unit=unit)
    if spec.code == "5.2":
        counted = Q(answered_late=False)
    else:
        counted = ~(Q(rating=Rating.DISSATISFIED) | Q(reopened_count__gt=0) | Q(answered_late=True))
    return qs.annotate(counted=_flag(counted)).order_by("answered_at", "pk")


def figure_records(code: str, period: Period, user, *, agency=None, unit=None) -> QuerySet:
    """The records behind item `code` of `agency` (or of commune `unit`, or of the province), each with
    `counted`. KeyError for an item with no drill-down. The caller has checked that the agency or unit is
    one of the user's provinces (as the dashboard lists them)."""
    spec = SPECS[code]
    provinces = scope_for(user).province_codes()
    if spec.kind == DOSSIER:
        qs = _dossier_records(spec, period, user, provinces, agency, unit)
        qs = qs.select_related("procedure", "handling_agency").only(*DOSSIER_FIELDS)
        if code in ("2.1", "5.4"):
            fault = Agency.objects.filter(pk=OuterRef("fault_agency_id")).values("name")[:1]
            qs = qs.annotate(fault_name=Subquery(fault))
        return qs
    if spec.kind == PROCEDURE:
        return _procedure_records(spec, period, provinces, agency, unit)
    return (
        _feedback_records(spec, period, provinces, agency, unit)
        .select_related("category", "agency")
        .only(*FEEDBACK_FIELDS)
    )


@dataclass(frozen=True)
class Summary:
    """What the list adds up to: n (the item's denominator) and the records counted in the numerator;
    for 2.2 the sum of working days, for 5.4 the late and complained-about dossiers."""

    n: int
    counted: int
    days: Decimal | None = None
    late: int = 0
    complained: int = 0

    @property
    def numerator(self) -> int | Decimal:
        """The item's numerator as the dashboard shows it (2.2: Σ working days)."""
        return self.days if self.days is not None else self.counted


def summarise(code: str, records: QuerySet) -> Summary:
    """n and the numerator of `records` (from `figure_records`), in one query."""
    aggregates: dict[str, Any] = {
        "n": Count("pk"),
        "counted_n": Count("pk", filter=Q(counted=True)),
    }
    if code == "2.2":
        aggregates["days"] = Sum("processing_days")
    if code == "5.4":
        aggregates["late"] = Count("pk", filter=Q(late_here=True))
        aggregates["complained"] = Count("pk", filter=Q(complained_here=True))
    row = records.order_by().aggregate(**aggregates)
    days = row.get("days")
    return Summary(
        n=row["n"],
        counted=row["counted_n"],
        # Working days are stored to 2 places; SQLite sums decimals as floats (…0.0400000001).
        days=working_days(days or 0) if code == "2.2" else None,
        late=row.get("late") or 0,
        complained=row.get("complained") or 0,
    )
