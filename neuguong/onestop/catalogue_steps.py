"""Who performs a template step for one dossier, and the agency answering for a dossier by default."""

from __future__ import annotations

from neuguong.onestop.constants import ActorKind
from neuguong.onestop.models import Procedure, ProcedureStep
from neuguong.org.constants import AgencyKind, UnitLevel
from neuguong.org.models import Agency


def resolve_step_agency(
    step: ProcedureStep, *, handling_agency: Agency, receiving_agency: Agency
) -> Agency:
    """The agency that performs a template step for one dossier.

    - a fixed agency on the step (the land registration office, the tax authority, a department);
    - receive and return steps: the receiving desk;
    - a hand-over with no fixed agency at commune level: the police of the handling agency's commune
      (every commune has its own, so the template cannot name it), else the handling agency;
    - anything else: the handling agency.
    """
    if step.agency is not None:  # no query when agency_id is None
        return step.agency
    if step.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
        return receiving_agency
    if step.actor_kind == ActorKind.HANDOVER and step.agency_level == UnitLevel.COMMUNE:
        police = (
            Agency.objects.filter(unit_id=handling_agency.unit_id, kind=AgencyKind.BRANCH)
            .order_by("identifier_code")
            .first()
        )
        if police is not None:
            return police
    return handling_agency


def default_handling_agency(procedure: Procedure, receiving_agency: Agency) -> Agency:
    """The agency responsible for the result when intake names none.

    The first process or sign step's fixed agency (a department for provincial procedures), else the
    agency the desk belongs to (the commune People's Committee for a commune desk).
    """
    for step in procedure.steps.all():
        if step.actor_kind in (ActorKind.PROCESS, ActorKind.SIGN) and step.agency is not None:
            return step.agency
    return receiving_agency.parent or receiving_agency
