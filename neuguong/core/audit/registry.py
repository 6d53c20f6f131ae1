"""Which models are audited, which of their fields each event snapshots, and who may see them.

Apps register in their AppConfig.ready():

    from neuguong.core.audit.registry import register
    register(Dossier, fields=("status", "received_at", "due_at"), get_for_user=get_dossier_for_user)
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

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_registry: dict[str, Registration] = {}


def register(
    model: type[models.Model],
    *,
    fields: Iterable[str] = (),
    get_for_user: Callable | None = None,
) -> Registration:
    """Audit `model`: every event snapshots `fields`; `get_for_user(user, pk)` returns the object
    if that user may see it and raises PermissionDenied otherwise (used by the timeline view).

    Foreign keys are snapshotted by id (`agency` is stored as `agency_id`). Registering again
    replaces the earlier registration.
    """
    attnames = tuple(model._meta.get_field(name).attname for name in fields)
    reg = Registration(model=model, attnames=attnames, get_for_user=get_for_user)
    _registry[model._meta.label_lower] = reg
    return reg


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model._meta.label_lower, None)


def registration_for(model_or_label) -> Registration | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _registry.get(label.lower())


def registrations() -> list[Registration]:
    return list(_registry.values())
