"""Writing the catalogue: one procedure and its process template, audited; the deadline warning.

`procedure_upsert` is the one write path of the import (`catalogue_rows.import_groups`) and of the demo
catalogue (`catalogue.load_demo_catalogue`).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neuguong.core.audit import log_action
from neuguong.onestop.catalogue_cells import date_cell, time_cell
from neuguong.onestop.models import Procedure, ProcedureStep
from neuguong.org.models import Agency

PROCEDURE_COLUMNS = [
    "code",
    "name",
    "field",
    "level",
    "applicants",
    "legal_basis",
    "legal_basis_effective_on",
    "fee",
    "fee_note",
    "online_payment",
    "required_documents",
    "online_level",
    "channels",
    "cutoff_time",
    "published_on",
    "deadline_hours",
    "is_active",
]
STEP_COLUMNS = ["step_order", "step_name", "step_actor", "step_agency", "step_level", "step_hours"]
COLUMNS = PROCEDURE_COLUMNS + STEP_COLUMNS
REQUIRED_COLUMNS = {"code", "name", "level", "deadline_hours", *STEP_COLUMNS}
DATE_FIELDS = ("published_on", "legal_basis_effective_on")

_FIELDS = [c for c in PROCEDURE_COLUMNS if c != "code"]


def _step_key(step: dict, agency_ids: dict[str, int]) -> tuple:
    return (
        step["order"],
        step["name"],
        step["actor_kind"],
        agency_ids.get(step["agency"]) if step["agency"] else None,
        step["agency_level"] or "",
        Decimal(step["hours"]).quantize(Decimal("0.01")),
    )


def procedure_upsert(
    data: dict, *, agencies: dict[str, Agency], actor=None
) -> tuple[Procedure, str]:
    """Create or update the procedure `data["code"]` and its steps; return it and created|updated|unchanged.

    `data` has keys of PROCEDURE_COLUMNS (a key left out leaves that field as it is, or at its default
    for a new procedure; dates and the cut-off may be ISO strings) plus "steps" (dicts with order, name,
    actor_kind, agency as an identifier code or None, agency_level, hours); `agencies` maps identifier
    codes to agencies. Steps are replaced as a whole when they differ (dossiers copy their steps at intake, so a
    template change never rewrites a running dossier). Audited as onestop.procedure.created/updated.
    """
    agency_ids = {code: a.pk for code, a in agencies.items()}
    values = {f: data[f] for f in _FIELDS if f in data}
    if "fee" in values:
        values["fee"] = Decimal(values["fee"] or 0)
    values["deadline_hours"] = Decimal(values["deadline_hours"])
    if isinstance(values.get("cutoff_time"), str):
        values["cutoff_time"] = time_cell(values["cutoff_time"])
    for name in DATE_FIELDS:
        if isinstance(values.get(name), str):
            values[name] = date_cell(values[name], name)
    new_steps = sorted(_step_key(s, agency_ids) for s in data.get("steps", []))

    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().filter(code=data["code"]).first()
        if procedure is None:
            procedure = Procedure(code=data["code"], **values)
            procedure.save()
            status, changed = "created", sorted(values)
        else:
            changed = [f for f, v in values.items() if getattr(procedure, f) != v]
            for f in changed:
                setattr(procedure, f, values[f])
            if changed:
                procedure.save()
            status = "updated" if changed else "unchanged"
        old_steps = sorted(
            (s.order, s.name, s.actor_kind, s.agency_id, s.agency_level, s.hours)
            for s in procedure.steps.all()
        )
        if old_steps != new_steps:
            procedure.steps.all().delete()
            ProcedureStep.objects.bulk_create(
                ProcedureStep(
                    procedure=procedure,
                    order=order,
                    name=name,
                    actor_kind=actor_kind,
                    agency_id=agency_id,
                    agency_level=level,
                    hours=hours,
                )
                for order, name, actor_kind, agency_id, level, hours in new_steps
            )
            changed.append("steps")
            status = "created" if status == "created" else "updated"
        if status != "unchanged":
            log_action(
                procedure,
                f"onestop.procedure.{status}",
                actor=actor,
                data={"changed": changed, "steps": len(new_steps)},
            )
    return procedure, status


def deadline_warning(code: str, steps_total: Decimal, deadline: Decimal) -> str | None:
    """The admin's warning when a template's steps do not add up to the legal deadline."""
    if Decimal(steps_total) == Decimal(deadline):
        return None
    return _("%(code)s: the steps add up to %(total)s but the legal deadline is %(deadline)s") % {
        "code": code,
        "total": working_hours(steps_total),
        "deadline": working_hours(deadline),
    }


def hours_text(value) -> str:
    value = Decimal(value)
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def working_hours(value) -> str:
    """24 → "24 working hours", 1 → "1 working hour" (ngettext; Vietnamese has one form), 6.5 → "6.5
    working hours": a fraction takes the plural, as in English."""
    value = Decimal(value)
    count = int(value) if value == value.to_integral() else 2
    return ngettext("%(n)s working hour", "%(n)s working hours", count) % {"n": hours_text(value)}
