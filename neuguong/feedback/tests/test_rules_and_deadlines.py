"""Every deadline comes from the rulebook in force when its count starts: changing a rule's effective
dates moves the deadline; complaints and denunciations follow their own articles."""

import datetime as dt

import pytest

from neuguong.core.calendar.clock import add_working_days
from neuguong.core.rules import keys
from neuguong.core.rules.models import Rule
from neuguong.feedback.services import item_accept, item_extend, item_reopen, item_start
from neuguong.feedback.services.deadlines import days_after
from neuguong.feedback.tests.conftest import MONDAY_9, submit

pytestmark = pytest.mark.django_db


def _reject_days(value, start):
    """Close the seeded version the day before `start` and put `value` in force from it."""
    Rule.objects.filter(key=keys.FEEDBACK_REJECT_DAYS, effective_to__isnull=True).update(
        effective_to=start - dt.timedelta(days=1)
    )
    Rule.objects.create(
        key=keys.FEEDBACK_REJECT_DAYS, value=value, effective_from=start, source="Kiểm thử"
    )
    from neuguong.core.rules.selectors import rule_memo

    rule_memo.clear()


def test_the_intake_deadline_follows_the_rule_in_force(world):
    before = submit(world)
    assert before.due_at == add_working_days(MONDAY_9, 2)
    _reject_days(5, dt.date(2025, 10, 1))
    after = submit(world)
    assert after.due_at == add_working_days(MONDAY_9, 5)


def test_moving_the_new_versions_start_later_restores_the_old_deadline(world):
    _reject_days(5, dt.date(2025, 10, 1))
    version = Rule.objects.get(key=keys.FEEDBACK_REJECT_DAYS, effective_from=dt.date(2025, 10, 1))
    Rule.objects.filter(key=keys.FEEDBACK_REJECT_DAYS, effective_to=dt.date(2025, 9, 30)).update(
        effective_to=dt.date(2025, 12, 31)
    )
    version.effective_from = dt.date(2026, 1, 1)
    version.save()
    assert submit(world).due_at == add_working_days(MONDAY_9, 2)


def test_a_complaint_is_resolved_within_30_days_or_45_when_complex(world):
    plain = submit(world, kind="complaint")
    item_accept(plain, actor=world.head, at=MONDAY_9)
    assert plain.due_at.date() == (MONDAY_9 + dt.timedelta(days=30)).date()
    hard = submit(world, kind="complaint")
    item_accept(hard, actor=world.head, is_complex=True, is_remote=True, at=MONDAY_9)
    assert hard.due_at.date() == (MONDAY_9 + dt.timedelta(days=60)).date()
    second = submit(world, kind="complaint", complaint_round=2)
    item_accept(second, actor=world.head, at=MONDAY_9)
    assert second.due_at.date() == (MONDAY_9 + dt.timedelta(days=45)).date()


def test_a_complaint_is_accepted_within_10_days(world):
    item = submit(world, kind="complaint")
    assert item.due_at == days_after(MONDAY_9, {"days": 10, "working": False})


def test_a_denunciation_is_accepted_within_7_working_days_and_extended_only_when_complex(world):
    item = submit(world, kind="denunciation")
    assert item.due_at == add_working_days(MONDAY_9, 7)
    item_accept(item, actor=world.head, at=MONDAY_9)
    item_start(item, actor=world.head, at=MONDAY_9)
    from neuguong.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        item_extend(item, actor=world.head, reason="Cần xác minh thêm")
    assert refused.value.code == "extend_limit"
    type(item).objects.filter(pk=item.pk).update(especially_complex=True)
    item.refresh_from_db()
    due = item.due_at
    item_extend(item, actor=world.head, reason="Xác minh nhiều nơi")
    item_extend(item, actor=world.head, reason="Xác minh nhiều nơi")
    assert item.due_at.date() == (due + dt.timedelta(days=60)).date()
    with pytest.raises(DomainError):
        item_extend(item, actor=world.head, reason="Lần ba")


def test_reopening_is_refused_after_the_window(world):
    from neuguong.core.errors import DomainError
    from neuguong.feedback.models import FeedbackItem

    item = submit(world, actor=world.citizen)
    FeedbackItem.objects.filter(pk=item.pk).update(
        state="published", answered_at=MONDAY_9, published_at=MONDAY_9, answer="Xong"
    )
    item.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        item_reopen(
            item, actor=world.citizen, reason="Chưa xong", at=MONDAY_9 + dt.timedelta(days=31)
        )
    assert refused.value.code == "reopen_window"
    item_reopen(item, actor=world.citizen, reason="Chưa xong", at=MONDAY_9 + dt.timedelta(days=5))
    FeedbackItem.objects.filter(pk=item.pk).update(state="published")
    item.refresh_from_db()
    with pytest.raises(DomainError) as again:
        item_reopen(item, actor=world.citizen, reason="Lần hai", at=MONDAY_9 + dt.timedelta(days=6))
    assert again.value.code == "reopen_once"
