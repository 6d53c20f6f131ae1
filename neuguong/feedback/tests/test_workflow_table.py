"""Tests generated from the three feedback tables (constants.TABLES), as onestop's are from its own.

- every allowed (kind, state, role, action) ends in the table's target state, with a transition row;
- every role the table does not list is refused, and nothing changes (the row, its transitions, its
  audit events, its supporters are compared before and after);
- every state the table does not list is refused for an allowed role, and nothing changes.

Items are put in each state with the intake service and then the state's fields. Each role acts
through a persona in scope of the item (handled by commune A's People's Committee); the citizen is
the signed-in submitter.
"""

import datetime as dt

import pytest
from django.forms.models import model_to_dict

from neuguong.core.audit.models import AuditEvent
from neuguong.core.errors import NotAllowed, TransitionNotAllowed
from neuguong.core.roles import Role
from neuguong.feedback.constants import TABLES, ItemKind, ItemState
from neuguong.feedback.models import FeedbackItem, ItemTransition, Supporter
from neuguong.feedback.services.registry import run_action
from neuguong.feedback.tests.conftest import MONDAY_9, submit

pytestmark = pytest.mark.django_db

ALL_ROLES = tuple(Role)
ALL_STATES = tuple(ItemState)
LATER = MONDAY_9 + dt.timedelta(days=3)


def _cases(allowed: bool):
    for kind, table in TABLES.items():
        for action, row in table.items():
            for state in ALL_STATES:
                if state not in row.sources:
                    continue
                for role in ALL_ROLES:
                    if (role in row.roles) is allowed:
                        yield pytest.param(
                            kind, action, state, role, id=f"{kind}-{action}-{state}-{role}"
                        )


def _wrong_states():
    for kind, table in TABLES.items():
        for action, row in table.items():
            role = sorted(row.roles)[0]
            for state in ALL_STATES:
                if state not in row.sources:
                    yield pytest.param(
                        kind, action, state, role, id=f"{kind}-{action}-{state}-{role}"
                    )


@pytest.fixture
def actors(world):
    from neuguong.org.tests import factories as f

    reception = f.UserFactory(username="desk_at_a")
    f.MembershipFactory(user=reception, role=Role.RECEPTION, agency=world.agency_a)
    return {
        Role.RECEPTION: reception,
        Role.SPECIALIST: world.colleague,
        Role.HEAD: world.head,
        Role.ADMIN: world.admin,
        Role.CITIZEN: world.citizen,
        Role.INSPECTOR: world.inspector,
        Role.PARTY_OFFICE: world.party_office,
        Role.SUPERVISOR: world.supervisor,
    }


@pytest.fixture
def in_state(world):
    """in_state(kind, state) → the citizen's item of that kind, handled by agency A, in that state."""

    def build(kind, state):
        item = submit(world, kind=kind, actor=world.citizen)
        fields = {"state": state}
        if state not in (ItemState.SUBMITTED, ItemState.REJECTED):
            fields["accepted_at"] = MONDAY_9
        if state in (ItemState.ANSWERED, ItemState.PUBLISHED, ItemState.CLOSED):
            fields.update(answered_at=MONDAY_9, answer="Đã xử lý.")
        if state in (ItemState.PUBLISHED, ItemState.CLOSED):
            fields["published_at"] = MONDAY_9
        FeedbackItem.objects.filter(pk=item.pk).update(**fields)
        return FeedbackItem.objects.get(pk=item.pk)

    return build


def _params(action, item, world):
    """The parameters of each action, and the preconditions beyond the table."""
    params = {
        "reason": "Lý do kiểm thử",
        "answer": "Trả lời chính thức.",
        "information": "Bổ sung thông tin.",
        "rating": "satisfied",
        "agency": world.agency_b,
    }
    if action == "merge":
        params["into"] = submit(world, title="Trùng nội dung")
    if action == "extend":
        FeedbackItem.objects.filter(pk=item.pk).update(is_complex=True)
        item.is_complex = True
    return params


def _snapshot(item):
    return (
        model_to_dict(FeedbackItem.objects.get(pk=item.pk)),
        ItemTransition.objects.filter(item=item).count(),
        AuditEvent.objects.filter(object_id=str(item.pk)).count(),
        Supporter.objects.count(),
    )


@pytest.mark.parametrize(("kind", "action", "state", "role"), list(_cases(allowed=True)))
def test_an_allowed_role_reaches_the_tables_target(
    kind, action, state, role, world, actors, in_state
):
    item = in_state(kind, state)
    params = _params(action, item, world)
    run_action(item, action, actor=actors[role], at=LATER, **params)
    item.refresh_from_db()
    row = TABLES[kind][action]
    assert item.state == (state if row.target is None else row.target)
    last = ItemTransition.objects.filter(item=item).order_by("id").last()
    assert (last.action, last.from_state, last.to_state) == (action, state, item.state)


@pytest.mark.parametrize(("kind", "action", "state", "role"), list(_cases(allowed=False)))
def test_a_role_the_table_does_not_list_is_refused_and_nothing_changes(
    kind, action, state, role, world, actors, in_state
):
    item = in_state(kind, state)
    params = _params(action, item, world)
    before = _snapshot(item)
    with pytest.raises(NotAllowed) as refused:
        run_action(item, action, actor=actors[role], at=LATER, **params)
    assert refused.value.code == "role_not_allowed"
    assert _snapshot(item) == before


@pytest.mark.parametrize(("kind", "action", "state", "role"), list(_wrong_states()))
def test_a_state_the_table_does_not_list_is_refused_and_nothing_changes(
    kind, action, state, role, world, actors, in_state
):
    item = in_state(kind, state)
    params = _params(action, item, world)
    before = _snapshot(item)
    with pytest.raises(TransitionNotAllowed):
        run_action(item, action, actor=actors[role], at=LATER, **params)
    assert _snapshot(item) == before


def test_every_kind_has_its_own_table():
    assert set(TABLES) == set(ItemKind)
    assert "publish" not in TABLES[ItemKind.DENUNCIATION]
