"""The action registry: one service per row of each table, for the web buttons and the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from neuguong.core.errors import DomainError
from neuguong.feedback import messages as m
from neuguong.feedback.constants import TABLES
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.services import actions, bulk
from neuguong.feedback.services.workflow import workflow_for


@dataclass(frozen=True)
class Action:
    name: str
    service: Callable
    # The parameters the service takes besides the item and the actor.
    params: tuple[str, ...] = ()


ACTIONS: dict[str, Action] = {
    "accept": Action("accept", actions.item_accept, ("is_complex", "is_remote")),
    "reject": Action("reject", actions.item_reject, ("reason",)),
    "request_info": Action("request_info", actions.item_request_info, ("reason",)),
    "provide_info": Action("provide_info", actions.item_provide_info, ("information",)),
    "start": Action("start", actions.item_start),
    "answer": Action("answer", actions.item_answer, ("answer",)),
    "publish": Action("publish", actions.item_publish),
    "close": Action("close", actions.item_close),
    "rate": Action("rate", actions.item_rate, ("rating", "comment")),
    "reopen": Action("reopen", actions.item_reopen, ("reason",)),
    "reassign": Action("reassign", actions.item_reassign, ("agency", "reason")),
    "merge": Action("merge", bulk.item_merge, ("into",)),
    "withdraw": Action("withdraw", actions.item_withdraw, ("reason",)),
    "extend": Action("extend", actions.item_extend, ("reason",)),
}
_ROWS = {action for table in TABLES.values() for action in table}
if set(ACTIONS) != _ROWS:  # pragma: no cover - a module that cannot load
    raise ImportError("every row of the feedback tables needs exactly one service")


def readiness(item: FeedbackItem) -> dict[str, Callable[[FeedbackItem], bool]]:
    """Preconditions beyond the table, for the buttons (the services check them again)."""
    from neuguong.feedback.services import deadlines

    return {
        "rate": lambda i: not i.rating,
        "reopen": lambda i: i.reopened_count == 0,
        "extend": lambda i: i.extensions < deadlines.extension_limit(i),
    }


def allowed_actions(item: FeedbackItem, user) -> list[str]:
    return workflow_for(item).allowed(item, user, readiness(item))


def run_action(item: FeedbackItem, action: str, *, actor, **params):
    """Run one action by name; parameters it does not take are ignored; `version` goes to every one."""
    entry = ACTIONS.get(action)
    if entry is None or action not in TABLES[item.kind]:
        raise DomainError(m.UNKNOWN_ACTION, code="unknown_action", action=action)
    kwargs = {k: v for k, v in params.items() if k in entry.params or k in ("at", "version")}
    return entry.service(item, actor=actor, **kwargs)
