"""`neuguong daily` runs the feedback deadline warnings, the dialogue reminders and the audit digest, once
a day from one cron line; a failing job does not stop the others."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from neuguong.core.audit.models import AuditDigest
from neuguong.core.outbox.models import OutboxMessage
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.tests.conftest import local
from neuguong.feedback.tests.conftest import submit

pytestmark = pytest.mark.django_db


def _daily(*args) -> str:
    out = StringIO()
    call_command("daily", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_daily_sends_the_feedback_warnings_and_the_dialogue_reminder_once(world, dialogue):
    world.head.email = "head@example.vn"
    world.head.save()
    world.head.person_obj.email = "chair@example.vn"
    world.head.person_obj.save()
    d = s.dialogue_announce(dialogue(), actor=world.head, at=local(2026, 3, 1, 8))
    s.dialogue_hold(d, actor=world.head, held_at=local(2026, 3, 10, 8))
    item = submit(world, at=local(2026, 3, 17, 9))  # due two working days later
    moment = local(2026, 3, 18, 9).isoformat()  # within a working day of it, and of the results
    assert item.due_at - dt.timedelta(days=1) <= local(2026, 3, 18, 9) < item.due_at
    out = _daily("--at", moment, "--no-digest")
    assert "feedback_remind: 1 items due soon, 1 messages queued" in out
    assert "reception_reminders: 1 reminder(s) queued" in out
    assert OutboxMessage.objects.filter(topic="feedback.item.due").count() == 1
    assert OutboxMessage.objects.filter(topic="reception.dialogue.publish_reminder").count() == 1
    again = _daily("--at", moment, "--no-digest")
    assert "0 reminder(s) queued" in again
    assert "0 items due soon" in again
    assert OutboxMessage.objects.filter(topic="feedback.item.due").count() == 1


def test_daily_publishes_the_audit_digest(world):
    submit(world)
    out = _daily()
    assert "audit digest:" in out
    assert AuditDigest.objects.exists()


def test_a_failing_job_does_not_stop_the_others(world, monkeypatch):
    from neuguong.feedback.management.commands import daily

    def broken(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(daily, "items_remind_due", broken)
    out = StringIO()
    with pytest.raises(CommandError, match="1 job"):
        call_command("daily", "--no-digest", stdout=out, stderr=StringIO())
    assert "reception_reminders:" in out.getvalue()
