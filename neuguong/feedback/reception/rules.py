"""The rulebook numbers this app reads, and the date arithmetic built on them.

The reception minimums and the two dialogue periods are keys of core/rules/keys.py; the three keys
below are this app's (seeded, with their sources, by migrations/0002_rules.py).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from neuguong.core.calendar.clock import add_working_days, is_working_day
from neuguong.core.rules import keys
from neuguong.core.rules.selectors import rule

# Working days within which the head answers in writing the matters received at a session.
ACKNOWLEDGEMENT_DAYS = "reception.acknowledgement_days"
# Dialogues a commune holds at least, per calendar year.
DIALOGUE_MINIMUM_PER_YEAR = "dialogue.minimum_per_year"
# Share of a commune's voters whose request obliges a dialogue.
DIALOGUE_VOTER_SHARE = "dialogue.voter_request_share"

OWN_KEYS = (ACKNOWLEDGEMENT_DAYS, DIALOGUE_MINIMUM_PER_YEAR, DIALOGUE_VOTER_SHARE)
MINIMUM_KEYS = (
    keys.RECEPTION_GOV_CHAIR_PROVINCE,
    keys.RECEPTION_GOV_CHAIR_DISTRICT,
    keys.RECEPTION_GOV_CHAIR_COMMUNE,
    keys.RECEPTION_PARTY_HEAD_PROVINCE,
    keys.RECEPTION_PARTY_HEAD_DISTRICT,
    keys.RECEPTION_PARTY_HEAD_COMMUNE,
)


def minimum_key(position: str, level: str) -> str:
    return f"reception.minimum.{position}.{level}"


def iso_weeks_in_month(year: int, month: int) -> list[dt.date]:
    """The Thursdays of the month's working weeks: an ISO week belongs to the month its Thursday
    falls in, so every week is counted in exactly one month (4 or 5 weeks a month). A week without
    a single working day on the calendar (the Tết holiday) owes no reception day."""
    days = pycalendar.monthrange(year, month)[1]
    thursdays = [
        dt.date(year, month, d)
        for d in range(1, days + 1)
        if dt.date(year, month, d).weekday() == pycalendar.THURSDAY
    ]
    return [
        t for t in thursdays if any(is_working_day(t + dt.timedelta(days=k)) for k in range(-3, 4))
    ]


def required_days(position: str, level: str, year: int, month: int) -> int | None:
    """Reception days the rulebook requires of a head in that position for the month, or None when
    no rule is in force (e.g. the district level after 30/06/2025).

    A per-month rule is read on the month's first day; a per-week rule on each week's Thursday, so
    a change of rule in the middle of a month applies from the week it falls in.
    """
    key = minimum_key(position, level)
    first = dt.date(year, month, 1)
    value = rule(key, first, default=None)
    if value is not None and value.get("per") == "month":
        return int(value["days"])
    weekly = [rule(key, thursday, default=None) for thursday in iso_weeks_in_month(year, month)]
    weekly = [w for w in weekly if w is not None and w.get("per") == "week"]
    if value is None and not weekly:
        return None
    return sum(int(w["days"]) for w in weekly)


def acknowledgement_due(held_at: dt.datetime) -> dt.datetime:
    """When the written acknowledgement of a session held at `held_at` is due (working days)."""
    return add_working_days(held_at, int(rule(ACKNOWLEDGEMENT_DAYS, held_at)))


def notice_days(at: dt.datetime) -> int:
    return int(rule(keys.DIALOGUE_NOTICE_DAYS, at))


def publish_days(at: dt.datetime) -> int:
    return int(rule(keys.DIALOGUE_PUBLISH_DAYS, at))


def announcement_is_late(announced_at: dt.datetime, starts_at: dt.datetime) -> bool:
    """Announced fewer than `dialogue.notice_days` calendar days before the dialogue (the rule in
    force on the day of the dialogue)."""
    return starts_at - announced_at < dt.timedelta(days=notice_days(starts_at))


def publish_due(held_at: dt.datetime) -> dt.datetime:
    return held_at + dt.timedelta(days=publish_days(held_at))


def minimum_per_year(year: int) -> int:
    return int(rule(DIALOGUE_MINIMUM_PER_YEAR, dt.date(year, 12, 31), default=1))


def voter_share(at: dt.date) -> float:
    return float(rule(DIALOGUE_VOTER_SHARE, at, default=0.1))
