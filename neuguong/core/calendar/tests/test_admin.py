import datetime as dt

import pytest

from neuguong.core.calendar import clock
from neuguong.core.calendar.models import CalendarDay


@pytest.mark.django_db
@pytest.mark.urls("neuguong.core.rules.tests.admin_urls")
def test_it_lets_the_admin_add_a_day_off_that_the_clock_sees_at_once(admin_client):
    response = admin_client.post(
        "/admin/workcalendar/calendarday/add/",
        {
            "date": "2026-03-10",
            "kind": "day_off",
            "name": "Provincial day off",
            "source": "Notice 9/TB-UBND",
        },
    )
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date=dt.date(2026, 3, 10)).exists()
    assert not clock.is_working_day(dt.date(2026, 3, 10))


@pytest.mark.django_db
@pytest.mark.urls("neuguong.core.rules.tests.admin_urls")
def test_it_keeps_the_calendar_admin_from_non_staff(world, login):
    response = login(world.specialist).get("/admin/workcalendar/calendarday/")
    assert response.status_code in (302, 403)
