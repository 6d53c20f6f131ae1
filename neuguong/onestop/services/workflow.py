"""The dossier workflow: constants.TRANSITIONS bound to Dossier through the shared core.

Every dossier service applies its action through `DOSSIERS.apply(...)` (core.workflow.Workflow): one
transaction, the row locked, the table checked for state, role and scope, the service's own changes,
the state set from the table, the transition row, the audit event and the notifications.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from neuguong.core.audit.hashing import jsonable
from neuguong.core.errors import NotAllowed
from neuguong.core.roles import Role
from neuguong.core.workflow import Change, Workflow
from neuguong.onestop.constants import TRANSITIONS, ActorKind, DossierState
from neuguong.onestop.models import Apology, Dossier, DossierStep, DossierTransition
from neuguong.onestop.services import messages as m

# The audit verb of each action (onestop.dossier.<verb>).
VERBS = {
    "receive": "received",
    "submit": "submitted",
    "accept": "accepted",
    "refuse": "refused",
    "start": "started",
    "complete_step": "step_completed",
    "request_supplement": "supplement_requested",
    "receive_supplement": "supplement_received",
    "request_payment": "payment_requested",
    "confirm_payment": "payment_confirmed",
    "sign_result": "result_signed",
    "finish": "finished",
    "return": "returned",
    "withdraw": "withdrawn",
    "stop": "stopped",
    "draft_apology": "apology_drafted",
    "sign_apology": "apology_signed",
}

# Which agencies' staff may take an action (the scope check): the desk's, the current step's, the
# handling agency's, or the agency at fault for an apology.
_DESK_ACTIONS = frozenset({"accept", "refuse", "start", "return"})
_STEP_ACTIONS = frozenset({"complete_step", "sign_result"})


def actor_roles(actor) -> frozenset:
    from neuguong.org.access import user_roles

    return user_roles(actor) if actor is not None else frozenset()


def actor_agencies(actor):
    """The agency ids the actor may act for, or None for all."""
    from neuguong.org.access import scope_for

    return scope_for(actor).agency_ids()


def person_of(actor):
    try:
        return actor.person
    except (ObjectDoesNotExist, AttributeError):
        return None


def now(at):
    return at or timezone.now()


class DossierWorkflow(Workflow):
    audit_prefix = "onestop.dossier"
    transition_refused = m.TRANSITION_REFUSED
    role_refused = m.ROLE_REFUSED
    stale_version = m.STALE_VERSION

    def roles_of(self, actor) -> frozenset:
        return actor_roles(actor)

    def relevant_agencies(self, dossier: Dossier, action: str) -> set[int]:
        desk = {dossier.receiving_agency_id}
        if action in _DESK_ACTIONS:
            return desk
        current = dossier.current_step if dossier.current_step_id else None
        step = {current.agency_id} if current is not None else set()
        if action in _STEP_ACTIONS:
            return step or {dossier.handling_agency_id}
        if action == "sign_apology":
            at_fault = (
                Apology.objects.filter(dossier_id=dossier.pk)
                .values_list("agency_id", flat=True)
                .first()
            )
            return {at_fault or dossier.handling_agency_id}
        return desk | step | {dossier.handling_agency_id}

    def authorize(self, dossier, action, actor, roles) -> None:
        if roles == {Role.CITIZEN}:
            if dossier.applicant_user_id != actor.pk:
                raise NotAllowed(m.NOT_OWN_DOSSIER, code="not_own_dossier")
            return
        visible = actor_agencies(actor)
        if visible is not None and not (self.relevant_agencies(dossier, action) & visible):
            raise NotAllowed(m.SCOPE_REFUSED, code="out_of_scope")

    def lock_queryset(self):
        return Dossier.objects.select_for_update(of=("self",)).select_related(
            "procedure", "current_step__agency", "receiving_agency", "handling_agency"
        )

    def verb(self, action: str) -> str:
        return VERBS.get(action, action)

    def record(self, dossier, action, from_state, *, actor, at, change: Change) -> None:
        DossierTransition.objects.create(
            dossier=dossier,
            province_code=dossier.province_code,
            action=action,
            from_state=from_state,
            to_state=dossier.state,
            actor=actor if getattr(actor, "pk", None) else None,
            at=at,
            note=change.note,
            data=jsonable(change.data or {}),
        )
        # Every action (and intake, which records its first row here too) ends by bringing the
        # indicators' daily facts current, in the action's transaction: a refusal rolls them back.
        from neuguong.dashboards.facts_records import refresh

        refresh(dossier)


DOSSIERS = DossierWorkflow(Dossier, TRANSITIONS, DossierState)


def check_action(dossier: Dossier, action: str, actor) -> None:
    """Raise if `actor` may not run `action` on `dossier` now (table, role, scope). Changes nothing."""
    DOSSIERS.check(dossier, action, actor)


def steps_of(dossier: Dossier) -> list[DossierStep]:
    """The dossier's steps in order, read from the database (with their agencies)."""
    return list(
        DossierStep.objects.filter(dossier_id=dossier.pk).select_related("agency").order_by("order")
    )


def pending_steps(dossier: Dossier) -> list[DossierStep]:
    """The dossier's steps not yet handed over, in order."""
    return [step for step in steps_of(dossier) if step.completed_at is None]


def current_work_step(dossier: Dossier) -> DossierStep | None:
    step = dossier.current_step if dossier.current_step_id else None
    return step if step is not None and step.actor_kind != ActorKind.RETURN else None
