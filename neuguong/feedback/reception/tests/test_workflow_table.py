"""Tests generated from the two transition tables (constants.SESSION_TRANSITIONS, DIALOGUE_TRANSITIONS),
as onestop/tests/test_workflow_table.py does for dossiers:

- every allowed (state, role, action) ends in the table's target state (or keeps the state);
- every role the table does not list is refused, and nothing changes (the row, its children, its
  transitions, its audit events, the outbox and the feedback items are compared before and after);
- every state the table does not list is refused for an allowed role, and nothing changes.

Records are put in each state by setting the state on a planned record, not by replaying the workflow.
Each role acts through a persona in scope of commune A.
"""

import pytest
from django.forms.models import model_to_dict

from neuguong.core.audit.models import AuditEvent
from neuguong.core.errors import NotAllowed, TransitionNotAllowed
from neuguong.core.outbox.models import OutboxMessage
from neuguong.core.roles import Role
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import (
    DIALOGUE_TRANSITIONS,
    SESSION_TRANSITIONS,
    DialogueState,
    SessionState,
)
from neuguong.feedback.reception.models import Dialogue, ReceptionSession
from neuguong.feedback.reception.tests.conftest import local

pytestmark = pytest.mark.django_db

TABLES = {
    "session": (SESSION_TRANSITIONS, SessionState),
    "dialogue": (DIALOGUE_TRANSITIONS, DialogueState),
}


def run(kind, obj, action, actor, world):
    if kind == "session":
        calls = {
            "hold": lambda: s.session_hold(obj, actor=actor),
            "record_citizen": lambda: s.session_record_citizen(
                obj, actor=actor, data={"full_name": "Quàng Văn Thử"}
            ),
            "record_matter": lambda: s.session_record_matter(
                obj, actor=actor, summary="Đường bản bị sạt", category_code="infrastructure"
            ),
            "acknowledge": lambda: s.session_acknowledge(obj, actor=actor, reference="9/TB"),
            "cancel": lambda: s.session_cancel(obj, actor=actor, reason="Lý do kiểm thử"),
        }
    else:
        calls = {
            "announce": lambda: s.dialogue_announce(obj, actor=actor),
            "hold": lambda: s.dialogue_hold(obj, actor=actor),
            "record_participant": lambda: s.dialogue_record_participant(
                obj, actor=actor, name="Bà Lường Thị Thử"
            ),
            "record_issue": lambda: s.dialogue_record_issue(
                obj,
                actor=actor,
                summary="Nước sinh hoạt",
                category_code="infrastructure",
                owner=world.agency_a,
                commitment="Sửa đường ống trong quý",
                deadline="2026-12-31",
            ),
            "publish": lambda: s.dialogue_publish(obj, actor=actor, results="Kết quả"),
            "cancel": lambda: s.dialogue_cancel(obj, actor=actor, reason="Lý do kiểm thử"),
        }
    return calls[action]()


def _cases(allowed: bool):
    for kind, (table, states) in TABLES.items():
        for action, row in table.items():
            for state in states:
                if state not in row.sources:
                    continue
                for role in Role:
                    if (role in row.roles) is allowed:
                        yield pytest.param(
                            kind, action, state, role, id=f"{kind}-{action}-{state}-{role}"
                        )


def _wrong_states():
    for kind, (table, states) in TABLES.items():
        for action, row in table.items():
            role = sorted(row.roles)[0]
            for state in states:
                if state not in row.sources:
                    yield pytest.param(
                        kind, action, state, role, id=f"{kind}-{action}-{state}-{role}"
                    )


@pytest.fixture
def actors(world):
    return {
        Role.RECEPTION: world.reception,
        Role.SPECIALIST: world.colleague,
        Role.HEAD: world.head,
        Role.ADMIN: world.admin,
        Role.CITIZEN: world.citizen,
        Role.INSPECTOR: world.inspector,
        Role.PARTY_OFFICE: world.party_office,
        Role.SUPERVISOR: world.supervisor,
    }


@pytest.fixture
def in_state(world, planned, dialogue):
    def build(kind, state):
        if kind == "session":
            obj = planned()
            fields = {"state": state}
            if state != SessionState.PLANNED:
                fields["held_at"] = local(2026, 1, 5, 9)
                fields["acknowledgement_due_at"] = local(2026, 1, 19, 9)
            ReceptionSession.objects.filter(pk=obj.pk).update(**fields)
            return ReceptionSession.objects.get(pk=obj.pk)
        obj = dialogue(local(2026, 3, 10, 8))
        fields = {"state": state}
        if state != DialogueState.PLANNED:
            fields["announced_at"] = local(2026, 3, 1, 8)
        if state in (DialogueState.HELD, DialogueState.PUBLISHED):
            fields["held_at"] = local(2026, 3, 10, 8)
            fields["publish_due_at"] = local(2026, 3, 20, 8)
        Dialogue.objects.filter(pk=obj.pk).update(**fields)
        return Dialogue.objects.get(pk=obj.pk)

    return build


def snapshot(obj):
    children = (
        ("citizens", "matters", "transitions")
        if isinstance(obj, ReceptionSession)
        else ("participants", "issues", "transitions")
    )
    fresh = type(obj).objects.get(pk=obj.pk)
    return (
        model_to_dict(fresh),
        {name: getattr(fresh, name).count() for name in children},
        AuditEvent.objects.count(),
        OutboxMessage.objects.count(),
        FeedbackItem.objects.count(),
    )


@pytest.mark.parametrize(("kind", "action", "state", "role"), list(_cases(allowed=True)))
def test_allowed_action_reaches_the_tables_target(
    world, actors, in_state, kind, action, state, role
):
    table, _states = TABLES[kind]
    obj = in_state(kind, state)
    run(kind, obj, action, actors[role], world)
    obj.refresh_from_db()
    target = table[action].target
    assert obj.state == (target if target is not None else state)
    assert obj.transitions.filter(action=action).count() == 1


@pytest.mark.parametrize(("kind", "action", "state", "role"), list(_cases(allowed=False)))
def test_other_roles_are_refused_and_nothing_changes(
    world, actors, in_state, kind, action, state, role
):
    obj = in_state(kind, state)
    before = snapshot(obj)
    with pytest.raises(NotAllowed):
        run(kind, obj, action, actors[role], world)
    assert snapshot(obj) == before


@pytest.mark.parametrize(("kind", "action", "state", "role"), list(_wrong_states()))
def test_other_states_are_refused_and_nothing_changes(
    world, actors, in_state, kind, action, state, role
):
    obj = in_state(kind, state)
    before = snapshot(obj)
    with pytest.raises(TransitionNotAllowed):
        run(kind, obj, action, actors[role], world)
    assert snapshot(obj) == before


def test_an_outsider_with_an_allowed_role_is_refused(world, in_state):
    obj = in_state("session", SessionState.PLANNED)
    before = snapshot(obj)
    with pytest.raises(NotAllowed):
        s.session_hold(obj, actor=world.outsider)
    assert snapshot(obj) == before
