"""Which models are audited, which of their fields each event snapshots, and who may see them.

Apps register in their AppConfig.ready():

    from neuguong.core.audit.registry import register
    register(Dossier, fields=("status", "received_at", "due_at"), get_for_user=get_dossier_for_user)

A model may add a computed part to its snapshot (e.g. a fingerprint of its child rows), so that
`audit verify` also covers rows that have no audit chain of their own, without an event per row:
`extra(obj) -> dict` is merged into every event's snapshot, and `extra_bulk(pks) -> {pk: dict}`
recomputes the same dicts from the database for many records at once (one query per call).

Fields holding personal data are named in `personal=`: their snapshot is a keyed hash (HMAC with
settings.AUDIT_HMAC_KEY), never the value, so that the immutable log holds no personal data and a
later purge of the record leaves every chain verifiable.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models

from neuguong.core.audit import hashing


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    attnames: tuple[str, ...]
    get_for_user: Callable | None
    extra: Callable | None = None
    extra_bulk: Callable | None = None
    personal: frozenset[str] = frozenset()
    # attname -> (value -> what the snapshot stores); see `_converter`.
    converters: dict[str, Callable] = field(default_factory=dict, compare=False)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_registry: dict[str, Registration] = {}


def register(
    model: type[models.Model],
    *,
    fields: Iterable[str] = (),
    get_for_user: Callable | None = None,
    extra: Callable | None = None,
    extra_bulk: Callable | None = None,
    personal: Iterable[str] = (),
) -> Registration:
    """Audit `model`: every event snapshots `fields`; `get_for_user(user, pk)` returns the object
    if that user may see it and raises PermissionDenied otherwise (used by the timeline view).

    Foreign keys are snapshotted by id (`agency` is stored as `agency_id`). Registering again
    replaces the earlier registration.

    `extra(obj)` returns a dict of computed keys (JSON-able after `hashing.jsonable`, not clashing
    with field attnames) added to each snapshot; `extra_bulk(pks)` must return, for each pk given
    (as text), the same dict computed from the database, which `audit verify` compares with the
    last snapshot. Give both or neither.

    `personal` names fields (among `fields`) whose snapshot is `hashing.personal_hash(value)`.
    """
    if (extra is None) != (extra_bulk is None):
        raise ValueError("register(): give both extra and extra_bulk, or neither")
    snapshotted = [_concrete_field(model, name) for name in fields]
    attnames = tuple(f.attname for f in snapshotted)
    secret = frozenset(_concrete_field(model, name).attname for name in personal)
    if not secret <= set(attnames):
        raise ValueError("register(): personal fields must also be listed in fields")
    reg = Registration(
        model=model,
        attnames=attnames,
        get_for_user=get_for_user,
        extra=extra,
        extra_bulk=extra_bulk,
        personal=secret,
        converters={f.attname: _converter(f, f.attname in secret) for f in snapshotted},
    )
    _registry[model._meta.label_lower] = reg
    return reg


def _concrete_field(model: type[models.Model], name: str) -> models.Field:
    """The model's field `name`, which must have a column of its own (a reverse relation or a
    generic foreign key has no value to snapshot)."""
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field) or not model_field.concrete:
        raise ValueError(f"register(): {model._meta.label}.{name} is not a concrete field")
    return model_field


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model._meta.label_lower, None)


def registration_for(model_or_label) -> Registration | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _registry.get(label.lower())


def registrations() -> list[Registration]:
    return list(_registry.values())


def personal_key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode()


def _decimal_text(places: int) -> Callable:
    quantum = decimal.Decimal(1).scaleb(-places)

    def convert(value):
        # As the database returns it: 50000 and Decimal("50000.00") are both "50000" in a
        # numeric(12, 0) column, so the snapshot of the value set must read the same.
        if value is None:
            return None
        try:
            number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
            return str(number.quantize(quantum))
        except (decimal.InvalidOperation, ValueError):
            return str(value)

    return convert


def _converter(model_field, personal: bool) -> Callable:
    """value -> what a snapshot stores for this field: `jsonable`, decimals at the field's places,
    and for a personal field the keyed hash of that."""
    plain = (
        _decimal_text(model_field.decimal_places)
        if isinstance(model_field, models.DecimalField)
        else hashing.jsonable
    )
    if not personal:
        return plain
    return lambda value: hashing.personal_hash(plain(value), personal_key())


def snapshot_values(reg_or_model, values) -> dict:
    """The snapshot of the registered fields from `values` (attname -> value: a dict, or an object
    with those attributes), personal fields as keyed hashes; without the computed `extra` part
    (see `snapshot`). A generator that builds its rows as tuples snapshots them through this, so
    that what it stores is what `log_action` would have stored for the same record."""
    reg = reg_or_model if isinstance(reg_or_model, Registration) else registration_for(reg_or_model)
    if reg is None:
        return {}
    convert = reg.converters
    if isinstance(values, dict):
        return {a: convert[a](values[a]) for a in reg.attnames}
    return {a: convert[a](getattr(values, a)) for a in reg.attnames}


def snapshot(obj) -> dict:
    """The `state` an audit event stores for `obj`: its registered fields (JSON-able, personal ones
    as keyed hashes) plus the registration's computed `extra(obj)`; {} for a model not registered.

    `log_action` and the bulk `ChainWriter` both snapshot through this, so that `audit verify`
    compares every chain against one definition."""
    reg = _registry.get(obj._meta.concrete_model._meta.label_lower)
    if reg is None:
        return {}
    state = snapshot_values(reg, obj)
    compute = reg.extra
    if compute is not None:
        state.update(hashing.jsonable(compute(obj)))
    return state
