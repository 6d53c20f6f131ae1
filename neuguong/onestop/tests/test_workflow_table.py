"""Tests generated from the dossier transition table (constants.TRANSITIONS).

- every allowed (state, role, action) ends in the table's target state;
- every role the table does not list is refused, and nothing changes (the row, its steps, its
  transitions and its audit events are compared before and after);
- every state the table does not list is refused for an allowed role, and nothing changes.

Dossiers are put in each state with factories (one intake, then the state's fields), not by
replaying the workflow. Each role acts through a persona in scope of the dossier: staff at commune
A's People's Committee (the handling agency), the head, an administrator, the applicant citizen. The
signers hold the authority the table's extra precondition needs (head, or a delegation in force).
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from neuguong.core.audit.models import AuditEvent
from neuguong.core.errors import NotAllowed, TransitionNotAllowed
from neuguong.core.roles import Role
from neuguong.core.workflow import Computed
from neuguong.onestop import services as s
from neuguong.onestop.constants import TRANSITIONS, ActorKind, DossierState, PaymentState
from neuguong.onestop.models import Apology, Dossier, DossierPause, DossierStep, DossierTransition
from neuguong.onestop.services.citizen import dossier_supplement_online
from neuguong.onestop.services.pauses import citizen_only
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant, local
from neuguong.org.constants import DecisionKind

pytestmark = pytest.mark.django_db

ALL_ROLES = tuple(Role)
ALL_STATES = tuple(DossierState)
# Late enough that every step and the appointment are overdue (apologies may be drafted).
LATER = local(2025, 10, 20, 9)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PARAMS = {
    "reason": "Lý do kiểm thử",
    "amount": 50000,
    "note": "Ghi chú",
    "result_number": "123/QĐ",
}


def _cases(allowed: bool):
    for action, row in TRANSITIONS.items():
        for state in ALL_STATES:
            if state not in row.sources:
                continue
            for role in ALL_ROLES:
                if (role in row.roles) is allowed:
                    yield pytest.param(action, state, role, id=f"{action}-{state}-{role}")


def _wrong_states():
    for action, row in TRANSITIONS.items():
        role = sorted(row.roles)[0]
        for state in ALL_STATES:
            if state not in row.sources:
                yield pytest.param(action, state, role, id=f"{action}-{state}-{role}")


@pytest.fixture
def actors(world):
    """One persona per role, in scope of a dossier handled by commune A's People's Committee."""
    from neuguong.org.tests import factories as f

    def staff(username, role, **scope):
        user = f.UserFactory(username=username)
        f.PersonFactory(full_name=f"Persona {username}", user=user)
        f.MembershipFactory(user=user, role=role, **scope)
        return user

    head_person = world.head.person_obj
    reception = staff("desk_at_a", Role.RECEPTION, agency=world.agency_a)
    for delegate in (world.colleague.person_obj, world.admin.person_obj):
        f.DelegationFactory(
            delegator=head_person,
            delegate=delegate,
            agency=world.agency_a,
            procedure_codes=["1.001193"],
            decision_kinds=[DecisionKind.APOLOGY_LETTER],
        )
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
def in_state(world, simple):
    """in_state(state) → a dossier of the citizen's, handled by commune A, in that state."""

    def build(state):
        if state == DossierState.NEW:
            return s.dossier_submit_online(
                procedure=simple,
                applicant=applicant(user=world.citizen),
                handling_agency=world.agency_a,
                receiving_agency=world.desk_a,
                at=MONDAY_9,
            )
        dossier = s.dossier_receive(
            actor=world.reception,
            receiving_agency=world.desk_a,
            procedure=simple,
            applicant=applicant(user=world.citizen),
            handling_agency=world.agency_a,
            at=MONDAY_9,
        )
        steps = list(dossier.steps.order_by("order"))
        fields = {"state": state}
        if state != DossierState.ACCEPTED:
            DossierStep.objects.filter(pk=steps[0].pk).update(
                completed_at=MONDAY_9, result="on_time", handed_over_by=world.reception
            )
            DossierStep.objects.filter(pk=steps[1].pk).update(started_at=MONDAY_9)
            fields["current_step"] = steps[1]
        if state == DossierState.SUPPLEMENT_REQUESTED:
            DossierPause.objects.create(dossier=dossier, started_at=MONDAY_9, reason="Thiếu")
            fields["supplement_count"] = 1
        if state == DossierState.PAYMENT_REQUESTED:
            # A requested payment has a fee (the dossier_payment_consistent constraint, issue 8).
            fields.update(fee=50000, payment_state=PaymentState.REQUESTED)
        if state in (DossierState.DONE, DossierState.RETURNED):
            DossierStep.objects.filter(pk__in=[x.pk for x in steps[1:3]]).update(
                completed_at=MONDAY_9, result="on_time"
            )
            fields.update(
                current_step=steps[3],
                processing_ended_at=MONDAY_9,
                result_signed_at=MONDAY_9,
                result_signed_by=world.head.person_obj,
            )
        if state in (DossierState.REFUSED, DossierState.WITHDRAWN, DossierState.STOPPED):
            fields["current_step"] = None
        Dossier.objects.filter(pk=dossier.pk).update(**fields)
        return Dossier.objects.get(pk=dossier.pk)

    return build


def _prepare(action, dossier, world):
    """The extra preconditions of an action beyond the table (the buttons check them too)."""
    if action == "sign_apology":
        Apology.objects.create(
            dossier=dossier,
            agency=world.agency_a,
            step=dossier.current_step,
            reason="Trễ hạn",
            old_appointment_at=dossier.appointment_at,
            new_appointment_at=dossier.appointment_at + dt.timedelta(days=10),
            drafted_at=LATER,
        )


def _snapshot(dossier):
    return (
        model_to_dict(Dossier.objects.get(pk=dossier.pk)),
        list(DossierStep.objects.filter(dossier=dossier).order_by("order").values()),
        DossierTransition.objects.filter(dossier=dossier).count(),
        AuditEvent.objects.filter(object_id=str(dossier.pk)).count(),
        list(Apology.objects.filter(dossier=dossier).values()),
    )


def _run(action, dossier, actor):
    if action == "receive_supplement" and citizen_only(actor):
        # A citizen's supplement comes with its files, through their own page's service; the bare
        # action refuses them (test_issue8_followups).
        upload = SimpleUploadedFile("bo-sung.pdf", PDF, content_type="application/pdf")
        return dossier_supplement_online(
            dossier, actor=actor, at=LATER, documents=[{"name": "Bổ sung", "file": upload}]
        )
    return s.run_action(dossier, action, actor=actor, at=LATER, **PARAMS)


@pytest.mark.parametrize(("action", "state", "role"), list(_cases(allowed=True)))
def test_an_allowed_role_reaches_the_tables_target(action, state, role, world, actors, in_state):
    dossier = in_state(state)
    _prepare(action, dossier, world)
    before = DossierTransition.objects.filter(dossier=dossier).count()
    _run(action, dossier, actors[role])
    dossier.refresh_from_db()
    row = TRANSITIONS[action]
    if row.target is None:
        assert dossier.state == state
    elif isinstance(row.target, Computed):
        assert dossier.state in row.target.possible
    else:
        assert dossier.state == row.target
    last = DossierTransition.objects.filter(dossier=dossier).order_by("id").last()
    assert DossierTransition.objects.filter(dossier=dossier).count() > before
    assert last.action == action
    assert last.from_state == state
    assert last.to_state == dossier.state


def test_completing_the_last_work_step_moves_to_done_and_a_middle_one_does_not(
    world, actors, in_state
):
    dossier = in_state(DossierState.PROCESSING)  # at the processing step; signing comes next
    s.dossier_complete_step(dossier, actor=actors[Role.HEAD], at=LATER)
    assert dossier.state == DossierState.PROCESSING
    assert dossier.current_step.actor_kind == ActorKind.SIGN
    s.dossier_complete_step(dossier, actor=actors[Role.HEAD], at=LATER)
    assert dossier.state == DossierState.DONE
    assert dossier.current_step.actor_kind == ActorKind.RETURN


@pytest.mark.parametrize(("action", "state", "role"), list(_cases(allowed=False)))
def test_a_role_the_table_does_not_list_is_refused_and_nothing_changes(
    action, state, role, world, actors, in_state
):
    dossier = in_state(state)
    _prepare(action, dossier, world)
    before = _snapshot(dossier)
    with pytest.raises(NotAllowed) as refused:
        _run(action, dossier, actors[role])
    assert refused.value.code == "role_not_allowed"
    assert _snapshot(dossier) == before


@pytest.mark.parametrize(("action", "state", "role"), list(_wrong_states()))
def test_a_state_the_table_does_not_list_is_refused_and_nothing_changes(
    action, state, role, world, actors, in_state
):
    dossier = in_state(state)
    before = _snapshot(dossier)
    with pytest.raises(TransitionNotAllowed):
        _run(action, dossier, actors[role])
    assert _snapshot(dossier) == before
