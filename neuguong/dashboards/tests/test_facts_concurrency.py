"""Concurrent services adding to the same daily and monthly facts (PostgreSQL: real row locks between
connections)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from neuguong.dashboards.facts_records import verify
from neuguong.dashboards.models import DailyFact, MonthlyFact
from neuguong.dashboards.tests.facts_story import MONDAY, procedures
from neuguong.onestop import services as s
from neuguong.onestop.tests.factories import applicant
from neuguong.org.access import scope_for

THREADS = 6
PER_THREAD = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
# Tuesday: the day row races to be created, the month row (received on Monday) is there; 4 weeks
# later (3 November): both the day row and the month row race to be created.
@pytest.mark.parametrize("days_later", [1, 28])
def test_no_count_is_lost_when_transactions_end_dossiers_of_one_agency_on_one_day(
    world, days_later
):
    plain = procedures(world).plain
    dossiers = []
    for _ in range(THREADS * PER_THREAD):
        dossier = s.dossier_receive(
            actor=world.reception,
            receiving_agency=world.desk_a,
            procedure=plain,
            applicant=applicant(),
            handling_agency=world.agency_a,
            at=MONDAY,
        )
        s.dossier_start(dossier, actor=world.reception, at=MONDAY)
        dossiers.append(dossier)
    # They all end on Tuesday, whose fact row does not exist yet: the first ones race to create it.
    tuesday = MONDAY + dt.timedelta(days=days_later)
    assert not DailyFact.objects.filter(agency=world.agency_a, day=tuesday.date()).exists()
    month = tuesday.date().replace(day=1)
    assert MonthlyFact.objects.filter(agency=world.agency_a, month=month).exists() == (
        month == MONDAY.date().replace(day=1)
    )
    for user in (world.head, world.reception):
        scope_for(user).agency_ids()  # computed once, shared read-only by the threads
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def officer(n):
        try:
            start.wait()
            for dossier in dossiers[n * PER_THREAD : (n + 1) * PER_THREAD]:
                s.dossier_complete_step(dossier, actor=world.head, at=tuesday)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    row = DailyFact.objects.get(agency=world.agency_a, day=tuesday.date())
    assert (row.ended, row.completed) == (THREADS * PER_THREAD, THREADS * PER_THREAD)
    assert DailyFact.objects.get(agency=world.agency_a, day=MONDAY.date()).received == len(dossiers)
    month_row = MonthlyFact.objects.get(agency=world.agency_a, month=month)
    assert (month_row.ended, month_row.completed) == (THREADS * PER_THREAD, THREADS * PER_THREAD)
    assert verify() == []
