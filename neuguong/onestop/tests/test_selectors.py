"""Work queues and scoping of dossiers per persona."""

import datetime as dt

import pytest

from neuguong.onestop import selectors as q
from neuguong.onestop import services as s
from neuguong.onestop.services.deadlines import add_hours as _add_hours
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(d.code for d in qs)


def test_it_queues_online_submissions_for_the_desk(world, simple):
    online = s.dossier_submit_online(
        procedure=simple,
        applicant=applicant(user=world.citizen),
        handling_agency=world.agency_a,
        receiving_agency=world.desk_a,
        at=MONDAY_9,
    )
    assert codes(q.queue_to_accept(world.reception)) == [online.code]
    assert codes(q.queue_to_accept(world.outsider)) == []
    assert codes(q.dossier_list_for_user(world.citizen)) == [online.code]


def test_it_queues_steps_at_the_users_agency(world, receive, linked):
    dossier = receive(procedure=linked)
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    assert codes(q.queue_my_steps(world.head)) == [dossier.code]
    assert codes(q.queue_my_steps(world.specialist)) == []
    # The specialist does not see it before the step reaches the department...
    assert codes(q.dossier_list_for_user(world.specialist)) == []
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=1))
    assert codes(q.queue_my_steps(world.specialist)) == [dossier.code]
    s.dossier_complete_step(dossier, actor=world.specialist, at=MONDAY_9 + dt.timedelta(hours=2))
    # ...and keeps seeing it once the department's step is past.
    assert codes(q.dossier_list_for_user(world.specialist)) == [dossier.code]
    assert codes(q.dossier_list_for_user(world.outsider)) == []


def test_it_queues_at_risk_late_and_awaiting_supplement(world, receive):
    running = receive()
    s.dossier_start(running, actor=world.reception, at=MONDAY_9)
    waiting = receive()
    s.dossier_start(waiting, actor=world.reception, at=MONDAY_9)
    s.dossier_request_supplement(waiting, actor=world.head, reason="Thiếu", at=MONDAY_9)
    half_day_before = running.appointment_at - dt.timedelta(hours=4)
    assert codes(q.queue_at_risk(world.head, at=half_day_before)) == [running.code]
    assert codes(q.queue_at_risk(world.head, at=MONDAY_9)) == []
    after = running.appointment_at + dt.timedelta(hours=1)
    assert codes(q.queue_late(world.head, at=after)) == [running.code]
    assert codes(q.queue_awaiting_supplement(world.head)) == [waiting.code]


def test_it_searches_without_diacritics(world, receive):
    dossier = receive(name="Quàng Thị Đào")
    qs = q.dossier_list_for_user(world.reception)
    assert codes(q.dossier_search(qs, "quang thi dao")) == [dossier.code]
    assert codes(q.dossier_search(qs, "khai sinh")) == [dossier.code]
    assert codes(q.dossier_search(qs, dossier.code)) == [dossier.code]
    assert codes(q.dossier_search(qs, "nguyen")) == []


def test_it_predicts_the_appointment_for_the_public_page(world, simple):
    assert q.expected_appointment(simple, at=MONDAY_9) == _add_hours(MONDAY_9, 24)
