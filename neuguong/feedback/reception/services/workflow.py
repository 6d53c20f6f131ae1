"""The two tables of constants.py bound to their models through the shared workflow core."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import NotAllowed
from neuguong.core.roles import Role
from neuguong.core.workflow import Workflow
from neuguong.feedback.reception.constants import (
    DIALOGUE_TRANSITIONS,
    DIALOGUE_VERBS,
    SESSION_TRANSITIONS,
    SESSION_VERBS,
    DialogueState,
    SessionState,
)
from neuguong.feedback.reception.models import (
    Dialogue,
    DialogueTransition,
    ReceptionSession,
    SessionTransition,
)

OUT_OF_SCOPE = _("This record belongs to a unit outside your scope.")


def actor_roles(actor) -> frozenset:
    from neuguong.org.access import user_roles

    return user_roles(actor) if actor is not None else frozenset()


def unit_in_scope(actor, unit_id: int) -> bool:
    """May `actor` (staff) act on a record of that unit? Global roles may act everywhere."""
    from neuguong.org.access import scope_for

    if actor is None or not actor.is_authenticated:
        return False
    if Role.ADMIN in actor_roles(actor):
        return True
    units = scope_for(actor).unit_ids()
    return units is None or unit_id in units


def now(at):
    return at or timezone.now()


class _UnitScopedWorkflow(Workflow):
    def roles_of(self, actor) -> frozenset:
        return actor_roles(actor)

    def authorize(self, obj, action, actor, roles) -> None:
        if not unit_in_scope(actor, obj.unit_id):
            raise NotAllowed(OUT_OF_SCOPE, code="out_of_scope")


class SessionWorkflow(_UnitScopedWorkflow):
    transition_model = SessionTransition
    transition_owner = "session"
    audit_prefix = "reception.session"

    def verb(self, action: str) -> str:
        return SESSION_VERBS.get(action, action)


class DialogueWorkflow(_UnitScopedWorkflow):
    transition_model = DialogueTransition
    transition_owner = "dialogue"
    audit_prefix = "reception.dialogue"

    def verb(self, action: str) -> str:
        return DIALOGUE_VERBS.get(action, action)


SESSIONS = SessionWorkflow(ReceptionSession, SESSION_TRANSITIONS, SessionState)
DIALOGUES = DialogueWorkflow(Dialogue, DIALOGUE_TRANSITIONS, DialogueState)
