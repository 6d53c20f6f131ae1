"""Find-or-create through the org services, so every demo record has its audit trail from the start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from neuguong.org import services
from neuguong.org.models import AdministrativeUnit, Agency, Delegation, Person, StaffingQuota, Term

_CREATE: dict[type[models.Model], Callable[..., Any]] = {
    AdministrativeUnit: services.unit_create,
    Agency: services.agency_create,
    Person: services.person_create,
    Term: services.term_create,
    StaffingQuota: services.quota_create,
    Delegation: services.delegation_create,
}
_UPDATE: dict[type[models.Model], Callable[..., Any]] = {
    AdministrativeUnit: services.unit_update,
    Agency: services.agency_update,
    Person: services.person_update,
}


def ensure(
    model: type[models.Model],
    lookup: dict,
    defaults: dict | None = None,
    *,
    actor: str,
    update: bool = False,
):
    """The row matching `lookup`, created with `defaults` (audited) when missing.

    With `update=True` an existing row is brought to `defaults` through the update service (audited, and
    a no-op when nothing differs), which is what `init` needs when the package's data changes.
    """
    defaults = defaults or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return _CREATE[model](actor=actor, **lookup, **defaults), True
    if update and defaults:
        obj = _UPDATE[model](obj, actor=actor, **defaults)
    return obj, False
