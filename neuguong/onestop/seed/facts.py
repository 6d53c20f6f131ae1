"""What a generated dossier adds to the indicators' facts, and writing those facts in bulk.

Each DossierSim, once its story is played up to now, gets what the services store on a dossier
(`dashboards.facts_records.refresh`): its working days (`processing_days`, once processing ended),
the agency at fault when late (`late_agency_id`) and its contribution to the daily facts (`facts`),
from the same `DossierFacts` the services build from the rows, through the same functions
(`deadlines.fault_agency_id`, `formulas.processing_working_days`, `facts.contribution`). A batch's
contributions are summed in memory and added to `DailyFact`, `MonthlyFact` (the days' sums per
month) and `ProcedureMonthFact` with one upsert per table, in the batch's own transaction (docs/seed.md, "The indicators' facts").
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from neuguong.onestop.seed.dossier import DossierSim
    from neuguong.onestop.seed.world import World

WITH_RESULT = frozenset(str(s) for s in (DossierState.DONE, DossierState.RETURNED))
WORK_STEPS = frozenset(str(k) for k in deadlines.WORK_STEP_KINDS)
ONLINE, NOT_ONLINE = int(Channel.ONLINE), str(OnlineLevel.NONE)
PAID_ONLINE, DISSATISFIED = str(PaymentMethod.ONLINE), str(RatingValue.DISSATISFIED)
CENTS = Decimal("0.01")


def _day(at: dt.datetime | None) -> dt.date | None:
    return at.astimezone(LEGAL_TZ).date() if at is not None else None


def _stored(hours: Decimal) -> Decimal:
    """The paused hours as the dossier's column keeps them (2 decimals): what a recomputation from
    the records reads."""
    return Decimal(hours).quantize(CENTS, ROUND_HALF_UP)


def dossier_facts(d: DossierSim, world: World) -> daily.DossierFacts:
    """The DossierFacts of a generated dossier as it stands: what `facts_records.facts_of` reads
    from its rows. The seed writes no documents (never digitised), no result file (no e-result)
    and no feedback items (complained = rated dissatisfied)."""
    ended_at = d.processing_ended_at if d.received_at is not None else None
    late = ended_at is not None and (
        d.late_by_rule
        or ((due := d.original_appointment_at or d.appointment_at) is not None and ended_at > due)
    )
    processing_days = None
    if ended_at is not None:
        assert d.received_at is not None  # (ended_at is only set for a received dossier)
        processing_days = processing_working_days(
            deadlines.hours_between(d.received_at, ended_at), _stored(d.paused_hours)
        )
    late_agency = None
    if late:
        apology = d.apology.agency_id if d.apology is not None else None
        late_agency = deadlines.fault_agency_id(d.handling_agency_id, apology, d.steps)
    units = world.units
    with_fee = bool(d.fee and d.fee > 0)
    online = d.channel == ONLINE
    return daily.DossierFacts(
        province_code=d.province_code,
        handling_agency_id=d.handling_agency_id,
        handling_unit_id=units.get(d.handling_agency_id),
        procedure_id=d.procedure_id,
        received_on=_day(d.received_at),
        online=online,
        online_service=online and d.proc.online_level != NOT_ONLINE,
        with_fee=with_fee,
        paid_online=d.payment_method == PAID_ONLINE,
        digitised=False,
        ended_on=_day(ended_at),
        completed=d.state in WITH_RESULT,
        e_result=False,
        complained=d.rating is not None and str(d.rating.value) == DISSATISFIED,
        processing_days=processing_days,
        late=late,
        late_agency_id=late_agency,
        step_agencies=tuple(
            (s.agency_id, units.get(s.agency_id))
            for s in sorted(d.steps, key=lambda s: s.order)
            if s.actor_kind in WORK_STEPS
        ),
    )


def stamp(d: DossierSim, world: World) -> None:
    """Set what the services store on a dossier about its facts: `processing_days`,
    `late_agency_id` and `facts` (the contribution)."""
    facts = dossier_facts(d, world)
    d.processing_days = facts.processing_days
    d.late_agency_id = facts.late_agency_id
    d.facts = daily.contribution(facts)


# ---- writing the sums ---------------------------------------------------------------------------


class FactTables:
    """The upserts that add a batch's summed contributions to the fact tables: a row that is not
    there yet is inserted, one that is (an earlier batch, another worker, an earlier run) gets the
    counts added. Rows go in key order, table after table (days, months, procedures: the order of
    `facts.apply`), so two workers adding to the same rows wait for each other instead of
    deadlocking."""

    def __init__(self, connection):
        from neuguong.dashboards.models import DailyFact, MonthlyFact, ProcedureMonthFact

        self.connection = connection
        self.day = self._upsert(DailyFact, ("agency_id", "day"), daily.DAY_COUNTS)
        self.month = self._upsert(MonthlyFact, ("agency_id", "month"), daily.DAY_COUNTS)
        self.procedure = self._upsert(
            ProcedureMonthFact, ("agency_id", "procedure_id", "month"), daily.PROCEDURE_COUNTS
        )

    def _upsert(self, model, keys: tuple[str, ...], counts: tuple[str, ...]) -> str:
        q = self.connection.ops.quote_name
        table = q(model._meta.db_table)
        column = {f.attname: f.column for f in model._meta.concrete_fields}
        names = [*keys, "province_code", *counts]
        columns = ", ".join(q(column[n]) for n in names)
        marks = ", ".join(["%s"] * len(names))
        conflict = ", ".join(q(column[k]) for k in keys)
        added = ", ".join(
            f"{q(column[c])} = {table}.{q(column[c])} + excluded.{q(column[c])}" for c in counts
        )
        return (
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) "  # noqa: S608 (names from the models)
            f"ON CONFLICT ({conflict}) DO UPDATE SET {added}"
        )

    def rows(self, contributions: list[dict]) -> tuple[list[tuple], list[tuple], list[tuple]]:
        """The parameters of the upserts (days, months, procedures), summed over `contributions`,
        in key order."""
        by_province: dict[str, list[dict]] = {}
        for item in contributions:
            if item:
                by_province.setdefault(item.get("province", ""), []).append(item)
        adapt = self.connection.ops.adapt_datefield_value
        day_rows: list[tuple] = []
        month_rows: list[tuple] = []
        procedure_rows: list[tuple] = []
        for province, items in by_province.items():
            days, procedures = daily.totals(items)
            names = daily.PROCEDURE_COUNTS
            day_rows.extend(
                (agency, day, province, *(counts.get(name, 0) for name in daily.DAY_COUNTS))
                for (agency, day), counts in days.items()
            )
            month_rows.extend(
                (agency, month, province, *(counts.get(name, 0) for name in daily.DAY_COUNTS))
                for (agency, month), counts in daily.months(days).items()
            )
            procedure_rows.extend(
                (agency, procedure, month, province, *(counts.get(n, 0) for n in names))
                for (agency, procedure, month), counts in procedures.items()
            )
        day_rows.sort(key=lambda row: row[:2])
        month_rows.sort(key=lambda row: row[:2])
        procedure_rows.sort(key=lambda row: row[:3])
        return (
            [(a, adapt(day), *rest) for a, day, *rest in day_rows],
            [(a, adapt(month), *rest) for a, month, *rest in month_rows],
            [(a, p, adapt(month), *rest) for a, p, month, *rest in procedure_rows],
        )

    def write(self, cursor, contributions: list[dict]) -> int:
        """Add the contributions to the tables, inside the caller's transaction. Returns the rows
        inserted or updated."""
        day_rows, month_rows, procedure_rows = self.rows(contributions)
        for sql, rows in (
            (self.day, day_rows),
            (self.month, month_rows),
            (self.procedure, procedure_rows),
        ):
            if rows:
                cursor.executemany(sql, rows)
        return len(day_rows) + len(month_rows) + len(procedure_rows)
