"""The answer keeps its handling deadline and whether it was late (indicators 5.2/5.3, issue 10): stored by
`item_answer` in the answer's own transaction, before `due_at` moves on to the publication deadline. A
reopened item answered again keeps the worst: late stays late."""

import datetime as dt

import pytest

from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.services import (
    item_accept,
    item_answer,
    item_publish,
    item_reopen,
    item_start,
)
from neuguong.feedback.tests.conftest import MONDAY_9, submit

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def _in_progress(world, at=MONDAY_9 + HOUR):
    item = submit(world, actor=world.citizen)
    item_accept(item, actor=world.head, at=at)
    item_start(item, actor=world.head, at=at + HOUR)
    item.refresh_from_db()
    return item


def test_an_answer_by_the_deadline_is_on_time(world):
    item = _in_progress(world)
    due = item.due_at
    item_answer(item, actor=world.head, answer="Đã xử lý.", at=due - HOUR)
    item.refresh_from_db()
    assert item.answer_due_at == due
    assert item.answered_at == due - HOUR
    assert item.answered_late is False
    assert item.due_at != due  # now the publication deadline
    answer = item.transitions.get(action="answer")
    assert answer.data["late"] is False


def test_an_answer_after_the_deadline_is_late(world):
    item = _in_progress(world)
    due = item.due_at
    item_answer(item, actor=world.head, answer="Đã xử lý.", at=due + HOUR)
    item.refresh_from_db()
    assert (item.answer_due_at, item.answered_late) == (due, True)
    assert item.transitions.get(action="answer").data["late"] is True


def test_a_refused_answer_changes_nothing(world):
    from neuguong.core.errors import DomainError

    item = submit(world, actor=world.citizen)  # not accepted: the table refuses an answer
    with pytest.raises(DomainError):
        item_answer(item, actor=world.head, answer="Đã xử lý.", at=MONDAY_9 + HOUR)
    item.refresh_from_db()
    assert (item.answered_at, item.answer_due_at, item.answered_late) == (None, None, False)


def _reopen(world, item, at):
    item_publish(item, actor=world.head, at=at)
    item_reopen(item, actor=world.citizen, reason="Chưa giải quyết xong.", at=at + HOUR)
    item.refresh_from_db()
    return item


def test_reopened_late_then_answered_on_time_stays_late(world):
    item = _in_progress(world)
    first_due = item.due_at
    item_answer(item, actor=world.head, answer="Lần một.", at=first_due + HOUR)
    item = _reopen(world, FeedbackItem.objects.get(pk=item.pk), first_due + 2 * HOUR)
    second_due = item.due_at
    assert second_due > first_due
    item_answer(item, actor=world.head, answer="Lần hai.", at=second_due - HOUR)
    item.refresh_from_db()
    assert item.answered_late is True  # the worst is kept
    assert item.answer_due_at == second_due  # the deadline of the latest answer
    assert item.answered_at == second_due - HOUR
    assert [t.data["late"] for t in item.transitions.filter(action="answer")] == [True, False]


def test_reopened_on_time_then_answered_late_becomes_late(world):
    item = _in_progress(world)
    item_answer(item, actor=world.head, answer="Lần một.", at=item.due_at - HOUR)
    item.refresh_from_db()
    assert item.answered_late is False
    item = _reopen(world, item, item.answered_at + HOUR)
    item_answer(item, actor=world.head, answer="Lần hai.", at=item.due_at + HOUR)
    item.refresh_from_db()
    assert item.answered_late is True
    assert item.reopened_count == 1


def test_the_audit_event_says_late_and_the_deadline(world):
    from neuguong.core.audit.models import AuditEvent

    item = _in_progress(world)
    item_answer(item, actor=world.head, answer="Đã xử lý.", at=item.due_at + HOUR)
    event = AuditEvent.objects.filter(action="feedback.item.answered").latest("pk")
    assert event.object_id == str(item.pk)
    assert event.data["late"] is True
    assert event.data["answer_due_at"]


def test_the_demo_rows_carry_the_fields_consistently(world, monkeypatch):
    from neuguong.core.audit.verify import verify
    from neuguong.demo import feedback as demo

    monkeypatch.setattr(demo, "BULK", 80)
    monkeypatch.setattr(demo, "COMPLAINTS", 6)
    monkeypatch.setattr(demo, "DENUNCIATIONS", 3)
    monkeypatch.setattr(demo, "LIVE", 4)
    demo.load_feedback()
    answered = FeedbackItem.objects.filter(answered_at__isnull=False)
    assert answered.exists()
    assert not answered.filter(answer_due_at__isnull=True).exists()
    for item in answered:
        assert item.answered_late == (item.answered_at > item.answer_due_at), item.code
    assert answered.filter(answered_late=True).exists()
    assert answered.filter(answered_late=False).exists()
    assert not FeedbackItem.objects.filter(answered_at__isnull=True, answered_late=True).exists()
    problems = [p for p in verify(processes=1).problems if "feedback" in str(p)]
    assert problems == []
