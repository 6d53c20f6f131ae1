"""The daily facts from the records: what each dossier contributes, read from the database (issue 10 §7).

`facts_of(dossier)` builds a dossier's `facts.DossierFacts` from its rows (the dossier, its work steps,
its apology, its rating, its digitised documents, the feedback items about it), with the counting rules
of docs/indicators.md. `refresh(dossier)` is what every write that changes a dossier's contribution
calls inside its own transaction (the one-stop workflow's `record`, the rating, the feedback item that
names a dossier): it stores the working days, the agency at fault and the contribution on the dossier
and moves the fact tables by the difference. `rebuild()` rewrites everything from the records (a repair,
and the data migration of databases that predate the facts); `verify()` lists every difference between
the tables and a recomputation (`neuguong facts --verify`).

The seed builds the same `DossierFacts` for the dossiers it generates (`onestop/seed/facts.py`), through
the same `deadlines.fault_agency_id`, `formulas.processing_working_days` and `facts.contribution`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Subquery

from neuguong.core.rules.selectors import LEGAL_TZ
from neuguong.dashboards import facts as daily
from neuguong.dashboards.indicators.formulas import processing_working_days
from neuguong.onestop.constants import (
    Channel,
    DossierState,
    OnlineLevel,
    PaymentMethod,
    RatingValue,
)
from neuguong.onestop.services import deadlines

CHUNK = 2000
WITH_RESULT = frozenset(str(s) for s in (DossierState.DONE, DossierState.RETURNED))
WORK_STEPS = tuple(str(k) for k in deadlines.WORK_STEP_KINDS)

# The dossier's own columns the facts read, then what `_annotate` adds from the related rows.
COLUMNS = (
    "pk",
    "province_code",
    "handling_agency_id",
    "procedure_id",
    "received_at",
    "channel",
    "fee",
    "payment_method",
    "state",
    "result_file",
    "processing_ended_at",
    "paused_hours",
    "late_by_rule",
    "appointment_at",
    "original_appointment_at",
    # what is stored (compared, then rewritten when it differs)
    "facts",
    "processing_days",
    "late_agency_id",
)
RELATED = ("f_unit", "f_online_level", "f_digitised", "f_feedback", "f_rating", "f_apology")


def live_models() -> SimpleNamespace:
    """The models the facts are read from and written to. The data migration passes the historical
    ones instead (onestop/migrations/0006)."""
    from neuguong.dashboards.models import DailyFact, MonthlyFact, ProcedureMonthFact
    from neuguong.feedback.models import FeedbackItem
    from neuguong.onestop.models import Apology, Dossier, DossierDocument, DossierStep, Rating

    return SimpleNamespace(
        Dossier=Dossier,
        DossierStep=DossierStep,
        DossierDocument=DossierDocument,
        Apology=Apology,
        Rating=Rating,
        FeedbackItem=FeedbackItem,
        DailyFact=DailyFact,
        MonthlyFact=MonthlyFact,
        ProcedureMonthFact=ProcedureMonthFact,
    )


def _annotate(qs, m):
    """The dossier rows with what the facts need from the related rows, as subqueries (one query, and
    `select_for_update(of=("self",))` locks the dossier only)."""
    return qs.annotate(
        f_unit=F("handling_agency__unit"),
        f_online_level=F("procedure__online_level"),
        f_digitised=Exists(
            m.DossierDocument.objects.filter(dossier=OuterRef("pk"), digitised=True)
        ),
        # 5.4: a feedback item about the dossier counts as a complaint, whatever its kind or state.
        f_feedback=Exists(m.FeedbackItem.objects.filter(dossier=OuterRef("pk"))),
        f_rating=Subquery(m.Rating.objects.filter(dossier=OuterRef("pk")).values("value")[:1]),
        f_apology=Subquery(m.Apology.objects.filter(dossier=OuterRef("pk")).values("agency")[:1]),
    ).values(*COLUMNS, *RELATED)


@dataclass(frozen=True)
class StepRow:
    """What the facts read of a work step: `deadlines.fault_agency_id` takes these attributes."""

    order: int
    actor_kind: str
    result: str
    agency_id: int
    unit_id: int | None


def _steps(dossier_ids: Iterable[int], m) -> dict[int, list[StepRow]]:
    """The work steps (process, sign, hand-over) of the dossiers, in order, in one query."""
    rows = (
        m.DossierStep.objects.filter(dossier_id__in=list(dossier_ids), actor_kind__in=WORK_STEPS)
        .order_by("dossier_id", "order")
        .values_list("dossier_id", "order", "actor_kind", "result", "agency_id", "agency__unit")
    )
    out: dict[int, list[StepRow]] = {}
    for dossier_id, *step in rows:
        out.setdefault(dossier_id, []).append(StepRow(*step))
    return out


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(LEGAL_TZ).date() if moment is not None else None


def _ended_at(row: Mapping[str, Any]) -> dt.datetime | None:
    """Processing ended after receipt (a dossier refused before receipt never counts)."""
    return row["processing_ended_at"] if row["received_at"] is not None else None


def facts_from_row(row: Mapping[str, Any], steps: list[StepRow]) -> daily.DossierFacts:
    """The DossierFacts of one dossier row of `_annotate` and its work steps: the counting rules of
    docs/indicators.md (the seed's `dossier_facts` is the same rule for generated dossiers)."""
    received_at, ended_at = row["received_at"], _ended_at(row)
    state, has_file = str(row["state"]), bool(row["result_file"])
    with_result = state in WITH_RESULT
    processing_days = late_agency = None
    late = False
    if ended_at is not None:
        processing_days = processing_working_days(
            deadlines.hours_between(received_at, ended_at), row["paused_hours"]
        )
        due = row["original_appointment_at"] or row["appointment_at"]
        late = bool(row["late_by_rule"]) or (due is not None and ended_at > due)
        if late:
            late_agency = deadlines.fault_agency_id(
                row["handling_agency_id"], row["f_apology"], steps
            )
    online = row["channel"] == Channel.ONLINE
    return daily.DossierFacts(
        province_code=row["province_code"],
        handling_agency_id=row["handling_agency_id"],
        handling_unit_id=row["f_unit"],
        procedure_id=row["procedure_id"],
        received_on=_day(received_at),
        online=online,
        online_service=online and row["f_online_level"] != OnlineLevel.NONE,
        with_fee=row["fee"] > 0,
        paid_online=row["payment_method"] == PaymentMethod.ONLINE,
        # 4.2: a digitised document, and for a dossier with a result, the result issued electronically.
        digitised=bool(row["f_digitised"]) and (not with_result or has_file),
        ended_on=_day(ended_at),
        completed=ended_at is not None and with_result,
        e_result=with_result and has_file,
        complained=row["f_rating"] == RatingValue.DISSATISFIED or bool(row["f_feedback"]),
        processing_days=processing_days,
        late=late,
        late_agency_id=late_agency,
        step_agencies=tuple((s.agency_id, s.unit_id) for s in steps),
    )


def facts_of(dossier, *, models=None) -> daily.DossierFacts:
    """The DossierFacts of `dossier` as its rows stand in the database (two queries at most)."""
    m = models or live_models()
    row = _annotate(m.Dossier.objects.filter(pk=dossier.pk), m).get()
    steps = _steps([row["pk"]], m).get(row["pk"], []) if _ended_at(row) else []
    return facts_from_row(row, steps)


def _stored(facts: daily.DossierFacts) -> dict[str, Any]:
    """What the dossier row keeps of its facts."""
    return {
        "processing_days": facts.processing_days,
        "late_agency_id": facts.late_agency_id,
        "facts": daily.contribution(facts),
    }


def _changed(row: Mapping[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in stored.items() if row[name] != value}


def refresh(dossier, *, models=None) -> daily.DossierFacts:
    """Bring `dossier`'s facts current: call it inside the transaction of every write that changes
    what the dossier contributes, after the write. Locks the dossier row (the caller usually holds the
    lock already), reads it with its related rows in one query (plus its work steps once processing
    ended), moves the fact tables from the contribution stored on the dossier to the new one
    (`facts.apply`: nothing when they are equal) and stores `processing_days`, `late_agency` and
    `facts` on the row and on `dossier`, only when they changed. Outside a transaction it opens one.
    """
    m = models or live_models()
    if not connection.in_atomic_block:
        with transaction.atomic():
            return refresh(dossier, models=m)
    locked = m.Dossier.objects.select_for_update(of=("self",)).filter(pk=dossier.pk)
    row = _annotate(locked, m).get()
    steps = _steps([row["pk"]], m).get(row["pk"], []) if _ended_at(row) else []
    facts = facts_from_row(row, steps)
    changes = _changed(row, _stored(facts))
    if "facts" in changes:
        daily.apply(row["facts"], changes["facts"])
    if changes:
        m.Dossier.objects.filter(pk=row["pk"]).update(**changes)
        for name, value in changes.items():
            setattr(dossier, name, value)
    return facts


# ---- in bulk -----------------------------------------------------------------------------------


def _batches(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _recomputed(m, chunk: int) -> Iterator[tuple[dict, dict[str, Any]]]:
    """(row, what the row should store) for every dossier, read in chunks: the dossiers with
    `.iterator()`, and one query for the work steps of each chunk."""
    rows = _annotate(m.Dossier.objects.order_by("pk"), m).iterator(chunk_size=chunk)
    for batch in _batches(rows, chunk):
        steps = _steps((r["pk"] for r in batch if _ended_at(r)), m)
        for row in batch:
            yield row, _stored(facts_from_row(row, steps.get(row["pk"], [])))


class _Sums:
    """Contributions summed in memory by province (a row of the tables carries its province)."""

    def __init__(self) -> None:
        self.days: dict[tuple, dict] = {}
        self.procedures: dict[tuple, dict] = {}
        self.province: dict[tuple, str] = {}

    def add(self, contribution: dict) -> None:
        if not contribution:
            return
        days, procedures = daily.totals([contribution])
        for target, part in ((self.days, days), (self.procedures, procedures)):
            for key, counts in part.items():
                total = target.setdefault(key, {})
                for name, value in counts.items():
                    total[name] = total.get(name, 0) + value
                self.province.setdefault(key, contribution.get("province", ""))


@dataclass(frozen=True)
class Rebuilt:
    dossiers: int
    dossiers_changed: int
    day_rows: int
    procedure_rows: int
    month_rows: int = 0


def _monthly(m):
    """The MonthlyFact model of the namespace, or None: onestop/0006 passes the historical models of a
    state before the table exists (dashboards/0004 creates it and fills it from the days)."""
    return getattr(m, "MonthlyFact", None)


def _month_sums(sums: _Sums) -> tuple[dict[tuple, dict], dict[tuple, str]]:
    """The month totals of the summed days, and the province of each (the first day's)."""
    months = daily.months(sums.days)
    province: dict[tuple, str] = {}
    for a, d in sorted(sums.days):
        province.setdefault((a, d.replace(day=1)), sums.province[(a, d)])
    return months, province


def rebuild(*, models=None, chunk: int = CHUNK) -> Rebuilt:
    """Recompute every dossier's contribution, working days and agency at fault from the records,
    store them on the dossiers that differ (`bulk_update`, by chunk) and rewrite the fact tables
    (the days, their month sums when the namespace has `MonthlyFact`, the procedures' months), in one
    transaction. A repair for a quiet database (after a restore, or code that wrote around the
    services): a service writing at the same moment could be counted on the old contribution."""
    m = models or live_models()
    monthly = _monthly(m)
    sums, seen, changed = _Sums(), 0, 0
    with transaction.atomic():
        m.DailyFact.objects.all().delete()
        if monthly is not None:
            monthly.objects.all().delete()
        m.ProcedureMonthFact.objects.all().delete()
        pending: list = []
        for row, stored in _recomputed(m, chunk):
            seen += 1
            sums.add(stored["facts"])
            if _changed(row, stored):
                pending.append(m.Dossier(pk=row["pk"], **stored))
            if len(pending) >= chunk:
                changed += _flush(m, pending)
        changed += _flush(m, pending)
        m.DailyFact.objects.bulk_create(
            (
                m.DailyFact(agency_id=a, day=d, province_code=sums.province[(a, d)], **counts)
                for (a, d), counts in sorted(sums.days.items())
            ),
            batch_size=chunk,
        )
        m.ProcedureMonthFact.objects.bulk_create(
            (
                m.ProcedureMonthFact(
                    agency_id=a,
                    procedure_id=p,
                    month=month,
                    province_code=sums.province[(a, p, month)],
                    **counts,
                )
                for (a, p, month), counts in sorted(sums.procedures.items())
            ),
            batch_size=chunk,
        )
        months: dict[tuple, dict] = {}
        if monthly is not None:
            months, month_province = _month_sums(sums)
            monthly.objects.bulk_create(
                (
                    monthly(agency_id=a, month=month, province_code=month_province[(a, month)], **c)
                    for (a, month), c in sorted(months.items())
                ),
                batch_size=chunk,
            )
    return Rebuilt(seen, changed, len(sums.days), len(sums.procedures), len(months))


def _flush(m, pending: list) -> int:
    n = len(pending)
    if pending:
        m.Dossier.objects.bulk_update(pending, ["processing_days", "late_agency_id", "facts"])
        pending.clear()
    return n


# ---- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One count that is not what the records give: `table` is "daily" (key: agency, day),
    "monthly" (agency, first day of the month), "procedure" (agency, procedure, month) or "dossier" (the dossier's id; `field` is what it
    stores: facts, processing_days or late_agency_id)."""

    table: str
    key: tuple
    field: str
    stored: Any
    expected: Any


def _table_rows(model, keys: tuple[str, ...], counts: tuple[str, ...]) -> dict[tuple, dict]:
    rows = model.objects.values_list(*keys, *counts).iterator(chunk_size=CHUNK)
    return {
        tuple(row[: len(keys)]): dict(zip(counts, row[len(keys) :], strict=True)) for row in rows
    }


def _compare(table: str, stored: dict, expected: dict, counts: tuple[str, ...]) -> list[Difference]:
    out = []
    for key in sorted(set(stored) | set(expected)):
        have, want = stored.get(key, {}), expected.get(key, {})
        for name in counts:
            a, b = have.get(name, 0), want.get(name, 0)
            if Decimal(a) != Decimal(b):
                out.append(Difference(table, key, name, a, b))
    return out


def verify(*, models=None, chunk: int = CHUNK) -> list[Difference]:
    """Every difference between what is stored (the fact tables, and each dossier's working days,
    agency at fault and contribution) and a recomputation from the records. Read-only. Empty when all
    is current. Run on a quiet database: a write between its reads can show as a difference."""
    m = models or live_models()
    sums, dossiers = _Sums(), []
    with transaction.atomic():
        for row, stored in _recomputed(m, chunk):
            sums.add(stored["facts"])
            for name, value in _changed(row, stored).items():
                dossiers.append(Difference("dossier", (row["pk"],), name, row[name], value))
        days = _table_rows(m.DailyFact, ("agency_id", "day"), daily.DAY_COUNTS)
        procedures = _table_rows(
            m.ProcedureMonthFact, ("agency_id", "procedure_id", "month"), daily.PROCEDURE_COUNTS
        )
        monthly = _monthly(m)
        months = (
            _table_rows(monthly, ("agency_id", "month"), daily.DAY_COUNTS)
            if monthly is not None
            else None
        )
    return [
        *_compare("daily", days, sums.days, daily.DAY_COUNTS),
        *(
            _compare("monthly", months, daily.months(sums.days), daily.DAY_COUNTS)
            if months is not None
            else []
        ),
        *_compare("procedure", procedures, sums.procedures, daily.PROCEDURE_COUNTS),
        *dossiers,
    ]
