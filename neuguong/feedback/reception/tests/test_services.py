"""The reception and dialogue services: what each action writes, and what it refuses."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from neuguong.core.audit.models import AuditEvent
from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.outbox.models import OutboxMessage
from neuguong.core.validation import InvalidInput
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import DialogueState, Language, SessionState
from neuguong.feedback.reception.models import ReceptionSession
from neuguong.feedback.reception.tests.conftest import local

pytestmark = pytest.mark.django_db


def actions(obj):
    return list(
        AuditEvent.objects.filter(object_id=str(obj.pk), action__startswith="reception.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_it_plans_a_chairs_session_from_the_term(world, planned):
    session = planned()
    assert (session.position, session.level, session.unit) == (
        "gov_chair",
        "commune",
        world.commune_a,
    )
    assert session.state == SessionState.PLANNED
    assert actions(session) == ["reception.session.planned"]


def test_it_plans_a_secretarys_session(world, secretary_term):
    session = s.session_plan(
        actor=world.party_office, term=secretary_term, scheduled_on="2026-01-06", location="Đảng ủy"
    )
    assert (session.position, session.level) == ("party_head", "commune")


def test_it_refuses_a_position_without_reception_duty(world):
    from neuguong.org.tests import factories as f

    deputy = f.TermFactory(title="deputy", agency=world.agency_a)
    with pytest.raises(InvalidInput):
        s.session_plan(actor=world.head, term=deputy, scheduled_on="2026-01-06", location="x")
    assert not ReceptionSession.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "citizen", "inspector", "supervisor"])
def test_it_refuses_planning_to_others(world, chair_term, who):
    with pytest.raises((NotAllowed, PermissionDenied)):
        s.session_plan(
            actor=getattr(world, who), term=chair_term, scheduled_on="2026-01-06", location="x"
        )
    assert not ReceptionSession.objects.exists()


def test_holding_sets_the_acknowledgement_due_in_working_days(world, planned):
    session = s.session_hold(planned(), actor=world.head, held_at=local(2026, 1, 5, 9))
    # 10 working days after Monday 5 January 2026 is Monday 19 January.
    assert session.acknowledgement_due_at.date() == dt.date(2026, 1, 19)
    assert actions(session)[-1] == "reception.session.held"


def test_a_minority_language_citizen_needs_an_interpreter(world, held):
    session = held()
    with pytest.raises(InvalidInput) as exc:
        s.session_record_citizen(
            session, actor=world.head, data={"full_name": "Giàng A Páo", "language": Language.HMONG}
        )
    assert exc.value.field == "interpreter"
    citizen = s.session_record_citizen(
        session,
        actor=world.head,
        data={
            "full_name": "Giàng A Páo",
            "language": Language.HMONG,
            "interpreter": "Vàng Thị Mai",
            "id_number": "011090001234",
            "phone": "0912 345 678",
        },
    )
    assert citizen.phone == "0912345678"
    event = AuditEvent.objects.filter(action="reception.session.citizen_recorded").get()
    assert "011090001234" not in str(event.data)
    assert "0912345678" not in str(event.data)


def test_a_matter_is_recorded_and_acknowledged_with_sms(world, held):
    session = held()
    citizen = s.session_record_citizen(
        session, actor=world.head, data={"full_name": "Lò Thị Hoa", "phone": "0912345678"}
    )
    matter = s.session_record_matter(
        session,
        actor=world.head,
        summary="Tranh chấp ranh giới đất",
        category_code="land",
        citizen=citizen,
    )
    assert matter.session_id == session.pk
    session = s.session_acknowledge(
        session, actor=world.head, reference="12/TB-UBND", at=local(2026, 1, 12, 9)
    )
    assert session.state == SessionState.ACKNOWLEDGED
    assert OutboxMessage.objects.filter(
        topic="reception.acknowledged", recipient="0912345678"
    ).exists()
    event = AuditEvent.objects.filter(action="reception.session.acknowledged").get()
    assert event.data["on_time"] is True


def test_a_specialist_cannot_acknowledge(world, held):
    session = held()
    with pytest.raises(NotAllowed):
        s.session_acknowledge(session, actor=world.colleague, reference="1/TB")
    session.refresh_from_db()
    assert session.state == SessionState.HELD


def test_an_outsider_cannot_hold_a_session_of_another_commune(world, planned):
    session = planned()
    with pytest.raises(NotAllowed):
        s.session_hold(session, actor=world.outsider)
    session.refresh_from_db()
    assert session.state == SessionState.PLANNED


def test_a_late_announcement_is_flagged(world, dialogue):
    d = s.dialogue_announce(
        dialogue(local(2026, 3, 10, 8)), actor=world.head, at=local(2026, 3, 5, 8)
    )
    assert d.state == DialogueState.ANNOUNCED
    assert d.announcement_late


def test_an_announcement_seven_days_ahead_is_on_time(world, dialogue):
    d = s.dialogue_announce(
        dialogue(local(2026, 3, 10, 8)), actor=world.head, at=local(2026, 3, 3, 8)
    )
    assert not d.announcement_late


def test_a_dialogue_runs_to_publication_and_late_is_flagged(world, dialogue):
    d = s.dialogue_announce(dialogue(), actor=world.head, at=local(2026, 3, 1, 8))
    d = s.dialogue_hold(d, actor=world.head, held_at=local(2026, 3, 10, 8))
    assert d.publish_due_at == local(2026, 3, 20, 8)
    s.dialogue_record_participant(
        d, actor=world.head, name="Ông Lò Văn Pọm", organisation="Bản Noong Bua"
    )
    issue = s.dialogue_record_issue(
        d,
        actor=world.head,
        summary="Chậm chi trả bồi thường",
        category_code="site_clearance",
        owner=world.agency_a,
        commitment="Chi trả xong trước 30/4",
        deadline="2026-04-30",
    )
    assert issue.owner == world.agency_a
    d = s.dialogue_publish(
        d, actor=world.head, results="Kết quả đối thoại…", at=local(2026, 3, 25, 8)
    )
    assert d.state == DialogueState.PUBLISHED
    assert d.publication_late


def test_the_reminder_goes_once_before_the_period_runs_out(world, dialogue):
    world.head.person_obj.email = "chair@example.vn"
    world.head.person_obj.save()
    d = s.dialogue_announce(dialogue(), actor=world.head, at=local(2026, 3, 1, 8))
    s.dialogue_hold(d, actor=world.head, held_at=local(2026, 3, 10, 8))
    assert s.dialogue_send_reminders(at=local(2026, 3, 12, 8)) == 0
    assert s.dialogue_send_reminders(at=local(2026, 3, 18, 9)) == 1
    assert s.dialogue_send_reminders(at=local(2026, 3, 19, 9)) == 0
    assert OutboxMessage.objects.filter(topic="reception.dialogue.publish_reminder").count() == 1


def test_voter_request_share_is_checked(world):
    with pytest.raises(DomainError):
        s.voter_request_record(
            actor=world.head,
            unit=world.commune_a,
            received_on="2026-02-01",
            signatures=900,
            voters=800,
            subject="x",
        )
    r = s.voter_request_record(
        actor=world.head,
        unit=world.commune_a,
        received_on="2026-02-01",
        signatures=850,
        voters=8000,
        subject="Đối thoại về quy hoạch chợ",
    )
    assert r.share > 0.1
