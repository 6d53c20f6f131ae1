"""Which models are audited, which of their fields each event snapshots, and who may see them.

Apps register in their AppConfig.ready():

    from neuguong.core.audit.registry import register
    register(Dossier, fields=("status", "received_at", "due_at"), get_for_user=get_dossier_for_user)

A model may add a computed part to its snapshot (e.g. a fingerprint of its child rows), so that
`audit verify` also covers rows that have no audit chain of their own, without an event per row:
`extra(obj) -> dict` is merged into every event's snapshot, and `extra_bulk(pks) -> {pk: dict}`
recomputes the same dicts from the database for many records at once (one query per call).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    attnames: tuple[str, ...]
    get_for_user: Callable | None
    extra: Callable | None = None
    extra_bulk: Callable | None = None

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
) -> Registration:
    """Audit `model`: every event snapshots `fields`; `get_for_user(user, pk)` returns the object
    if that user may see it and raises PermissionDenied otherwise (used by the timeline view).

    Foreign keys are snapshotted by id (`agency` is stored as `agency_id`). Registering again
    replaces the earlier registration.

    `extra(obj)` returns a dict of computed keys (JSON-able after `hashing.jsonable`, not clashing
    with field attnames) added to each snapshot; `extra_bulk(pks)` must return, for each pk given
    (as text), the same dict computed from the database, which `audit verify` compares with the
    last snapshot. Give both or neither.
    """
    if (extra is None) != (extra_bulk is None):
        raise ValueError("register(): give both extra and extra_bulk, or neither")
    attnames = tuple(model._meta.get_field(name).attname for name in fields)
    reg = Registration(
        model=model,
        attnames=attnames,
        get_for_user=get_for_user,
        extra=extra,
        extra_bulk=extra_bulk,
    )
    _registry[model._meta.label_lower] = reg
    return reg


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model._meta.label_lower, None)


def registration_for(model_or_label) -> Registration | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _registry.get(label.lower())


def registrations() -> list[Registration]:
    return list(_registry.values())
