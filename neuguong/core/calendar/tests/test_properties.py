"""Property tests of the clock (issue 3). Example counts stay modest: CI runs the suite twice on 2 cores."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neuguong.core.calendar import clock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.just(VN)
).map(lambda moment: moment.replace(microsecond=0))
quarter_hours = st.integers(min_value=0, max_value=400).map(lambda n: n / 4)
day_counts = st.integers(min_value=0, max_value=40)


def _inside_office_hours(moment):
    return clock.next_opening(moment) == moment


@PROPERTY
@given(start=moments, a=quarter_hours, b=quarter_hours)
def test_it_adds_hours_monotonically(start, a, b):
    low, high = sorted((a, b))
    assert clock.add_working_hours(start, low) <= clock.add_working_hours(start, high)


@PROPERTY
@given(start=moments, later=st.integers(min_value=0, max_value=10_000_000))
def test_it_is_monotonic_in_the_start(start, later):
    other = start + dt.timedelta(seconds=later)
    assert clock.add_working_hours(start, 8) <= clock.add_working_hours(other, 8)
    assert clock.add_working_days(start, 3) <= clock.add_working_days(other, 3)


@PROPERTY
@given(start=moments, a=quarter_hours, b=quarter_hours)
def test_it_adds_hours_associatively(start, a, b):
    assert clock.add_working_hours(clock.add_working_hours(start, a), b) == clock.add_working_hours(
        start, a + b
    )


@PROPERTY
@given(start=moments, a=day_counts, b=day_counts)
def test_it_adds_days_associatively(start, a, b):
    assert clock.add_working_days(clock.add_working_days(start, a), b) == clock.add_working_days(
        start, a + b
    )


@PROPERTY
@given(start=moments, hours=quarter_hours)
def test_it_counts_back_the_hours_it_added(start, hours):
    opening = clock.next_opening(start)
    assert clock.working_hours_between(
        opening, clock.add_working_hours(opening, hours)
    ) == pytest.approx(hours)


@PROPERTY
@given(start=moments, hours=quarter_hours, days=day_counts)
def test_it_never_lands_on_a_day_off_or_outside_office_hours(start, hours, days):
    for due in (clock.add_working_hours(start, hours), clock.add_working_days(start, days)):
        assert clock.is_working_day(due.date())
        assert _inside_office_hours(due)
        assert due.utcoffset() == dt.timedelta(hours=7)


@PROPERTY
@given(
    start=moments,
    hours=quarter_hours,
    pauses=st.lists(st.tuples(moments, st.integers(min_value=0, max_value=2_000_000)), max_size=3),
)
def test_it_counts_back_the_hours_it_added_around_pauses(start, hours, pauses):
    opening = clock.next_opening(start)
    intervals = [(s, s + dt.timedelta(seconds=length)) for s, length in pauses]
    due = clock.add_working_hours_excluding(opening, hours, pauses=intervals)
    assert due >= clock.add_working_hours(opening, hours)
    assert clock.working_hours_between(opening, due, pauses=intervals) == pytest.approx(hours)
