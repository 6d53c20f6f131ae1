"""Heads ranked over their own tenure: the daily facts of the days they were in office (docs/indicators.md,
"Heads over their tenure"). The facts are arranged directly: the selector is under test here."""

import datetime as dt
from decimal import Decimal as D
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.heads import head_scores
from neuguong.dashboards.models import DailyFact, ProcedureMonthFact
from neuguong.dashboards.tests.helpers import MARCH
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.tests.conftest import submit
from neuguong.onestop.models import Procedure
from neuguong.onestop.tests.factories import ProcedureFactory, local
from neuguong.org.constants import PositionTitle
from neuguong.org.tests.factories import AgencyFactory, PersonFactory, TermFactory, UnitFactory

pytestmark = pytest.mark.django_db

DAY_FIELDS = (
    "received",
    "received_online",
    "with_fee",
    "paid_online",
    "digitised",
    "ended",
    "completed",
    "e_results",
    "complained",
    "late",
    "step_ended",
)


def fact(agency, day, **counts):
    return DailyFact.objects.create(
        agency=agency, day=day, province_code=agency.province_code, **counts
    )


def march(day):
    return dt.date(2026, 3, day)


def _of(scores, person):
    rows = [s for s in scores if s.person == person]
    assert len(rows) == 1, rows
    return rows[0]


@pytest.fixture
def handover(world):
    """Commune A's head (the persona, in office since July 2025) hands over on 16 March 2026."""
    from neuguong.org.models import Term

    Term.objects.filter(person=world.head.person_obj).update(ended_on=march(15))
    world.successor = PersonFactory(full_name="Trần Thị Kế Nhiệm")
    TermFactory(person=world.successor, agency=world.agency_a, started_on=march(16))
    a = world.agency_a
    fact(a, march(2), received=5, received_online=2, digitised=1)
    fact(a, march(10), ended=4, completed=3, late=1, e_results=2, processing_days=D("7.50"))
    fact(a, march(15), received=1, with_fee=1, paid_online=1)
    fact(a, march(16), ended=2, completed=2, step_ended=1, processing_days=D("3.00"))
    fact(a, march(31), received=3, ended=1, late=1, complained=1)
    fact(a, dt.date(2026, 2, 28), received=50, ended=50)  # before the period
    fact(a, dt.date(2026, 4, 1), received=70, ended=70)  # after it
    return world


def test_a_head_who_took_office_on_16_march_gets_only_16_to_31_march(handover, login):
    scores = head_scores(MARCH, handover.inspector)
    new = _of(scores, handover.successor)
    assert (new.first_day, new.last_day, new.days) == (march(16), march(31), 16)
    assert new.label == f"Trần Thị Kế Nhiệm · {handover.agency_a.name} · 16/03–31/03"
    c = new.counts
    assert (c.received, c.ended, c.late, c.completed, c.complained) == (3, 2 + 1 + 1, 1, 2, 1)
    assert c.processing_days == D("3.00")
    old = _of(scores, handover.head.person_obj)
    assert (old.first_day, old.last_day, old.days) == (march(1), march(15), 15)
    assert (old.counts.received, old.counts.ended, old.counts.late) == (6, 4, 1)
    assert (old.counts.received_online, old.counts.with_fee, old.counts.paid_online) == (2, 1, 1)
    assert old.counts.processing_days == D("7.50")
    # The scorecard is that of these counts: 2.1 on the head's own days.
    on_time = next(
        i for g in old.card.groups for i in g.items if i.key.endswith("progress.on_time")
    )
    assert (on_time.numerator, on_time.denominator) == (3, 4)


def test_two_heads_of_one_agency_split_its_counts_exactly(handover):
    procedure, other = (cast(Procedure, ProcedureFactory()) for _ in range(2))
    a = handover.agency_a
    for month, proc in ((march(1), procedure), (march(1), other), (dt.date(2026, 2, 1), other)):
        ProcedureMonthFact.objects.create(
            agency=a, procedure=proc, month=month, province_code="11", received_online=1, with_fee=1
        )
    for day in (3, 15, 16, 31):
        item = submit(handover)
        at = local(2026, 3, day, 23)  # late in the evening: the day is Vietnam's
        FeedbackItem.objects.filter(pk=item.pk).update(
            agency=a, state="published", answered_at=at, answered_late=day == 15
        )
    scores = head_scores(MARCH, handover.inspector)
    rows = [s for s in scores if s.agency == a]
    assert len(rows) == 2
    whole = {
        name: sum(getattr(r, name) for r in DailyFact.objects.filter(agency=a, day__month=3))
        for name in DAY_FIELDS
    }
    whole["ended"] += whole.pop("step_ended")
    for name, total in whole.items():
        assert sum(getattr(s.counts, name) for s in rows) == total, name
    assert sum(s.counts.processing_days for s in rows) == D("10.50")
    new, old = _of(rows, handover.successor), _of(rows, handover.head.person_obj)
    # Feedback by the answer's day in Vietnam: 3 and 15 March for the predecessor, 16 and 31 for the successor.
    assert (old.counts.feedback_answered, old.counts.feedback_late) == (2, 1)
    assert (new.counts.feedback_answered, new.counts.feedback_late) == (2, 0)
    # The month's procedures go whole to the head in office on 31 March (the documented approximation).
    assert (new.counts.fee_procedures, new.counts.online_procedures_used) == (2, 2)
    assert (old.counts.fee_procedures, old.counts.online_procedures_used) == (0, 0)
    # The catalogue is the agency's (its level's), for both.
    assert new.counts.procedures == old.counts.procedures


def test_a_term_ended_before_the_period_is_absent(world):
    from neuguong.org.models import Term

    Term.objects.filter(person=world.head.person_obj).update(ended_on=dt.date(2026, 2, 28))
    fact(world.agency_a, march(2), received=4)
    assert head_scores(MARCH, world.inspector) == []


def test_a_term_starting_after_the_period_is_absent_and_an_open_term_runs_to_its_end(world):
    TermFactory(agency=world.agency_b, started_on=dt.date(2026, 4, 1))
    (only,) = head_scores(MARCH, world.inspector)
    assert only.person == world.head.person_obj
    assert (only.first_day, only.last_day, only.days) == (march(1), march(31), 31)


def test_overlapping_terms_give_each_day_to_the_head_who_started_last(world):
    """The predecessor's end was never entered: from the successor's start, the days are the
    successor's (as org.selectors.head_of answers), and nothing is counted twice."""
    successor = PersonFactory()
    TermFactory(person=successor, agency=world.agency_a, started_on=march(20))
    fact(world.agency_a, march(19), received=2)
    fact(world.agency_a, march(20), received=3)
    scores = head_scores(MARCH, world.inspector)
    old, new = _of(scores, world.head.person_obj), _of(scores, successor)
    assert (old.days, old.last_day, old.counts.received) == (19, march(19), 2)
    assert (new.days, new.first_day, new.counts.received) == (12, march(20), 3)


def test_a_head_of_two_agencies_in_one_period_has_a_row_for_each_term(world):
    from neuguong.org.models import Term

    Term.objects.filter(person=world.head.person_obj).update(ended_on=march(9))
    TermFactory(person=world.head.person_obj, agency=world.agency_b, started_on=march(10))
    fact(world.agency_a, march(5), received=1)
    fact(world.agency_b, march(5), received=10)  # before the head came: not theirs
    fact(world.agency_b, march(12), received=2)
    rows = head_scores(MARCH, world.inspector, person=world.head.person_obj)
    # By agency (level, name): commune A's committee ("phường …") before commune B's ("xã …").
    assert [(r.agency, r.span, r.days, r.counts.received) for r in rows] == [
        (world.agency_a, "01/03–09/03", 9, 1),
        (world.agency_b, "10/03–31/03", 22, 2),
    ]


def test_a_deputy_or_a_party_secretary_is_not_an_agency_head(world):
    TermFactory(agency=world.agency_b, title=PositionTitle.DEPUTY)
    TermFactory(agency=None, party_org=world.party_a, title=PositionTitle.SECRETARY)
    assert [s.person for s in head_scores(MARCH, world.inspector)] == [world.head.person_obj]


def test_another_provinces_heads_are_out_of_scope(world):
    unit = UnitFactory(province_code="12")
    elsewhere = AgencyFactory(unit=unit, province_code="12")
    stranger = TermFactory(agency=elsewhere).person
    fact(elsewhere, march(3), received=9)
    fact(world.agency_a, march(3), received=1)
    mine = head_scores(MARCH, world.head)
    assert [s.person for s in mine] == [world.head.person_obj]
    assert mine[0].counts.received == 1
    everyone = head_scores(MARCH, world.inspector)
    assert {s.person for s in everyone} == {world.head.person_obj, stranger}


def test_the_query_count_does_not_grow_with_the_heads(world):
    fact(world.agency_a, march(3), received=1)
    head_scores(MARCH, world.inspector)  # warm the per-process memos (the rulebook)
    with CaptureQueriesContext(connection) as few:
        assert len(head_scores(MARCH, world.inspector)) == 1
    for i in range(8):
        agency = AgencyFactory(unit=world.commune_b, identifier_code=f"000.09.{i:02d}.H18")
        old = TermFactory(agency=agency, ended_on=march(10))
        TermFactory(agency=agency, started_on=march(11))
        moved_to = AgencyFactory(unit=world.commune_b, identifier_code=f"000.09.{i + 50:02d}.H18")
        TermFactory(person=old.person, agency=moved_to, started_on=march(11))
        fact(agency, march(3), received=2, ended=1)
        fact(agency, march(20), received=2, ended=1)
    with CaptureQueriesContext(connection) as many:
        assert len(head_scores(MARCH, world.inspector)) == 1 + 8 * 3
    assert len(many) == len(few)
    assert len(few) <= 6
