"""The three feedback tables (constants.TABLES) bound to FeedbackItem through the shared core.

Every item service applies its action through `workflow_for(item).apply(...)`: one transaction, the
row locked, the table of the item's kind checked for state, role and scope, the service's own
changes, the state set from the table, the transition row, the audit event and the notifications.

Who acts:
- staff, scoped by `org/access.py` to the responsible agency (and the agencies above it);
- the citizen: the signed-in submitter, or a `CodeHolder` (anyone who gave the item's code and the
  second factor on the public page), for the citizen's rows of the table only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from neuguong.core.errors import NotAllowed
from neuguong.core.roles import Role
from neuguong.core.workflow import Change, Workflow
from neuguong.feedback import messages as m
from neuguong.feedback.constants import (
    COMPLAINT_TRANSITIONS,
    DENUNCIATION_TRANSITIONS,
    FEEDBACK_TRANSITIONS,
    ItemKind,
    ItemState,
)
from neuguong.feedback.models import FeedbackItem, ItemTransition

VERBS = {
    "submit": "submitted",
    "accept": "accepted",
    "reject": "rejected",
    "request_info": "info_requested",
    "provide_info": "info_provided",
    "start": "started",
    "answer": "answered",
    "publish": "published",
    "close": "closed",
    "rate": "rated",
    "reopen": "reopened",
    "reassign": "reassigned",
    "merge": "merged",
    "withdraw": "withdrawn",
    "extend": "extended",
}


@dataclass(frozen=True)
class CodeHolder:
    """A citizen who proved they follow `item_pk` with its code and second factor (no account)."""

    item_pk: int
    pk = None
    is_authenticated = False
    is_superuser = False


def now(at):
    return at or timezone.now()


def actor_roles(actor) -> frozenset:
    if isinstance(actor, CodeHolder):
        return frozenset({Role.CITIZEN})
    if actor is None:
        return frozenset()
    from neuguong.org.access import user_roles

    return user_roles(actor)


def actor_agencies(actor):
    """The agency ids the actor may act for, or None for all."""
    from neuguong.org.access import scope_for

    return scope_for(actor).agency_ids()


def is_submitter(item: FeedbackItem, actor) -> bool:
    if isinstance(actor, CodeHolder):
        return actor.item_pk == item.pk
    return bool(getattr(actor, "pk", None)) and item.submitter_user_id == actor.pk


class ItemWorkflow(Workflow):
    audit_prefix = "feedback.item"
    transition_model = ItemTransition
    transition_owner = "item"
    transition_refused = m.TRANSITION_REFUSED
    role_refused = m.ROLE_REFUSED
    stale_version = m.STALE_VERSION

    def roles_of(self, actor) -> frozenset:
        return actor_roles(actor)

    def authorize(self, item, action, actor, roles) -> None:
        if roles == {Role.CITIZEN}:
            if not is_submitter(item, actor):
                raise NotAllowed(m.NOT_OWN_ITEM, code="not_own_item")
            return
        visible = actor_agencies(actor)
        if visible is not None and item.agency_id not in visible:
            raise NotAllowed(m.SCOPE_REFUSED, code="out_of_scope")

    def lock_queryset(self):
        return FeedbackItem.objects.select_for_update(of=("self",)).select_related(
            "category", "agency", "commune"
        )

    def verb(self, action: str) -> str:
        return VERBS.get(action, action)

    def log(self, obj, action: str, from_state: str, *, actor, at, change: Change) -> None:
        # The audit log names a follower without an account by role, never by a personal value.
        if isinstance(actor, CodeHolder):
            actor = "citizen:follower"
        super().log(obj, action, from_state, actor=actor, at=at, change=change)


FEEDBACK = ItemWorkflow(FeedbackItem, FEEDBACK_TRANSITIONS, ItemState)
COMPLAINTS = ItemWorkflow(FeedbackItem, COMPLAINT_TRANSITIONS, ItemState)
DENUNCIATIONS = ItemWorkflow(FeedbackItem, DENUNCIATION_TRANSITIONS, ItemState)
WORKFLOWS = {
    ItemKind.FEEDBACK: FEEDBACK,
    ItemKind.COMPLAINT: COMPLAINTS,
    ItemKind.DENUNCIATION: DENUNCIATIONS,
}


def workflow_for(item: FeedbackItem) -> ItemWorkflow:
    return WORKFLOWS[ItemKind(item.kind)]
