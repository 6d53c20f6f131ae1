"""The generated workflow pages stay current, and the deadline warnings reach the agency once."""

import datetime as dt

import pytest

from neuguong.core.outbox.models import OutboxMessage
from neuguong.feedback.constants import TABLES
from neuguong.feedback.management.commands.feedback_workflow_diagram import REPO, render, target
from neuguong.feedback.services.reminders import items_remind_due
from neuguong.feedback.tests.conftest import MONDAY_9, submit


@pytest.mark.parametrize("kind", list(TABLES))
def test_it_keeps_the_committed_workflow_pages_current(kind):
    committed = (REPO / target(kind)).read_text(encoding="utf-8")
    assert committed == render(kind), "run `neuguong feedback_workflow_diagram` and commit"


@pytest.mark.django_db
def test_the_agency_is_warned_once_before_the_deadline(world):
    world.head.email = "head@example.vn"
    world.head.save()
    item = submit(world)  # due two working days after Monday 9:00
    assert items_remind_due(now=MONDAY_9) == (0, 0)  # not yet within a working day
    day_before = item.due_at - dt.timedelta(hours=20)
    assert items_remind_due(now=day_before) == (1, 1)
    assert items_remind_due(now=day_before) == (0, 0)
    message = OutboxMessage.objects.get(topic="feedback.item.due")
    assert message.recipient == "head@example.vn"
    assert item.code in message.body
