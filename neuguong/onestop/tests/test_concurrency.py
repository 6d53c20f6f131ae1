"""Dossier codes under concurrent intake (PostgreSQL: real row locks between connections)."""

import threading

import pytest
from django.db import connection

from neuguong.onestop.models import DailySequence, Dossier
from neuguong.onestop.services import dossier_receive
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant
from neuguong.org.access import scope_for

THREADS = 8
PER_THREAD = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_issues_unique_gap_free_codes_under_concurrent_intake(world, simple):
    scope_for(world.reception).agency_ids()  # computed once, shared read-only by the threads
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def desk_officer(n):
        try:
            start.wait()
            for i in range(PER_THREAD):
                dossier_receive(
                    actor=world.reception,
                    receiving_agency=world.desk_a,
                    procedure=simple,
                    applicant=applicant(name=f"Người nộp {n}-{i}"),
                    handling_agency=world.agency_a,
                    at=MONDAY_9,
                )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=desk_officer, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    total = THREADS * PER_THREAD
    assert codes == [f"000.01.02.H18-251006-{n:04d}" for n in range(1, total + 1)]
    assert DailySequence.objects.get(agency=world.desk_a).last_number == total
