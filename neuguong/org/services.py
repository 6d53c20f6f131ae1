"""Writes to the organisation registry.

Every service runs in one transaction: it validates with `full_clean` (a bad value raises ValidationError and
nothing is saved), saves, and writes an audit event with the old and new values of what changed. The API, the
web pages and the demo loader all call these; the Django admin is audited separately (core.admin).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.audit.hashing import jsonable
from neuguong.core.errors import DomainError
from neuguong.org.models import (
    AdministrativeUnit,
    Agency,
    Delegation,
    Person,
    StaffingQuota,
    Term,
)

UNKNOWN_FIELD = _("Unknown or read-only field: %(field)s.")
ALREADY_REVOKED = _("This delegation was already revoked.")
REVOKED_BEFORE_START = _("A delegation cannot be revoked before its legal basis is dated.")

# Fields a service may set, per model (everything else is computed or bookkeeping).
_WRITABLE: dict[type[models.Model], tuple[str, ...]] = {
    AdministrativeUnit: (
        "code",
        "name",
        "level",
        "unit_type",
        "parent",
        "province_code",
        "valid_from",
        "valid_to",
    ),
    Agency: (
        "name",
        "short_name",
        "kind",
        "level",
        "unit",
        "parent",
        "identifier_code",
        "province_code",
        "valid_from",
        "valid_to",
    ),
    Person: ("full_name", "user", "email", "phone"),
    Term: ("person", "title", "agency", "party_org", "started_on", "ended_on", "decision_ref"),
    StaffingQuota: ("agency", "year", "kind", "approved", "filled", "decision_ref"),
    Delegation: (
        "kind",
        "delegator",
        "delegate",
        "agency",
        "procedure_codes",
        "decision_kinds",
        "legal_basis_number",
        "legal_basis_date",
        "valid_from",
        "valid_to",
        "note",
    ),
}


def _field_value(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    if isinstance(field, models.Field) and field.is_relation:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _check_fields(model, fields: dict) -> None:
    """Only writable fields; a foreign key may be given as an instance (`agency`) or an id (`agency_id`)."""
    allowed = _WRITABLE[model]
    for name in fields:
        base = name.removesuffix("_id")
        is_fk_id = (
            name.endswith("_id") and base in allowed and model._meta.get_field(base).is_relation
        )
        if name not in allowed and not is_fk_id:
            raise DomainError(UNKNOWN_FIELD, code="unknown_field", field=name)


def _audit_name(model) -> str:
    return model._meta.model_name


def _create(model, *, actor, fields: dict):
    _check_fields(model, fields)
    with transaction.atomic():
        obj = model(**fields)
        obj.full_clean()
        obj.save()
        new = {name: jsonable(_field_value(obj, name)) for name in fields}
        log_action(obj, f"org.{_audit_name(model)}.created", actor=actor, data={"new": new})
    return obj


def _update(obj, *, actor, fields: dict, action: str = "changed"):
    """Apply `fields` to a locked copy of `obj`; returns the saved row. No change → no save, no event."""
    model = type(obj)
    _check_fields(model, fields)
    with transaction.atomic():
        # Lock the row so two editors cannot interleave their read-modify-write.
        locked = model.objects.select_for_update().get(pk=obj.pk)
        old, new = {}, {}
        for name, value in fields.items():
            before = _field_value(locked, name)
            setattr(locked, name, value)
            after = _field_value(locked, name)
            if before != after:
                old[name], new[name] = jsonable(before), jsonable(after)
        if not new:
            return locked
        locked.full_clean()
        locked.save()
        log_action(
            locked,
            f"org.{_audit_name(model)}.{action}",
            actor=actor,
            data={"old": old, "new": new},
        )
    return locked


# ---- administrative units ----------------------------------------------------------------------


def unit_create(*, actor, **fields) -> AdministrativeUnit:
    return _create(AdministrativeUnit, actor=actor, fields=fields)


def unit_update(unit: AdministrativeUnit, *, actor, **fields) -> AdministrativeUnit:
    return _update(unit, actor=actor, fields=fields)


# ---- agencies ----------------------------------------------------------------------------------


def agency_create(*, actor, **fields) -> Agency:
    return _create(Agency, actor=actor, fields=fields)


def agency_update(agency: Agency, *, actor, **fields) -> Agency:
    return _update(agency, actor=actor, fields=fields)


# ---- people and terms --------------------------------------------------------------------------


def person_create(*, actor, **fields) -> Person:
    return _create(Person, actor=actor, fields=fields)


def person_update(person: Person, *, actor, **fields) -> Person:
    return _update(person, actor=actor, fields=fields)


def term_create(*, actor, **fields) -> Term:
    return _create(Term, actor=actor, fields=fields)


def term_update(term: Term, *, actor, **fields) -> Term:
    return _update(term, actor=actor, fields=fields)


# ---- staffing quotas ---------------------------------------------------------------------------


def quota_create(*, actor, **fields) -> StaffingQuota:
    return _create(StaffingQuota, actor=actor, fields=fields)


def quota_update(quota: StaffingQuota, *, actor, **fields) -> StaffingQuota:
    return _update(quota, actor=actor, fields=fields)


# ---- the delegation register -------------------------------------------------------------------


def delegation_create(*, actor, **fields) -> Delegation:
    return _create(Delegation, actor=actor, fields=fields)


def delegation_update(delegation: Delegation, *, actor, **fields) -> Delegation:
    if delegation.revoked_on is not None:
        raise DomainError(ALREADY_REVOKED, code="already_revoked")
    return _update(delegation, actor=actor, fields=fields)


def delegation_revoke(
    delegation: Delegation, *, actor, on: dt.date | None = None, note: str = ""
) -> Delegation:
    """Revoke a delegation from `on` (default today): it no longer stands on that day or later.

    The row stays in the register, so "who could sign on date D" keeps its answer for earlier dates.
    """
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if locked.revoked_on is not None:
            raise DomainError(ALREADY_REVOKED, code="already_revoked")
        if day < locked.legal_basis_date:
            raise DomainError(REVOKED_BEFORE_START, code="revoked_before_start")
        locked.revoked_on = day
        locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.revocation_note = note
        locked.save(update_fields=["revoked_on", "revoked_by", "revocation_note", "updated_at"])
        log_action(
            locked,
            "org.delegation.revoked",
            actor=actor,
            data={
                "old": {"revoked_on": None},
                "new": {"revoked_on": day.isoformat(), "note": note},
            },
        )
    return locked
