"""Working time in Vietnam: add working days or hours to a moment, count working time between two moments.

Definitions (issue 3, DESIGN.md §3 "Clock"):
- A working day is Monday to Friday, unless it is a public holiday or a swapped day off, plus any make-up
  working day (often a Saturday). Holidays and make-up days come from the `holidays` package (lunar ones
  included); `CalendarDay` rows entered by the administrator win over the package for their date.
- Office hours are the sessions of rule `calendar.office_hours` in force that day (default 07:30–11:30 and
  13:30–17:30). A moment is inside office hours when it lies in a session, ends included.
- A moment outside office hours starts counting at the next opening (`next_opening`).
- Cut-off: a moment after the cut-off time of its day (e.g. 15:00) counts from the next working day's opening.
- N working days after a moment inside office hours is the same time of day on the N-th following working day.
- N working hours walk the office sessions; the due moment is the earliest moment at which N hours of office
  time have passed (so 4 hours from 07:30 is 11:30, not 13:30).

All datetimes are timezone-aware; results are in Asia/Ho_Chi_Minh. A naive datetime is a ValueError.

Speed: the demo computes ~100,000 due dates. Each year is turned once into a table of cumulative working
microseconds per day, so adding hours or counting between two moments is a binary search, not a day-by-day
walk. The tables live in memory and are dropped when a CalendarDay or a Rule is saved or deleted.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import translation
from django.utils.translation import gettext as _

from neuguong.core.calendar.constants import DayKind
from neuguong.core.rules import keys
from neuguong.core.rules.caching import ProcessMemo
from neuguong.core.rules.selectors import rule

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_SESSIONS = (("07:30", "11:30"), ("13:30", "17:30"))
PACKAGE_SOURCE = f"holidays {holidays.__version__} (Vietnam)"

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3_600 * _US_PER_SECOND
_MIDNIGHT = dt.time(0, 0)

Sessions = tuple[tuple[int, int], ...]  # (start, end) in microseconds since midnight

NAIVE_DATETIME = "The calendar needs a timezone-aware datetime, not a naive one: {!r}"
NEGATIVE_AMOUNT = "The working time to add must be zero or more, not {!r}"


# --- the package --------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _package_year(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """The package's days off (with English names) and make-up working days of one year."""
    calendar = holidays.VN(years=year, language="en_US")
    off = {day: name for day, name in calendar.items() if day.year == year}
    makeup = frozenset(day for day in getattr(calendar, "weekend_workdays", ()) if day.year == year)
    return off, makeup


@lru_cache(maxsize=64)
def _package_names(year: int, language: str) -> dict[dt.date, str]:
    return dict(holidays.VN(years=year, language=language).items())


def _parse_sessions(value) -> Sessions:
    sessions = []
    for start, end in value:
        s = dt.time.fromisoformat(start)
        e = dt.time.fromisoformat(end)
        sessions.append((_tod_us(s), _tod_us(e)))
    return tuple(sorted(sessions))


def _tod_us(t: dt.time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


_DEFAULT = _parse_sessions(DEFAULT_SESSIONS)


# --- the in-memory calendar ---------------------------------------------------------------------------------


class _Year:
    """One year as tables: sessions per day (empty when not working), cumulative working µs, working days."""

    __slots__ = ("cum", "first_ordinal", "sessions", "total", "workdays")

    def __init__(self, first_ordinal: int, sessions: list[Sessions]):
        self.first_ordinal = first_ordinal
        self.sessions = sessions
        cum = [0]
        for day_sessions in sessions:
            cum.append(cum[-1] + sum(e - s for s, e in day_sessions))
        self.cum = cum
        self.total = cum[-1]
        self.workdays = [i for i, day_sessions in enumerate(sessions) if day_sessions]


class _Calendar:
    def __init__(self, overrides: dict[dt.date, tuple[str, str, str]]):
        self.overrides = overrides  # date -> (kind, name, source)
        self.years: dict[int, _Year] = {}
        self.base: dict[
            int, int
        ] = {}  # working µs before 1 January, relative to the first year built
        self._sessions_by_value: dict[str, Sessions] = {}

    # which days work, and when

    def is_working_day(self, day: dt.date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            if override[0] == DayKind.DAY_OFF:
                return False
            if override[0] == DayKind.WORKING_DAY:
                return True
        else:
            off, makeup = _package_year(day.year)
            if day in off:
                return False
            if day in makeup:
                return True
        return day.weekday() < 5

    def office_sessions(self, day: dt.date) -> Sessions:
        value = rule(keys.CALENDAR_OFFICE_HOURS, at=day, default=None)
        if value is None:
            return _DEFAULT
        marker = repr(value)
        sessions = self._sessions_by_value.get(marker)
        if sessions is None:
            sessions = _parse_sessions(value["sessions"])
            self._sessions_by_value[marker] = sessions
        return sessions

    def year(self, year: int) -> _Year:
        data = self.years.get(year)
        if data is None:
            first = dt.date(year, 1, 1)
            n_days = (dt.date(year + 1, 1, 1) - first).days
            sessions = []
            for i in range(n_days):
                day = first + dt.timedelta(days=i)
                sessions.append(self.office_sessions(day) if self.is_working_day(day) else ())
            data = _Year(first.toordinal(), sessions)
            self.years[year] = data
        return data

    def base_of(self, year: int) -> int:
        base = self.base
        if year in base:
            return base[year]
        if not base:
            base[year] = 0
            return 0
        low, high = min(base), max(base)
        while year > high:
            base[high + 1] = base[high] + self.year(high).total
            high += 1
        while year < low:
            base[low - 1] = base[low] - self.year(low - 1).total
            low -= 1
        return base[year]

    # positions on the working-time line

    def position(self, local: dt.datetime) -> int:
        """Working µs from the reference to `local` (a moment outside office hours has its next opening's)."""
        data = self.year(local.year)
        i = local.toordinal() - data.first_ordinal
        tod = _tod_us(local.timetz())
        inside = 0
        for s, e in data.sessions[i]:
            if tod >= e:
                inside += e - s
            elif tod > s:
                inside += tod - s
                break
            else:
                break
        return self.base_of(local.year) + data.cum[i] + inside

    def moment_at(self, position: int, year: int) -> dt.datetime:
        """The earliest moment, in year `year` or later, at which the working-time line reaches `position`.

        `position` must be after the start of `year`'s line."""
        while position > self.base_of(year) + self.year(year).total:
            year += 1
        data = self.year(year)
        local = position - self.base_of(year)
        i = bisect_left(data.cum, local) - 1
        offset = local - data.cum[i]
        for s, e in data.sessions[i]:
            if offset <= e - s:
                return _at(data.first_ordinal + i, s + offset)
            offset -= e - s
        raise AssertionError("unreachable: offset beyond the day's sessions")

    def next_opening(self, local: dt.datetime) -> dt.datetime:
        data = self.year(local.year)
        i = local.toordinal() - data.first_ordinal
        tod = _tod_us(local.timetz())
        for s, e in data.sessions[i]:
            if tod <= e:
                return local if tod >= s else _at(data.first_ordinal + i, s)
        ordinal = self.nth_working_day(data.first_ordinal + i, 1)
        return _at(ordinal, self.sessions_of(ordinal)[0][0])

    def nth_working_day(self, ordinal: int, n: int) -> int:
        """The ordinal of the n-th working day after the day `ordinal` (n ≥ 1)."""
        year = dt.date.fromordinal(ordinal).year
        data = self.year(year)
        k = bisect_right(data.workdays, ordinal - data.first_ordinal) + n - 1
        while k >= len(data.workdays):
            k -= len(data.workdays)
            year += 1
            data = self.year(year)
        return data.first_ordinal + data.workdays[k]

    def sessions_of(self, ordinal: int) -> Sessions:
        day = dt.date.fromordinal(ordinal)
        data = self.year(day.year)
        return data.sessions[ordinal - data.first_ordinal]


def _at(ordinal: int, tod_us: int) -> dt.datetime:
    day = dt.date.fromordinal(ordinal)
    return dt.datetime(day.year, day.month, day.day, tzinfo=VN_TZ) + dt.timedelta(
        microseconds=tod_us
    )


def _load() -> _Calendar:
    from neuguong.core.calendar.models import CalendarDay

    rows = CalendarDay.objects.values_list("date", "kind", "name", "source")
    return _Calendar({day: (kind, name, source) for day, kind, name, source in rows})


calendar_memo: ProcessMemo[_Calendar] = ProcessMemo(_load)


# --- helpers ------------------------------------------------------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"Expected a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(NAIVE_DATETIME.format(moment))
    return moment.astimezone(VN_TZ)


def _to_us(hours: float | Decimal | int) -> int:
    if isinstance(hours, Decimal):
        if not hours.is_finite():
            raise ValueError(NEGATIVE_AMOUNT.format(hours))
        us = int((hours * _US_PER_HOUR).to_integral_value())
    else:
        value = float(hours)
        if math.isnan(value) or math.isinf(value):
            raise ValueError(NEGATIVE_AMOUNT.format(hours))
        us = round(value * _US_PER_HOUR)
    if us < 0:
        raise ValueError(NEGATIVE_AMOUNT.format(hours))
    return us


def _start(calendar: _Calendar, moment: dt.datetime, cutoff: dt.time | None) -> dt.datetime:
    """Where counting starts: after the cut-off, the next day's opening; outside office hours, the next opening."""
    local = _local(moment)
    if cutoff is not None and local.time() > cutoff:
        following = local.date() + dt.timedelta(days=1)
        local = dt.datetime(following.year, following.month, following.day, tzinfo=VN_TZ)
    return calendar.next_opening(local)


def _merged(pauses: Iterable[tuple[dt.datetime, dt.datetime]], after: dt.datetime, before=None):
    """Pauses clipped to [after, before], sorted, overlapping ones merged (so no time is excluded twice)."""
    clipped = []
    for start, end in pauses:
        start, end = _local(start), _local(end)
        start = max(start, after)
        if before is not None:
            end = min(end, before)
        if end > start:
            clipped.append((start, end))
    clipped.sort()
    merged: list[list[dt.datetime]] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


# --- the public functions -----------------------------------------------------------------------------------


def is_working_day(day: dt.date) -> bool:
    """True when `day` is worked: a weekday that is no holiday or swapped day off, or a make-up day."""
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    return calendar_memo.get().is_working_day(day)


def working_day_hours(day: dt.date) -> float:
    """Office hours of `day` (0 on a day off)."""
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    calendar = calendar_memo.get()
    if not calendar.is_working_day(day):
        return 0.0
    return sum(e - s for s, e in calendar.office_sessions(day)) / _US_PER_HOUR


def next_opening(moment: dt.datetime) -> dt.datetime:
    """`moment` itself when it is inside office hours, else the start of the next office session."""
    return calendar_memo.get().next_opening(_local(moment))


def add_working_days(
    start: dt.datetime, days: int, *, cutoff: dt.time | None = None
) -> dt.datetime:
    """The same time of day on the `days`-th working day after `start` (counted from the next opening when
    `start` is outside office hours, from the next working day's opening when it is after `cutoff`).

    When that time of day is not in office hours on the target day (its sessions differ), the result keeps
    the same amount of office time elapsed that day instead. `days` = 0 gives the moment counting starts."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an integer, not {days!r}")
    if days < 0:
        raise ValueError(NEGATIVE_AMOUNT.format(days))
    calendar = calendar_memo.get()
    begin = _start(calendar, start, cutoff)
    if days == 0:
        return begin
    ordinal = calendar.nth_working_day(begin.toordinal(), days)
    tod = _tod_us(begin.timetz())
    target = calendar.sessions_of(ordinal)
    if any(s <= tod <= e for s, e in target):
        return _at(ordinal, tod)
    elapsed = sum(min(e, tod) - s for s, e in calendar.sessions_of(begin.toordinal()) if tod > s)
    for s, e in target:
        if elapsed <= e - s:
            return _at(ordinal, s + elapsed)
        elapsed -= e - s
    return _at(ordinal, target[-1][1])


def add_working_hours(
    start: dt.datetime, hours: float | Decimal, *, cutoff: dt.time | None = None
) -> dt.datetime:
    """The earliest moment at which `hours` of office time have passed since `start` (counting from the next
    opening, or from the next working day's opening when `start` is after `cutoff`)."""
    return add_working_hours_excluding(start, hours, cutoff=cutoff)


def add_working_hours_excluding(
    start: dt.datetime,
    hours: float | Decimal,
    *,
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    cutoff: dt.time | None = None,
) -> dt.datetime:
    """The due moment of `hours` of office time from `start` when the clock stood still during `pauses`
    (e.g. while a supplement was awaited). Pauses may overlap each other, start before `start`, or end after
    the due moment; a pause that begins at or after the due moment changes nothing."""
    amount = _to_us(hours)
    calendar = calendar_memo.get()
    begin = _start(calendar, start, cutoff)
    origin = calendar.position(begin)
    target = origin + amount
    pauses = _merged(pauses, begin) if pauses else ()
    for pause_start, pause_end in pauses:
        due = calendar.moment_at(target, begin.year) if target > origin else begin
        if pause_start >= due:
            break
        target += calendar.position(pause_end) - calendar.position(pause_start)
    if target == origin:
        return begin
    return calendar.moment_at(target, begin.year)


def working_hours_between(
    start: dt.datetime, end: dt.datetime, *, pauses: Iterable[tuple[dt.datetime, dt.datetime]] = ()
) -> float:
    """Office hours from `start` to `end`, minus the office time inside `pauses`; 0 if end <= start."""
    begin, finish = _local(start), _local(end)
    if finish <= begin:
        return 0.0
    calendar = calendar_memo.get()
    total = calendar.position(finish) - calendar.position(begin)
    for pause_start, pause_end in _merged(pauses, begin, finish):
        total -= calendar.position(pause_end) - calendar.position(pause_start)
    return total / _US_PER_HOUR


def days_off(year: int) -> list[tuple[dt.date, str, str]]:
    """The year's days off (holidays, swapped days, admin-declared ones) with name and source, by date."""
    return _listing(year, working=False)


def makeup_days(year: int) -> list[tuple[dt.date, str, str]]:
    """The year's make-up working days on a weekend or holiday, with name and source, by date."""
    return _listing(year, working=True)


def _listing(year: int, *, working: bool) -> list[tuple[dt.date, str, str]]:
    language = "vi" if (translation.get_language() or "vi").startswith("vi") else "en_US"
    names = _package_names(year, language)
    calendar = calendar_memo.get()
    off, makeup = _package_year(year)
    rows = {}
    for day in (*off, *makeup):
        if day in calendar.overrides:
            continue
        if (day in makeup) == working:
            name = names.get(day) or (_("Make-up working day") if working else off.get(day, ""))
            rows[day] = (day, str(name), PACKAGE_SOURCE)
    for day, (kind, name, source) in calendar.overrides.items():
        if day.year != year or kind == DayKind.CANCELLED:
            continue
        if (kind == DayKind.WORKING_DAY) == working:
            rows[day] = (day, name, source)
    return [rows[day] for day in sorted(rows)]
