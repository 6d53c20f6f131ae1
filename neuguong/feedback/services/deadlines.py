"""The clock of an item: each deadline from the rulebook in force when its count starts, counted on
the working-day calendar (core.calendar) or in calendar days, as its rule says.

Rule values:
- feedback.deadline.*_days (seeded by the rules app, unverified): an integer of working days;
- complaint.* and denunciation.* (this app's migration 0003): {"days": N, "working": bool}, and for
  the resolution of a complaint the longer periods {"complex": N, "remote": N, "remote_complex": N}.
"""

from __future__ import annotations

import datetime as dt

from neuguong.core.calendar.clock import add_working_days
from neuguong.core.rules import keys
from neuguong.core.rules.selectors import LEGAL_TZ, rule
from neuguong.feedback import constants as c
from neuguong.feedback.constants import ItemKind


def days_after(start: dt.datetime, value) -> dt.datetime:
    """`start` plus a rule's period: an int counts working days; a dict {"days", "working"}."""
    if isinstance(value, int):
        return add_working_days(start, value)
    days = int(value["days"])
    if value.get("working", False):
        return add_working_days(start, days)
    # Calendar days end at the end of the last day (Civil Code: a period in days ends at 24:00).
    last = (start.astimezone(LEGAL_TZ) + dt.timedelta(days=days)).date()
    return dt.datetime.combine(last, dt.time(23, 59), tzinfo=LEGAL_TZ)


def resolution_period(item, at) -> dict:
    """The complaint's resolution period in force at `at`, for its round, complexity and area."""
    key = c.COMPLAINT_FIRST_DAYS if item.complaint_round == 1 else c.COMPLAINT_SECOND_DAYS
    value = rule(key, at)
    variant = ("remote_" if item.is_remote else "") + ("complex" if item.is_complex else "")
    days = value.get(variant.rstrip("_"), value["days"]) if variant else value["days"]
    return {"days": days, "working": value.get("working", False)}


def intake_due(item, at: dt.datetime) -> dt.datetime:
    """When the agency must accept or reject a new item."""
    if item.kind == ItemKind.COMPLAINT:
        return days_after(at, rule(c.COMPLAINT_ACCEPT_DAYS, at))
    if item.kind == ItemKind.DENUNCIATION:
        return days_after(at, rule(c.DENUNCIATION_ACCEPT_DAYS, at))
    return days_after(at, rule(keys.FEEDBACK_REJECT_DAYS, at))


def request_info_due(item, at: dt.datetime) -> dt.datetime:
    """The last moment to ask the submitter for more information (counted from submission)."""
    return days_after(at, rule(keys.FEEDBACK_REQUEST_INFO_DAYS, at))


def handling_due(item, at: dt.datetime) -> dt.datetime:
    """When the answer (decision, conclusion) is due, counted from `at` (acceptance, reopening)."""
    if item.kind == ItemKind.COMPLAINT:
        return days_after(at, resolution_period(item, at))
    if item.kind == ItemKind.DENUNCIATION:
        return days_after(at, rule(c.DENUNCIATION_RESOLVE_DAYS, at))
    return days_after(at, rule(keys.FEEDBACK_HANDLE_DAYS, at))


def extension_due(item, at: dt.datetime) -> dt.datetime:
    """A denunciation's deadline after one more extension (counted from the current deadline)."""
    start = item.due_at or at
    return days_after(start, rule(c.DENUNCIATION_EXTENSION_DAYS, at))


def publish_due(item, at: dt.datetime) -> dt.datetime:
    return days_after(at, rule(keys.FEEDBACK_PUBLISH_DAYS, at))


def reopen_window_days(at) -> int:
    return int(rule(c.FEEDBACK_REOPEN_WINDOW_DAYS, at, default=30))


def extension_limit(item) -> int:
    """Law on Denunciations, Art. 30(2)-(3): none for a plain case, once if complex, twice if
    especially complex."""
    if item.especially_complex:
        return 2
    return 1 if item.is_complex else 0
