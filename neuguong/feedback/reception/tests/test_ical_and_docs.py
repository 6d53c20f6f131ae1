"""The iCalendar feeds parse and carry no personal data; the committed state diagrams are current."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import DIALOGUE_TRANSITIONS, SESSION_TRANSITIONS
from neuguong.feedback.reception.management.commands.reception_workflow_diagram import REPO, TARGETS


@pytest.mark.django_db
def test_the_sessions_feed_parses(client, world, planned):
    day = timezone.localdate() + dt.timedelta(days=3)
    session = planned(day)
    s.session_cancel(planned(day + dt.timedelta(days=7)), actor=world.head, reason="Bận họp")
    response = client.get(reverse("reception-public-sessions-ics"))
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1  # a cancelled day is not on the public calendar
    event = events[0]
    assert str(event["uid"]) == f"reception-session-{session.pk}@testserver"
    assert event.decoded("dtstart").date() == day
    assert world.head.person_obj.full_name in str(event["summary"])


@pytest.mark.django_db
def test_the_dialogues_feed_shows_announced_dialogues_only(client, world, dialogue):
    from neuguong.feedback.reception.tests.conftest import local

    announced = s.dialogue_announce(
        dialogue(local(2026, 12, 20, 8)), actor=world.head, at=local(2026, 12, 1, 8)
    )
    dialogue(local(2026, 12, 22, 8))  # planned, not announced: not public yet
    cal = Calendar.from_ical(client.get(reverse("reception-public-dialogues-ics")).content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"reception-dialogue-{announced.pk}@testserver"]
    assert events[0].decoded("dtstart") == local(2026, 12, 20, 8)


def test_the_committed_diagrams_are_current():
    for target, render in TARGETS.items():
        assert (REPO / target).read_text(encoding="utf-8") == render(), (
            "run `neuguong manage reception_workflow_diagram` and commit the result"
        )


def test_the_diagrams_draw_every_action():
    texts = [render() for render in TARGETS.values()]
    for action in SESSION_TRANSITIONS:
        assert f": {action}" in texts[0]
    for action in DIALOGUE_TRANSITIONS:
        assert f": {action}" in texts[1]
