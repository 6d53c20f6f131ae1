"""The daily facts of the indicators, kept current by the services and the seed (issue 10 §7).

A dossier's *contribution* is what it adds to the facts (`DailyFact` per agency and day, their
sums per agency and month in `MonthlyFact`, and `ProcedureMonthFact` per agency, procedure and month),
computed by one pure function from a
`DossierFacts` (the few things the indicators need to know of it). The contribution applied last is
stored on the dossier (`Dossier.facts`), so any change to a dossier moves the facts by the difference,
inside the service's own transaction: `apply(old, new)` (docs/indicators.md, "Daily facts").

The seed builds the same `DossierFacts` for the dossiers it generates and sums the same contributions,
so a generated dossier counts exactly as one handled at a desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

DAY_COUNTS = (
    "received",
    "received_online",
    "with_fee",
    "paid_online",
    "digitised",
    "ended",
    "completed",
    "e_results",
    "complained",
    "processing_days",
    "late",
    "step_ended",
    "step_ended_unit",
)
PROCEDURE_COUNTS = ("received_online", "with_fee", "paid_online")


@dataclass(frozen=True)
class DossierFacts:
    """What the indicators need to know of one dossier, as it stands.

    `received_on` and `ended_on` are days of Vietnam's calendar (None while not received / not ended).
    `online_service`: received online for a procedure offered online (3.2). `late_agency_id` is the
    agency at fault when late (None: the handling agency). `step_agencies` are the (agency, its unit) of
    the dossier's work steps, in step order (interconnected dossiers: each agency answers for its steps).
    """

    province_code: str
    handling_agency_id: int
    handling_unit_id: int | None
    procedure_id: int
    received_on: dt.date | None = None
    online: bool = False
    online_service: bool = False
    with_fee: bool = False
    paid_online: bool = False
    digitised: bool = False
    ended_on: dt.date | None = None
    completed: bool = False
    e_result: bool = False
    complained: bool = False
    processing_days: Decimal | None = None
    late: bool = False
    late_agency_id: int | None = None
    step_agencies: tuple[tuple[int, int | None], ...] = ()


def _day_key(agency_id: int, day: dt.date) -> str:
    return f"{agency_id}|{day.isoformat()}"


def _procedure_key(agency_id: int, procedure_id: int, day: dt.date) -> str:
    return f"{agency_id}|{procedure_id}|{day:%Y-%m}"


def contribution(facts: DossierFacts) -> dict:
    """The counts this dossier adds, as a JSON-able dict: {"d": {"agency|day": {count: n}}, "p":
    {"agency|procedure|yyyy-mm": {count: n}}, "province": code}. Empty while the dossier is not received.
    The counting rules are docs/indicators.md's; `test_facts` checks them against the records."""
    days: dict[str, dict[str, int | str]] = {}
    procedures: dict[str, dict[str, int]] = {}

    def add(agency_id: int, day: dt.date, name: str, n: int | str = 1) -> None:
        counts = days.setdefault(_day_key(agency_id, day), {})
        counts[name] = n

    if facts.received_on is None:
        return {}
    agency, received = facts.handling_agency_id, facts.received_on
    add(agency, received, "received")
    if facts.online:
        add(agency, received, "received_online")
    if facts.with_fee:
        add(agency, received, "with_fee")
        if facts.paid_online:
            add(agency, received, "paid_online")
    if facts.digitised:
        add(agency, received, "digitised")
    per_procedure = {
        "received_online": int(facts.online_service),
        "with_fee": int(facts.with_fee),
        "paid_online": int(facts.with_fee and facts.paid_online),
    }
    if any(per_procedure.values()):
        key = _procedure_key(agency, facts.procedure_id, received)
        procedures[key] = {name: n for name, n in per_procedure.items() if n}
    ended = facts.ended_on
    if ended is not None:
        add(agency, ended, "ended")
        if facts.completed:
            add(agency, ended, "completed")
            if facts.processing_days is not None:
                add(agency, ended, "processing_days", str(facts.processing_days))
            if facts.e_result:
                add(agency, ended, "e_results")
        if facts.complained:
            add(agency, ended, "complained")
        if facts.late:
            add(facts.late_agency_id or agency, ended, "late")
        seen_agencies: set[int] = {agency}
        seen_units: set[int | None] = {facts.handling_unit_id}
        for step_agency, step_unit in facts.step_agencies:
            if step_agency not in seen_agencies:
                seen_agencies.add(step_agency)
                add(step_agency, ended, "step_ended")
            if step_unit not in seen_units:
                seen_units.add(step_unit)
                add(step_agency, ended, "step_ended_unit")
    return {"province": facts.province_code, "d": days, "p": procedures}


def _number(value) -> Decimal | int:
    return Decimal(value) if isinstance(value, str) else int(value)


def delta(old: dict, new: dict, part: str) -> dict[str, dict[str, Decimal | int]]:
    """new − old for one part ("d" or "p"), without the zero differences."""
    out: dict[str, dict[str, Decimal | int]] = {}
    before, after = (old or {}).get(part, {}), (new or {}).get(part, {})
    for key in set(before) | set(after):
        a, b = after.get(key, {}), before.get(key, {})
        diff = {}
        for name in set(a) | set(b):
            d = _number(a.get(name, 0)) - _number(b.get(name, 0))
            if d:
                diff[name] = d
        if diff:
            out[key] = diff
    return out


def _bump(model, lookup: dict, province_code: str, diff: dict) -> None:
    """Add `diff` to the row `lookup`, creating it when it is not there yet. An F() update, so two
    transactions adding to the same row never lose an update; the create races are settled by the
    unique constraint (a savepoint, then the update)."""
    changes = {name: F(name) + value for name, value in diff.items()}
    if model.objects.filter(**lookup).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, province_code=province_code, **diff)
    except IntegrityError:
        model.objects.filter(**lookup).update(**changes)


def apply(old: dict, new: dict) -> None:
    """Move the facts from a dossier's `old` contribution to its `new` one. Call it inside the
    transaction that changed the dossier. The day differences also move the agency's month rows
    (`MonthlyFact`, their sums). Rows are touched in a fixed order, the same in every transaction (no
    deadlock between two): the day rows in key order, then the month rows, then the procedure rows."""
    from neuguong.dashboards.models import DailyFact, MonthlyFact, ProcedureMonthFact

    province = (new or old or {}).get("province", "")
    day_diffs: dict[tuple[int, dt.date], dict[str, Decimal | int]] = {}
    for key, diff in delta(old, new, "d").items():
        agency_key, day_key = key.split("|")
        day_diffs[(int(agency_key), dt.date.fromisoformat(day_key))] = diff
    for (agency_id, day), diff in sorted(day_diffs.items()):
        _bump(DailyFact, {"agency_id": agency_id, "day": day}, province, diff)
    for (agency_id, first_day), diff in sorted(months(day_diffs).items()):
        if month_diff := {name: value for name, value in diff.items() if value}:
            _bump(MonthlyFact, {"agency_id": agency_id, "month": first_day}, province, month_diff)
    for key, diff in sorted(delta(old, new, "p").items()):
        agency, procedure, month = key.split("|")
        lookup = {
            "agency_id": int(agency),
            "procedure_id": int(procedure),
            "month": dt.date.fromisoformat(month + "-01"),
        }
        _bump(ProcedureMonthFact, lookup, province, diff)


def totals(contributions: Iterable[dict]) -> tuple[dict, dict]:
    """Sum contributions in memory (the seed, and `neuguong facts --verify`): {(agency, day): counts},
    {(agency, procedure, month): counts}."""
    days: dict[tuple, dict] = {}
    procedures: dict[tuple, dict] = {}
    for item in contributions:
        for key, counts in (item or {}).get("d", {}).items():
            agency, day = key.split("|")
            row = days.setdefault((int(agency), dt.date.fromisoformat(day)), {})
            for name, value in counts.items():
                row[name] = row.get(name, 0) + _number(value)
        for key, counts in (item or {}).get("p", {}).items():
            agency, procedure, month = key.split("|")
            k = (int(agency), int(procedure), dt.date.fromisoformat(month + "-01"))
            row = procedures.setdefault(k, {})
            for name, value in counts.items():
                row[name] = row.get(name, 0) + _number(value)
    return days, procedures


def months(days: Mapping[tuple[int, dt.date], Mapping[str, Decimal | int]]) -> dict[tuple, dict]:
    """Day counts summed into month counts: {(agency, day): counts} → {(agency, first day of the
    month): counts} (`apply`, the seed, `facts_records.rebuild` and `verify`: what `MonthlyFact`
    holds is exactly the sum of the agency's `DailyFact` rows of the month)."""
    out: dict[tuple, dict] = {}
    for (agency, day), counts in days.items():
        row = out.setdefault((agency, day.replace(day=1)), {})
        for name, value in counts.items():
            row[name] = row.get(name, 0) + value
    return out
