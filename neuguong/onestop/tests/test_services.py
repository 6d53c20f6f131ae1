"""The dossier workflow through its services: the table, the clock, hand-overs, signing, apology."""

import datetime as dt
from decimal import Decimal

import pytest

from neuguong.core.errors import DomainError, NotAllowed, TransitionNotAllowed
from neuguong.onestop import services as s
from neuguong.onestop.constants import TRANSITIONS, DossierState, StepResult
from neuguong.onestop.models import Dossier, DossierTransition
from neuguong.onestop.selectors import late_attribution
from neuguong.onestop.services.deadlines import add_hours as _add_hours
from neuguong.onestop.services.deadlines import hours_between
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant, local

pytestmark = pytest.mark.django_db


def _audit_actions(dossier):
    from neuguong.core.audit.models import AuditEvent

    return list(
        AuditEvent.objects.filter(object_id=str(dossier.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def _run_to_return(world, dossier, at):
    s.dossier_start(dossier, actor=world.reception, at=at)
    s.dossier_complete_step(dossier, actor=world.head, at=at + dt.timedelta(hours=2))
    s.dossier_complete_step(dossier, actor=world.head, at=at + dt.timedelta(hours=3))
    s.dossier_return(dossier, actor=world.reception, at=at + dt.timedelta(hours=4))
    return dossier


def test_it_receives_at_the_desk_with_code_steps_and_appointment(world, receive):
    dossier = receive()
    assert dossier.state == DossierState.ACCEPTED
    assert dossier.code == "000.01.02.H18-251006-0001"
    assert receive().code == "000.01.02.H18-251006-0002"
    assert receive(at=local(2025, 10, 7, 9)).code == "000.01.02.H18-251007-0001"
    assert dossier.appointment_at == _add_hours(MONDAY_9, 24)
    steps = list(dossier.steps.order_by("order"))
    assert [x.agency_id for x in steps] == [
        world.desk_a.pk,
        world.agency_a.pk,
        world.agency_a.pk,
        world.desk_a.pk,
    ]
    # Each step's due chains from the previous one; the last due is the appointment.
    assert steps[0].due_at == _add_hours(MONDAY_9, 4)
    assert steps[1].due_at == _add_hours(steps[0].due_at, 16)
    assert steps[-1].due_at == dossier.appointment_at
    assert dossier.current_step_id == steps[0].pk
    assert _audit_actions(dossier) == ["onestop.dossier.received"]


def test_it_refuses_an_invalid_citizen_id(world, receive):
    with pytest.raises(DomainError) as exc:
        receive(id_number="12345")
    assert exc.value.message == s.ID_NUMBER_REFUSED
    assert not Dossier.objects.exists()


def test_it_counts_from_the_next_working_day_after_the_cutoff(world, receive):
    before = receive(at=local(2025, 10, 6, 14, 0))
    after = receive(at=local(2025, 10, 6, 16, 0))  # after the 15:00 cut-off
    assert after.appointment_at == _add_hours(local(2025, 10, 7, 0, 0), 24)
    assert after.appointment_at > before.appointment_at


def test_it_runs_intake_to_return(world, receive):
    dossier = _run_to_return(world, receive(), MONDAY_9)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED
    assert dossier.result_signed_by == world.head.person_obj
    assert [t.action for t in dossier.transitions.order_by("id")] == [
        "receive",
        "start",
        "complete_step",
        "sign_result",
        "complete_step",
        "return",
    ]
    assert _audit_actions(dossier)[-1] == "onestop.dossier.returned"
    assert all(x.completed_at for x in dossier.steps.all())
    assert not dossier.is_late


def test_it_accepts_an_online_submission(world, simple):
    dossier = s.dossier_submit_online(
        procedure=simple,
        applicant=applicant(user=world.citizen),
        handling_agency=world.agency_a,
        receiving_agency=world.desk_a,
        at=MONDAY_9,
    )
    assert dossier.state == DossierState.NEW
    assert dossier.code.endswith("-0001")
    assert dossier.appointment_at is None
    s.dossier_accept(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(hours=1))
    assert dossier.state == DossierState.ACCEPTED
    assert dossier.received_at == MONDAY_9 + dt.timedelta(hours=1)
    assert dossier.steps.count() == 4


# ---- the table: every action, allowed and forbidden states ------------------------------------

ALL_STATES = list(DossierState)
CASES = [
    (action, state, state in row.sources)
    for action, row in TRANSITIONS.items()
    for state in ALL_STATES
]


def _params(action):
    return {
        "refuse": {"reason": "x"},
        "request_supplement": {"reason": "x"},
        "request_payment": {"amount": 10000},
        "withdraw": {"reason": "x"},
        "stop": {"reason": "x"},
        "draft_apology": {"reason": "x"},
        "complete_step": {"note": ""},
    }.get(action, {})


@pytest.mark.parametrize(("action", "state", "allowed"), CASES)
def test_it_follows_the_transition_table(world, receive, simple, action, state, allowed):
    if state == DossierState.NEW:
        dossier = s.dossier_submit_online(
            procedure=simple,
            applicant=applicant(),
            handling_agency=world.agency_a,
            receiving_agency=world.desk_a,
            at=MONDAY_9,
        )
    else:
        dossier = receive()
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    before = Dossier.objects.filter(pk=dossier.pk).values().get()
    transitions = DossierTransition.objects.count()
    if allowed:
        # The table allows it: if it is refused, it is for another (domain) reason, never the table.
        try:
            s.run_action(dossier, action, actor=world.admin, **_params(action))
        except TransitionNotAllowed:  # pragma: no cover
            pytest.fail(f"{action} refused in {state}")
        except DomainError:
            pass
        return
    with pytest.raises(TransitionNotAllowed):
        s.run_action(dossier, action, actor=world.admin, **_params(action))
    assert Dossier.objects.filter(pk=dossier.pk).values().get() == before
    assert DossierTransition.objects.count() == transitions


def test_it_refuses_a_role_the_table_does_not_list(world, receive):
    dossier = receive()
    with pytest.raises(NotAllowed):
        s.dossier_start(dossier, actor=world.specialist)
    with pytest.raises(NotAllowed):
        s.dossier_start(dossier, actor=world.citizen)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.ACCEPTED


def test_it_refuses_staff_outside_the_dossiers_agencies(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    with pytest.raises(NotAllowed) as exc:
        s.dossier_complete_step(dossier, actor=world.outsider, at=MONDAY_9)
    assert exc.value.message == s.SCOPE_REFUSED


def test_it_lets_a_citizen_withdraw_only_their_own(world, receive):
    own = receive(user=world.citizen)
    other = receive()
    with pytest.raises(NotAllowed):
        s.dossier_withdraw(other, actor=world.citizen, reason="đổi ý")
    s.dossier_withdraw(own, actor=world.citizen, reason="đổi ý")
    assert own.state == DossierState.WITHDRAWN


# ---- the clock --------------------------------------------------------------------------------


def test_it_moves_the_appointment_by_the_paused_time(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    appointment = dossier.appointment_at
    pending_due = dossier.steps.get(order=3).due_at
    s.dossier_request_supplement(dossier, actor=world.head, reason="Thiếu bản sao", at=MONDAY_9)
    assert dossier.state == DossierState.SUPPLEMENT_REQUESTED
    # Paused from Monday 09:00 to Tuesday 09:00: 8 working hours.
    s.dossier_receive_supplement(dossier, actor=world.head, at=local(2025, 10, 7, 9))
    paused = hours_between(MONDAY_9, local(2025, 10, 7, 9))
    assert paused == Decimal(8)
    assert dossier.appointment_at == _add_hours(appointment, paused)
    assert dossier.steps.get(order=3).due_at == _add_hours(pending_due, paused)
    assert dossier.pauses.get().ended_at == local(2025, 10, 7, 9)
    assert not dossier.late_by_rule


def test_it_flags_a_second_supplement_request_late_by_rule(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_request_supplement(dossier, actor=world.head, reason="1", at=MONDAY_9)
    s.dossier_receive_supplement(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=1))
    assert not dossier.late_by_rule
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="2", at=MONDAY_9 + dt.timedelta(hours=2)
    )
    assert dossier.late_by_rule
    assert dossier.is_late
    assert dossier.supplement_count == 2


def test_it_judges_hand_overs_early_on_time_and_late(world, receive):
    dossier = receive()
    steps = {x.order: x for x in dossier.steps.all()}
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(minutes=30))
    # Step 2 (16h) is due Wednesday 09:00 + ...; hand it over on the due moment: on time.
    s.dossier_complete_step(dossier, actor=world.head, at=steps[2].due_at)
    # Step 3 (sign) handed over one minute after its due moment: late.
    s.dossier_complete_step(dossier, actor=world.head, at=steps[3].due_at + dt.timedelta(minutes=1))
    results = dict(dossier.steps.values_list("order", "result"))
    assert results[1] == StepResult.ON_TIME  # same day as its due (Monday 13:30 or so)
    assert results[2] == StepResult.ON_TIME
    assert results[3] == StepResult.LATE
    assert dossier.state == DossierState.DONE
    assert dossier.is_late
    other = receive()
    s.dossier_start(other, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(other, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=1))
    assert other.steps.get(order=2).result == StepResult.EARLY


def test_it_attributes_a_late_interconnected_dossier_to_the_agency_that_overran(
    world, receive, linked
):
    from neuguong.org.constants import PositionTitle
    from neuguong.org.tests.factories import PersonFactory, TermFactory

    dept_head = PersonFactory(full_name="Giám đốc Sở")
    TermFactory(person=dept_head, agency=world.department, title=PositionTitle.HEAD)
    dossier = receive(procedure=linked)
    steps = {x.order: x for x in dossier.steps.all()}
    assert steps[3].agency == world.department
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=steps[2].due_at)  # commune: on time
    assert dossier.current_step.agency == world.department
    late = steps[3].due_at + dt.timedelta(days=1)
    s.dossier_complete_step(dossier, actor=world.specialist, at=late)  # province level: late
    s.dossier_complete_step(dossier, actor=world.head, at=late + dt.timedelta(hours=1))
    s.dossier_return(dossier, actor=world.reception, at=late + dt.timedelta(hours=2))
    assert dossier.state == DossierState.RETURNED
    assert dossier.is_late
    step, agency, head = late_attribution(dossier)
    assert (step.order, agency, head) == (3, world.department, dept_head)
    handovers = list(dossier.steps.order_by("order").values_list("agency__level", "result"))
    assert ("commune", "on_time") in handovers
    assert ("province", "late") in handovers


# ---- signing ----------------------------------------------------------------------------------


def test_it_refuses_and_audits_a_signature_without_authority(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9)
    clerk = world.colleague  # a specialist of agency A with no delegation
    with pytest.raises(NotAllowed) as exc:
        s.dossier_sign_result(dossier, actor=clerk, at=MONDAY_9)
    assert exc.value.message == s.SIGN_NOT_AUTHORISED
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.result_signed_at is None
    assert fresh.current_step.order == 3
    assert _audit_actions(dossier)[-1] == "onestop.dossier.signature_refused"
    s.dossier_sign_result(dossier, actor=world.head, result_number="12/GKS", at=MONDAY_9)
    assert dossier.result_signed_by == world.head.person_obj


def test_it_lets_a_delegate_sign(world, receive, simple):
    from neuguong.org.tests.factories import DelegationFactory, MembershipFactory

    deputy = world.outsider
    MembershipFactory(user=deputy, role="specialist", agency=world.agency_a)
    DelegationFactory(
        delegator=world.head.person_obj,
        delegate=deputy.person_obj,
        agency=world.agency_a,
        procedure_codes=[simple.code],
        valid_from=dt.date(2025, 7, 1),
    )
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9)
    s.dossier_sign_result(dossier, actor=deputy, at=MONDAY_9)
    assert dossier.result_signed_by == deputy.person_obj


# ---- the apology ------------------------------------------------------------------------------


def test_it_apologises_once_signed_by_the_head_of_the_agency_at_fault(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    with pytest.raises(DomainError) as exc:
        s.apology_draft(dossier, actor=world.head, reason="x", at=MONDAY_9)
    assert exc.value.message == s.APOLOGY_NOT_LATE
    overdue = dossier.current_step.due_at + dt.timedelta(hours=1)
    apology = s.apology_draft(dossier, actor=world.head, reason="Cần xác minh thêm", at=overdue)
    assert apology.agency == world.agency_a
    assert apology.step.order == 2
    assert apology.new_appointment_at > dossier.appointment_at
    with pytest.raises(NotAllowed):
        s.apology_sign(dossier, actor=world.reception, at=overdue)
    # Refused by role (the table), before any authority check: nothing to audit.
    assert _audit_actions(dossier)[-1] == "onestop.dossier.apology_drafted"
    s.apology_sign(dossier, actor=world.head, at=overdue)
    dossier.refresh_from_db()
    assert dossier.rescheduled
    assert dossier.appointment_at == apology.new_appointment_at
    assert dossier.original_appointment_at < dossier.appointment_at
    with pytest.raises(DomainError) as exc:
        s.apology_draft(dossier, actor=world.head, reason="again", at=overdue)
    assert exc.value.message == s.APOLOGY_ONCE
    # The overrun step keeps its due: it is still judged late, and so is the dossier.
    s.dossier_complete_step(dossier, actor=world.head, at=overdue)
    assert dossier.steps.get(order=2).result == StepResult.LATE


def test_it_refuses_an_apology_signature_by_another_head(world, receive):
    from neuguong.org.constants import PositionTitle
    from neuguong.org.tests.factories import MembershipFactory, TermFactory

    other_head = world.outsider
    MembershipFactory(user=other_head, role="head", agency=world.provincial_pc)
    TermFactory(person=other_head.person_obj, agency=world.provincial_pc, title=PositionTitle.HEAD)
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    overdue = dossier.current_step.due_at + dt.timedelta(hours=1)
    s.apology_draft(dossier, actor=world.head, reason="x", at=overdue)
    with pytest.raises(NotAllowed) as exc:
        s.apology_sign(dossier, actor=other_head, at=overdue)
    assert exc.value.message == s.APOLOGY_SIGN_REFUSED
    assert not Dossier.objects.get(pk=dossier.pk).rescheduled
    assert _audit_actions(dossier)[-1] == "onestop.dossier.apology_signature_refused"


# ---- allowed actions --------------------------------------------------------------------------


def test_it_lists_the_actions_each_persona_may_run(world, receive):
    dossier = receive()
    assert s.allowed_actions(dossier, world.reception, MONDAY_9) == ["start", "withdraw"]
    assert s.allowed_actions(dossier, world.outsider, MONDAY_9) == []
    assert s.allowed_actions(dossier, world.citizen, MONDAY_9) == []
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    head_actions = s.allowed_actions(dossier, world.head, MONDAY_9)
    assert "complete_step" in head_actions
    assert "request_supplement" in head_actions
    assert "draft_apology" not in head_actions
    assert "complete_step" not in s.allowed_actions(dossier, world.reception, MONDAY_9)
    late = dossier.current_step.due_at + dt.timedelta(hours=1)
    assert "draft_apology" in s.allowed_actions(dossier, world.head, late)


def test_it_notifies_the_applicant_by_sms_and_email(world, receive):
    from neuguong.core.outbox.models import OutboxMessage

    world.citizen.email = "citizen@example.vn"
    world.citizen.save(update_fields=["email"])
    dossier = receive(user=world.citizen, phone="0912000111")
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_request_supplement(dossier, actor=world.head, reason="Thiếu tờ khai", at=MONDAY_9)
    sent = list(OutboxMessage.objects.order_by("id").values_list("channel", "recipient", "topic"))
    assert sent == [
        ("sms", "0912000111", "onestop.dossier.accepted"),
        ("email", "citizen@example.vn", "onestop.dossier.accepted"),
        ("sms", "0912000111", "onestop.dossier.supplement"),
        ("email", "citizen@example.vn", "onestop.dossier.supplement"),
    ]
    assert dossier.code in OutboxMessage.objects.first().body


def test_it_still_counts_a_rescheduled_dossier_as_late(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    overdue = dossier.current_step.due_at + dt.timedelta(hours=1)
    s.apology_draft(dossier, actor=world.head, reason="Chậm", at=overdue)
    s.apology_sign(dossier, actor=world.head, at=overdue)
    s.dossier_finish(
        dossier, actor=world.head, at=dossier.original_appointment_at + dt.timedelta(hours=1)
    )
    assert dossier.processing_ended_at < dossier.appointment_at
    assert dossier.is_late


# ---- finish never skips the signature ----------------------------------------------------------


def _snapshot(dossier):
    return (
        Dossier.objects.filter(pk=dossier.pk).values().get(),
        list(dossier.steps.order_by("order").values()),
        DossierTransition.objects.filter(dossier=dossier).count(),
    )


def test_it_refuses_to_finish_an_unsigned_dossier_without_authority_to_sign(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    clerk = world.colleague  # a specialist of agency A with no delegation: may finish, not sign
    # Finishing would sign first: the button is no longer offered to them (issue 8 §7); the
    # service still refuses it and puts the attempt on record.
    assert "finish" not in s.allowed_actions(dossier, clerk, MONDAY_9)
    before = _snapshot(dossier)
    with pytest.raises(NotAllowed) as exc:
        s.dossier_finish(dossier, actor=clerk, at=MONDAY_9 + dt.timedelta(hours=1))
    assert exc.value.message == s.SIGN_NOT_AUTHORISED
    assert _snapshot(dossier) == before
    assert _audit_actions(dossier)[-1] == "onestop.dossier.signature_refused"


def test_it_signs_when_the_head_finishes_an_unsigned_dossier(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_finish(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=1))
    assert dossier.state == DossierState.DONE
    assert dossier.result_signed_by == world.head.person_obj
    assert _audit_actions(dossier)[-2:] == [
        "onestop.dossier.result_signed",
        "onestop.dossier.finished",
    ]
    assert all(x.completed_at for x in dossier.steps.exclude(actor_kind="return"))


# ---- a pause ended by withdrawal, and apologies across a pause ---------------------------------


def test_it_moves_the_clock_when_a_dossier_is_withdrawn_while_awaiting_a_supplement(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    appointment, original = dossier.appointment_at, dossier.original_appointment_at
    pending_due = dossier.steps.get(order=3).due_at
    s.dossier_request_supplement(dossier, actor=world.head, reason="Thiếu bản sao", at=MONDAY_9)
    # The applicant never brings the documents and withdraws a week later, past the appointment.
    withdrawn_at = local(2025, 10, 13, 9)
    s.dossier_withdraw(dossier, actor=world.reception, reason="Rút hồ sơ", at=withdrawn_at)
    paused = hours_between(MONDAY_9, withdrawn_at)
    assert paused == Decimal(40)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.WITHDRAWN
    assert dossier.pauses.get().ended_at == withdrawn_at
    assert dossier.paused_hours == paused
    assert dossier.appointment_at == _add_hours(appointment, paused)
    assert dossier.original_appointment_at == _add_hours(original, paused)
    assert dossier.steps.get(order=3).due_at == _add_hours(pending_due, paused)
    # The wait was the applicant's: not late, so not blamed on the agency.
    assert not dossier.is_late


def test_it_moves_an_unsigned_apologys_appointment_with_the_pause(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    overdue = dossier.current_step.due_at + dt.timedelta(hours=1)
    apology = s.apology_draft(dossier, actor=world.head, reason="Cần xác minh", at=overdue)
    promised = apology.new_appointment_at
    s.dossier_request_supplement(dossier, actor=world.head, reason="Thiếu tờ khai", at=overdue)
    back = _add_hours(overdue, 40)
    s.dossier_receive_supplement(dossier, actor=world.head, at=back)
    paused = hours_between(overdue, back)
    apology.refresh_from_db()
    assert apology.new_appointment_at == _add_hours(promised, paused)
    moved = dossier.appointment_at
    s.apology_sign(dossier, actor=world.head, at=back)
    # Signing reschedules later, never earlier than the pause-moved appointment.
    assert dossier.appointment_at == apology.new_appointment_at
    assert dossier.appointment_at > moved


def test_it_refuses_to_sign_an_apology_that_would_bring_the_appointment_forward(world, receive):
    from neuguong.onestop.models import Apology

    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    overdue = dossier.current_step.due_at + dt.timedelta(hours=1)
    apology = s.apology_draft(dossier, actor=world.head, reason="Cần xác minh", at=overdue)
    Apology.objects.filter(pk=apology.pk).update(
        new_appointment_at=dossier.appointment_at - dt.timedelta(hours=1)
    )
    before = _snapshot(dossier)
    with pytest.raises(DomainError) as exc:
        s.apology_sign(dossier, actor=world.head, at=overdue)
    assert exc.value.message == s.APOLOGY_OUTDATED
    assert _snapshot(dossier) == before
    assert Apology.objects.get(pk=apology.pk).signed_at is None


# ---- who received the dossier at each step (the process control slip) ---------------------------


def test_it_records_who_received_the_dossier_at_each_step(world, receive, linked):
    from neuguong.onestop import documents

    dossier = receive(procedure=linked)
    steps = {x.order: x for x in dossier.steps.all()}
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=steps[2].due_at)
    s.dossier_complete_step(dossier, actor=world.specialist, at=steps[3].due_at)
    s.dossier_sign_result(dossier, actor=world.head, at=steps[4].due_at)
    s.dossier_complete_step(dossier, actor=world.head, at=steps[4].due_at)
    s.dossier_return(dossier, actor=world.reception, at=steps[5].due_at)
    received = dict(dossier.steps.values_list("order", "received_by"))
    assert received == {
        1: world.reception.pk,
        2: world.head.pk,
        3: world.specialist.pk,  # the provincial department's officer, after the hand-over
        4: world.head.pk,
        5: world.reception.pk,
    }
    rows = documents._control_rows(dossier)
    assert all(row["received_by"] for row in rows)
    # The audit fingerprint covers received_by too: the log still verifies.
    from neuguong.core.audit.verify import verify

    assert not [p for p in verify().problems if f"onestop.dossier pk={dossier.pk}" in p]
