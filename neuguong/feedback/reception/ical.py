"""iCalendar feeds (RFC 5545) of the public reception days and dialogue conferences. No personal data:
the head's name and position are public, as on the notice board of the headquarters."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event  # type: ignore[import-untyped]

from neuguong.feedback.reception.models import Dialogue, ReceptionSession

PRODID = "-//neuguong//reception//VI"
# A reception day without a set time is the morning's office session.
DAY_START = dt.time(7, 30)
DAY_END = dt.time(11, 30)
DIALOGUE_HOURS = dt.timedelta(hours=3)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return cal


def sessions_ics(sessions, *, name: str, host: str) -> bytes:
    cal = _calendar(name)
    tz = timezone.get_default_timezone()
    for session in sessions:
        event = Event()
        event.add("uid", f"reception-session-{session.pk}@{host}")
        event.add("dtstamp", session.updated_at)
        event.add("dtstart", dt.datetime.combine(session.scheduled_on, DAY_START, tzinfo=tz))
        event.add("dtend", dt.datetime.combine(session.scheduled_on, DAY_END, tzinfo=tz))
        event.add(
            "summary", f"Tiếp công dân: {session.head.full_name} ({session.get_position_display()})"
        )
        event.add("location", f"{session.location}, {session.unit.name}")
        event.add("status", "CANCELLED" if session.state == "cancelled" else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()


def dialogues_ics(dialogues, *, name: str, host: str) -> bytes:
    cal = _calendar(name)
    for d in dialogues:
        event = Event()
        event.add("uid", f"reception-dialogue-{d.pk}@{host}")
        event.add("dtstamp", d.updated_at)
        event.add("dtstart", d.starts_at)
        event.add("dtend", d.starts_at + DIALOGUE_HOURS)
        event.add("summary", f"Hội nghị đối thoại: {d.topic}")
        event.add("location", f"{d.location}, {d.unit.name}")
        event.add("description", f"{d.get_format_display()} · {d.chair.full_name}")
        cal.add_component(event)
    return cal.to_ical()


__all__ = ["Dialogue", "ReceptionSession", "dialogues_ics", "sessions_ics"]
