"""The rows a generated dossier is made of, and its audit snapshots, computed once per change.

`Snapshots.take` gives what `registry.snapshot(dossier)` gives for the row as it is now: every
value goes through the registry's own `snapshot_values` (personal fields as keyed hashes), but only
the fields that changed since the dossier's previous event; the others are the previous event's.
Datetimes are handed over as their memoised jsonable text, which jsonable leaves as it is. A
step's fingerprint row is recomputed only when that step changed (any attribute set drops it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from neuguong.core.audit.registry import registration_for, snapshot_values
from neuguong.onestop.models import Dossier
from neuguong.onestop.seed.rows import ISO
from neuguong.onestop.services.audit import STEP_FINGERPRINT_FIELDS

_fingerprint_row = attrgetter(*STEP_FINGERPRINT_FIELDS)


class StepSim:
    """A DossierStep row. Setting any attribute drops the fingerprint caches (its own row and its
    dossier's fingerprint), so no change of a step can be missed by the next snapshot."""

    __slots__ = (
        "_owner",
        "_row",
        "actor_kind",
        "agency_id",
        "completed_at",
        "dossier_id",
        "due_at",
        "handed_over_by_id",
        "hours",
        "id",
        "name",
        "note",
        "order",
        "province_code",
        "received_by_id",
        "result",
        "started_at",
    )

    _owner: Any  # the DossierSim (None once released)
    _row: list | None
    actor_kind: str
    agency_id: int
    completed_at: dt.datetime | None
    dossier_id: int
    due_at: dt.datetime | None
    handed_over_by_id: int | None
    hours: Decimal
    id: int
    name: str
    note: str
    order: int
    province_code: str
    received_by_id: int | None
    result: str
    started_at: dt.datetime | None

    def __init__(self, pk, dossier, template, agency_id, due_at):
        init = object.__setattr__  # a new row: nothing cached to drop yet
        for name, value in (
            ("_owner", dossier),
            ("_row", None),
            ("id", pk),
            ("dossier_id", dossier.id),
            ("province_code", dossier.province_code),
            ("order", template.order),
            ("name", template.name),
            ("actor_kind", template.actor_kind),
            ("agency_id", agency_id),
            ("hours", template.hours),
            ("started_at", None),
            ("due_at", due_at),
            ("completed_at", None),
            ("handed_over_by_id", None),
            ("received_by_id", None),
            ("result", ""),
            ("note", ""),
        ):
            init(self, name, value)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        object.__setattr__(self, "_row", None)
        self._owner._fingerprint = None  # (a released step is never changed again)

    def fingerprint_row(self) -> list:
        """Its STEP_FINGERPRINT_FIELDS values, datetimes as their jsonable text."""
        row = self._row
        if row is None:
            iso = ISO
            row = [iso[v] if v.__class__ is dt.datetime else v for v in _fingerprint_row(self)]
            object.__setattr__(self, "_row", row)
        return row


class Row:
    """A plain row (pause, apology, rating, transition): attributes named like the model's."""

    def __init__(self, **values):
        self.__dict__.update(values)

    if TYPE_CHECKING:  # the attributes are the model's, different per kind of row

        def __getattr__(self, name: str) -> Any: ...

        def __setattr__(self, name: str, value: Any) -> None: ...


class Snapshots:
    """One dossier's successive snapshots (see the module docstring)."""

    __slots__ = ("_last",)

    def __init__(self):
        self._last = None  # (registration, the raw values, the snapshot of the registered fields)

    def take(self, dossier, steps_fingerprint: str) -> dict:
        reg = registration_for(Dossier)
        values = _getter(reg)(dossier)
        last = self._last
        if last is not None and last[0] is reg:
            changed = [
                i
                for i, (now, before) in enumerate(zip(values, last[1], strict=True))
                if now is not before and now != before
            ]
            state = last[2]
            if changed:
                state = {**state, **_values_of(reg, values, changed)}
        else:
            state = _values_of(reg, values, range(len(values)))
        self._last = (reg, values, state)
        return {**state, "steps": steps_fingerprint}


_PARTIAL: dict[tuple, tuple] = {}
_GETTERS: dict[int, tuple] = {}


def plain(data: dict) -> dict:
    """`data` with the values that hashing.jsonable would convert already converted (datetimes
    to their memoised text, Decimals to text): jsonable leaves the result as it is, and the
    audit writer takes its fast path."""
    iso = ISO
    return {
        k: iso[v] if v.__class__ is dt.datetime else str(v) if v.__class__ is Decimal else v
        for k, v in data.items()
    }


def _getter(reg):
    found = _GETTERS.get(id(reg))
    if found is None or found[0] is not reg:
        found = _GETTERS[id(reg)] = (reg, attrgetter(*reg.attnames))
    return found[1]


def _values_of(reg, values: tuple, indexes) -> dict:
    """snapshot_values of the registered fields at `indexes` (datetimes given as their text)."""
    iso = ISO
    names = tuple(reg.attnames[i] for i in indexes)
    given = {
        reg.attnames[i]: iso[values[i]] if values[i].__class__ is dt.datetime else values[i]
        for i in indexes
    }
    return snapshot_values(_partial(reg, names) if len(names) < len(reg.attnames) else reg, given)


def _partial(reg, attnames: tuple):
    """The registration restricted to some of its fields (snapshot_values of just those)."""
    key = (id(reg), attnames)
    found = _PARTIAL.get(key)
    if found is None or found[0] is not reg:
        personal = reg.personal.intersection(attnames)
        found = (reg, dataclasses.replace(reg, attnames=attnames, personal=personal))
        _PARTIAL[key] = found
    return found[1]
