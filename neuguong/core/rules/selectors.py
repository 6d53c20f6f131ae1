"""Reading the rulebook: `rule(key, at)` and the history of a key."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from neuguong.core.rules.caching import ProcessMemo
from neuguong.core.rules.errors import NAIVE_MOMENT, RuleNotFound

# Rules are dated in Vietnam's legal calendar, whatever the server's clock zone.
LEGAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_MISSING = object()

Versions = dict[str, tuple[tuple[dt.date, dt.date | None, Any], ...]]


def _load() -> Versions:
    from neuguong.core.rules.models import Rule

    table: dict[str, list] = {}
    for key, start, end, value in Rule.objects.order_by("key", "effective_from").values_list(
        "key", "effective_from", "effective_to", "value"
    ):
        table.setdefault(key, []).append((start, end, value))
    return {key: tuple(versions) for key, versions in table.items()}


rule_memo: ProcessMemo[Versions] = ProcessMemo(_load)


def _as_date(at) -> dt.date:
    if at is None:
        return timezone.now().astimezone(LEGAL_TZ).date()
    if isinstance(at, dt.datetime):
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(str(NAIVE_MOMENT))
        return at.astimezone(LEGAL_TZ).date()
    if isinstance(at, dt.date):
        return at
    raise TypeError(f"rule() takes a date or an aware datetime, not {type(at).__name__}")


def rule(key: str, at: dt.datetime | dt.date | None = None, *, default: Any = _MISSING) -> Any:
    """The value of rule `key` in force at `at` (an aware datetime, taken in Vietnam's time zone, or a date;
    default: now).

    Raises RuleNotFound naming the key and the date when no version is in force, unless `default` is given.
    The value is shared with the in-memory cache: treat it as read-only (copy before changing it).
    """
    day = _as_date(at)
    for start, end, value in rule_memo.get().get(key, ()):
        if start <= day and (end is None or day <= end):
            return value
    if default is not _MISSING:
        return default
    raise RuleNotFound(key, day)


def rule_history(key: str):
    """Every version of `key`, newest first."""
    from neuguong.core.rules.models import Rule

    return Rule.objects.filter(key=key).order_by("-effective_from")
