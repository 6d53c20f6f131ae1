"""The action registry: one service per row of the transition table, for the web buttons and the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from neuguong.core.errors import DomainError
from neuguong.onestop.constants import TRANSITIONS
from neuguong.onestop.models import Apology, Dossier
from neuguong.onestop.services import apology, deadlines, intake, pauses, steps
from neuguong.onestop.services import messages as m
from neuguong.onestop.services.workflow import DOSSIERS, current_work_step, now


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
    "confirm_payment": Action("confirm_payment", pauses.dossier_confirm_payment),
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


def readiness(dossier: Dossier, at) -> dict[str, Callable[[Dossier], bool]]:
    """Preconditions beyond the table, for the buttons (the services check them again)."""
    drafted = Apology.objects.filter(dossier_id=dossier.pk).first() if dossier.pk else None

    def overdue(d):
        step = d.current_step if d.current_step_id else None
        return bool(step and step.completed_at is None and step.due_at and step.due_at < at)

    return {
        "complete_step": lambda d: current_work_step(d) is not None,
        "sign_result": lambda d: not d.result_signed_at,
        "draft_apology": lambda d: (
            not d.rescheduled
            and drafted is None
            and (deadlines.is_overdue_now(d, at) or overdue(d))
        ),
        "sign_apology": lambda d: (
            drafted is not None and drafted.signed_at is None and not d.rescheduled
        ),
    }


def allowed_actions(dossier: Dossier, user, at=None) -> list[str]:
    """The actions `user` may run on `dossier` now, in table order (one button each).

    Authority to sign is not pre-checked here: a signature without authority is refused and
    audited by the service itself.
    """
    return DOSSIERS.allowed(dossier, user, readiness(dossier, now(at)))


def run_action(dossier: Dossier, action: str, *, actor, **params):
    """Run one action by name (web buttons, API): parameters the action does not take are ignored;
    `version` (the edit token of the page or request) is passed to every action."""
    entry = ACTIONS.get(action)
    if entry is None:
        raise DomainError(m.UNKNOWN_ACTION, code="unknown_action", action=action)
    kwargs = {k: v for k, v in params.items() if k in entry.params or k in ("at", "version")}
    return entry.service(dossier, actor=actor, **kwargs)
