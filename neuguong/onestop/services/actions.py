"""The action registry: one service per row of the transition table, for the web buttons and the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from neuguong.core.errors import DomainError
from neuguong.onestop.constants import TRANSITIONS, ActorKind
from neuguong.onestop.models import Apology, Dossier
from neuguong.onestop.services import apology, deadlines, intake, pauses, steps
from neuguong.onestop.services import messages as m
from neuguong.onestop.services.workflow import (
    DOSSIERS,
    current_work_step,
    now,
    pending_steps,
    person_of,
)


@dataclass(frozen=True)
class Action:
    name: str
    service: Callable
    # The parameters the service takes besides the dossier and the actor.
    params: tuple[str, ...] = ()


ACTIONS: dict[str, Action] = {
    "accept": Action("accept", intake.dossier_accept),
    "refuse": Action("refuse", intake.dossier_refuse, ("reason",)),
    "start": Action("start", steps.dossier_start),
    "complete_step": Action("complete_step", steps.dossier_complete_step, ("note",)),
    "request_supplement": Action(
        "request_supplement", pauses.dossier_request_supplement, ("reason",)
    ),
    "receive_supplement": Action("receive_supplement", pauses.dossier_receive_supplement),
    "request_payment": Action("request_payment", pauses.dossier_request_payment, ("amount",)),
    "confirm_payment": Action("confirm_payment", pauses.dossier_confirm_payment, ("method",)),
    "sign_result": Action("sign_result", steps.dossier_sign_result, ("result_number",)),
    "finish": Action("finish", steps.dossier_finish, ("note",)),
    "return": Action("return", steps.dossier_return),
    "withdraw": Action("withdraw", pauses.dossier_withdraw, ("reason",)),
    "stop": Action("stop", pauses.dossier_stop, ("reason",)),
    "draft_apology": Action(
        "draft_apology", apology.apology_draft, ("reason", "new_appointment_at")
    ),
    "sign_apology": Action("sign_apology", apology.apology_sign),
}
if set(ACTIONS) != set(TRANSITIONS):  # pragma: no cover - a module that cannot load
    raise ImportError("every row of the dossier transition table needs exactly one service")


def _signing(user, at) -> Callable[[Dossier], bool]:
    """Whether `user` may sign the dossier's result now (org.selectors.sign_authority, the check
    the signing service makes), computed once per page."""
    from neuguong.onestop.services.steps import sign_agency
    from neuguong.org.selectors import may_sign

    found: dict[int, bool] = {}

    def signs(d: Dossier) -> bool:
        if d.pk not in found:
            agency = sign_agency(d, pending_steps(d))
            found[d.pk] = may_sign(person_of(user), d.procedure, agency, at)
        return found[d.pk]

    return signs


def _needs_signature(d: Dossier, *, current_only: bool) -> bool:
    """An unsigned dossier whose current step (or, for finish, any remaining step) is a signing one:
    the action would sign first."""
    if d.result_signed_at:
        return False
    if current_only:
        step = d.current_step if d.current_step_id else None
        return step is not None and step.actor_kind == ActorKind.SIGN
    return any(s.actor_kind == ActorKind.SIGN for s in pending_steps(d))


def readiness(dossier: Dossier, at, user=None) -> dict[str, Callable[[Dossier], bool]]:
    """Preconditions beyond the table, for the buttons (the services check them again).

    Signing (sign_result, and complete_step or finish when they would sign first) is offered only to
    whom org.selectors.sign_authority allows: a specialist is not offered "sign" or "finish", which
    would only write a `signature_refused` event against them."""
    drafted = Apology.objects.filter(dossier_id=dossier.pk).first() if dossier.pk else None
    signs = _signing(user, at)

    def overdue(d):
        step = d.current_step if d.current_step_id else None
        return bool(step and step.completed_at is None and step.due_at and step.due_at < at)

    return {
        "complete_step": lambda d: (
            current_work_step(d) is not None
            and (not _needs_signature(d, current_only=True) or signs(d))
        ),
        "sign_result": lambda d: not d.result_signed_at and signs(d),
        "finish": lambda d: not _needs_signature(d, current_only=False) or signs(d),
        "draft_apology": lambda d: (
            not d.rescheduled
            and drafted is None
            and (deadlines.is_overdue_now(d, at) or overdue(d))
        ),
        "sign_apology": lambda d: (
            drafted is not None and drafted.signed_at is None and not d.rescheduled
        ),
        # A citizen sends a supplement with its files (services.citizen), never as this bare action.
        "receive_supplement": lambda d: not pauses.citizen_only(user),
    }


def allowed_actions(dossier: Dossier, user, at=None) -> list[str]:
    """The actions `user` may run on `dossier` now, in table order (one button each), authority to
    sign included (the services check it again, and audit a refused signature)."""
    return DOSSIERS.allowed(dossier, user, readiness(dossier, now(at), user))


def run_action(dossier: Dossier, action: str, *, actor, **params):
    """Run one action by name (web buttons, API): parameters the action does not take are ignored;
    `version` (the edit token of the page or request) is passed to every action."""
    entry = ACTIONS.get(action)
    if entry is None:
        raise DomainError(m.UNKNOWN_ACTION, code="unknown_action", action=action)
    kwargs = {k: v for k, v in params.items() if k in entry.params or k in ("at", "version")}
    return entry.service(dossier, actor=actor, **kwargs)
