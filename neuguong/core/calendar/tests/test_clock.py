import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from neuguong.core.calendar import clock
from neuguong.core.calendar.constants import DayKind
from neuguong.core.calendar.models import CalendarDay
from neuguong.core.rules import keys
from neuguong.core.rules.models import Rule

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN)


def test_it_skips_the_observed_hung_kings_day():
    # Hùng Kings' day is Sunday 2026-04-26, observed Monday 27th.
    assert clock.add_working_days(at(2026, 4, 24, 14), 2) == at(2026, 4, 29, 14)
    assert clock.add_working_days(at(2026, 4, 24, 14), 2).isoformat() == "2026-04-29T14:00:00+07:00"
    assert not clock.is_working_day(dt.date(2026, 4, 27))


def test_it_skips_tet_2026():
    # Tết 2026: Monday 16 to Friday 20 February are off.
    for day in range(16, 21):
        assert not clock.is_working_day(dt.date(2026, 2, day))
    assert clock.add_working_days(at(2026, 2, 13, 9), 1) == at(2026, 2, 23, 9)
    assert clock.add_working_hours(at(2026, 2, 13, 16, 30), 2) == at(2026, 2, 23, 8, 30)


def test_it_works_the_make_up_saturday_and_rests_on_the_swapped_monday():
    assert clock.is_working_day(dt.date(2026, 8, 22))
    assert not clock.is_working_day(dt.date(2026, 8, 31))
    assert clock.add_working_days(at(2026, 8, 21, 9), 1) == at(2026, 8, 22, 9)
    # Friday 28th + 1: Monday 31st (swapped), 1–2 September (National Day) are off.
    assert clock.add_working_days(at(2026, 8, 28, 9), 1) == at(2026, 9, 3, 9)
    assert clock.working_day_hours(dt.date(2026, 8, 22)) == 8.0
    assert clock.working_day_hours(dt.date(2026, 8, 23)) == 0.0


def test_it_counts_from_the_next_working_day_after_the_cutoff():
    cutoff = dt.time(15, 0)
    assert clock.add_working_days(at(2026, 3, 10, 15, 0), 1, cutoff=cutoff) == at(
        2026, 3, 11, 15, 0
    )
    assert clock.add_working_days(at(2026, 3, 10, 15, 1), 1, cutoff=cutoff) == at(
        2026, 3, 12, 7, 30
    )
    assert clock.add_working_hours(at(2026, 3, 13, 16, 0), 1, cutoff=cutoff) == at(
        2026, 3, 16, 8, 30
    )


def test_it_starts_outside_office_hours_at_the_next_opening():
    assert clock.next_opening(at(2026, 3, 10, 12, 0)) == at(2026, 3, 10, 13, 30)
    assert clock.next_opening(at(2026, 3, 10, 18, 0)) == at(2026, 3, 11, 7, 30)
    assert clock.next_opening(at(2026, 3, 14, 9, 0)) == at(2026, 3, 16, 7, 30)
    assert clock.next_opening(at(2026, 3, 10, 9, 15)) == at(2026, 3, 10, 9, 15)
    assert clock.add_working_days(at(2026, 3, 10, 20, 0), 1) == at(2026, 3, 12, 7, 30)


def test_it_walks_office_sessions_for_hours():
    assert clock.add_working_hours(at(2026, 3, 10, 7, 30), 4) == at(2026, 3, 10, 11, 30)
    assert clock.add_working_hours(at(2026, 3, 10, 10, 30), 2) == at(2026, 3, 10, 14, 30)
    assert clock.add_working_hours(at(2026, 3, 10, 9, 0), Decimal("8")) == at(2026, 3, 11, 9, 0)
    assert clock.add_working_hours(at(2026, 3, 10, 12, 0), 0) == at(2026, 3, 10, 13, 30)
    assert clock.working_hours_between(at(2026, 3, 10, 9, 0), at(2026, 3, 11, 9, 0)) == 8.0
    assert clock.working_hours_between(at(2026, 3, 11, 9, 0), at(2026, 3, 10, 9, 0)) == 0.0


def test_it_crosses_the_new_year():
    # 31 Dec 2025 (Wed) 16:30 + 2h: 1 Jan 2026 is a holiday, so Friday 2 Jan 08:30.
    assert clock.add_working_hours(at(2025, 12, 31, 16, 30), 2) == at(2026, 1, 2, 8, 30)
    assert clock.working_hours_between(at(2025, 12, 31, 16, 30), at(2026, 1, 2, 8, 30)) == 2.0


def test_it_excludes_paused_intervals():
    start = at(2026, 3, 9, 8, 0)  # Monday
    pause = (at(2026, 3, 9, 10, 0), at(2026, 3, 10, 10, 0))  # one working day stopped
    due = clock.add_working_hours_excluding(start, 8, pauses=[pause])
    assert due == at(2026, 3, 11, 8, 0)
    assert clock.working_hours_between(start, due, pauses=[pause]) == 8.0
    # Overlapping pauses count once; a pause after the due moment changes nothing.
    overlapping = [pause, (at(2026, 3, 9, 14, 0), at(2026, 3, 9, 15, 0))]
    assert clock.add_working_hours_excluding(start, 8, pauses=overlapping) == due
    late = [(at(2026, 3, 20, 8, 0), at(2026, 3, 25, 8, 0))]
    assert clock.add_working_hours_excluding(start, 8, pauses=late) == at(2026, 3, 10, 8, 0)
    # A pause over lunch stops no office time.
    lunch = [(at(2026, 3, 9, 11, 30), at(2026, 3, 9, 13, 30))]
    assert clock.add_working_hours_excluding(start, 8, pauses=lunch) == at(2026, 3, 10, 8, 0)


def test_it_honours_an_admin_day_off_and_a_cancelled_holiday():
    tuesday = dt.date(2026, 3, 10)
    assert clock.is_working_day(tuesday)
    CalendarDay.objects.create(
        date=tuesday, kind=DayKind.DAY_OFF, name="Provincial day off", source="Notice 1/TB-UBND"
    )
    assert not clock.is_working_day(tuesday)
    assert clock.add_working_days(at(2026, 3, 9, 9), 1) == at(2026, 3, 11, 9)
    assert (tuesday, "Provincial day off", "Notice 1/TB-UBND") in clock.days_off(2026)

    CalendarDay.objects.create(
        date=dt.date(2026, 11, 24),
        kind=DayKind.CANCELLED,
        name="Not observed",
        source="Notice 2/TB",
    )
    assert clock.is_working_day(dt.date(2026, 11, 24))
    assert dt.date(2026, 11, 24) not in [row[0] for row in clock.days_off(2026)]

    CalendarDay.objects.create(
        date=dt.date(2026, 3, 14), kind=DayKind.WORKING_DAY, name="Make-up", source="Notice 3/TB"
    )
    assert clock.is_working_day(dt.date(2026, 3, 14))
    assert (dt.date(2026, 3, 14), "Make-up", "Notice 3/TB") in clock.makeup_days(2026)

    CalendarDay.objects.filter(date=tuesday).delete()
    assert clock.is_working_day(tuesday)


def test_it_lists_package_days_with_their_source():
    off = {row[0]: row for row in clock.days_off(2026)}
    assert dt.date(2026, 4, 27) in off
    assert off[dt.date(2026, 2, 17)][2].startswith("holidays ")
    assert [row[0] for row in clock.makeup_days(2026)] == [dt.date(2026, 8, 22)]


def test_it_follows_office_hours_from_the_rulebook():
    Rule.objects.filter(key=keys.CALENDAR_OFFICE_HOURS).update(effective_to=dt.date(2026, 12, 31))
    Rule.objects.create(
        key=keys.CALENDAR_OFFICE_HOURS,
        value={"sessions": [["08:00", "12:00"], ["13:00", "17:00"]]},
        effective_from=dt.date(2027, 1, 1),
        source="Test province decision",
    )
    assert clock.next_opening(at(2026, 12, 31, 7, 45)) == at(2026, 12, 31, 7, 45)
    assert clock.next_opening(at(2027, 1, 4, 7, 45)) == at(2027, 1, 4, 8, 0)
    assert clock.add_working_hours(at(2027, 1, 4, 11, 0), 2) == at(2027, 1, 4, 14, 0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: clock.add_working_days(dt.datetime(2026, 3, 10, 9), 1),
        lambda: clock.add_working_hours(dt.datetime(2026, 3, 10, 9), 1),
        lambda: clock.working_hours_between(dt.datetime(2026, 3, 10, 9), at(2026, 3, 11)),
        lambda: clock.next_opening(dt.datetime(2026, 3, 10, 9)),
        lambda: clock.add_working_days(at(2026, 3, 10, 9), -1),
        lambda: clock.add_working_hours(at(2026, 3, 10, 9), -0.5),
    ],
)
def test_it_refuses_naive_datetimes_and_negative_amounts(call):
    with pytest.raises(ValueError, match=r"naive|zero or more"):
        call()


def test_it_accepts_other_time_zones_and_answers_in_vietnam_time():
    due = clock.add_working_days(dt.datetime(2026, 4, 24, 7, 0, tzinfo=dt.UTC), 2)
    assert due.isoformat() == "2026-04-29T14:00:00+07:00"
