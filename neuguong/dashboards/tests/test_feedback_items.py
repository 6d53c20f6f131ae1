"""5.2 (feedback answered on time) and 5.3 (satisfaction with the handling of feedback) from the feedback
items, by agency, commune and province, the period by the answer's date (docs/indicators.md)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.indicators import keys
from neuguong.dashboards.selectors import province_dashboard
from neuguong.dashboards.tests.helpers import MARCH
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.tests.conftest import submit
from neuguong.onestop.tests.factories import local
from neuguong.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _answered(world, agency, *, at=None, late=False, kind="feedback", **extra):
    item = submit(world, kind=kind)
    at = at or local(2026, 3, 12, 9)
    FeedbackItem.objects.filter(pk=item.pk).update(
        agency=agency,
        state=extra.pop("state", "published"),
        answered_at=at,
        answer="Đã xử lý.",
        answer_due_at=at + (dt.timedelta(hours=-1) if late else dt.timedelta(days=1)),
        answered_late=late,
        **extra,
    )
    return item


@pytest.fixture
def feedback_world(world):
    a, b = world.agency_a, world.agency_b
    _answered(world, a)
    _answered(world, a, late=True)
    _answered(world, a, rating="dissatisfied")
    _answered(world, a, reopened_count=1, state="in_progress")
    _answered(world, a, late=True, rating="dissatisfied")  # unsatisfied once, not twice
    _answered(world, b, rating="satisfied")
    # Not counted in March: answered in April, a complaint, a merged duplicate, not answered.
    _answered(world, a, at=local(2026, 4, 1, 9), late=True)
    _answered(world, a, kind="complaint", late=True)
    _answered(world, a, late=True, state="merged")
    submit(world)
    return world


def _by(scores, obj):
    return next(s for s in scores if s.unit == obj)


def _item(card, key):
    return next(i for g in card.groups for i in g.items if i.key == key)


def test_the_counts_by_agency_commune_and_province(feedback_world):
    w = feedback_world
    board = province_dashboard(MARCH, w.inspector)
    counts = lambda score: (  # noqa: E731
        score.counts.feedback_answered,
        score.counts.feedback_late,
        score.counts.feedback_unsatisfied,
    )
    assert counts(_by(board.agencies, w.agency_a)) == (5, 2, 4)
    assert counts(_by(board.agencies, w.agency_b)) == (1, 0, 0)
    assert counts(_by(board.agencies, w.department)) == (0, 0, 0)
    assert counts(_by(board.communes, w.commune_a)) == (5, 2, 4)
    assert counts(_by(board.communes, w.commune_b)) == (1, 0, 0)
    assert counts(board.province) == (6, 2, 4)


def test_the_points(feedback_world):
    board = province_dashboard(MARCH, feedback_world.inspector)
    on_time = _item(board.province.card, keys.FEEDBACK_ON_TIME)
    assert (on_time.numerator, on_time.denominator, on_time.ratio) == (4, 6, D("0.6667"))
    assert on_time.points == D("4.00")
    assert on_time.measured
    satisfaction = _item(board.province.card, keys.FEEDBACK_SATISFACTION)
    assert (satisfaction.numerator, satisfaction.denominator) == (2, 6)
    assert satisfaction.points == D("2.00")
    assert satisfaction.measured
    b = _item(_by(board.agencies, feedback_world.agency_b).card, keys.FEEDBACK_SATISFACTION)
    assert b.points == D("6.00")
    # No feedback answered: still "not measured" for that unit.
    dept = _by(board.agencies, feedback_world.department).card
    assert not _item(dept, keys.FEEDBACK_ON_TIME).measured


def test_an_answer_through_the_service_counts(world):
    from neuguong.feedback.services import item_accept, item_answer, item_start

    accepted = local(2026, 3, 2, 9)
    item = submit(world, at=accepted - dt.timedelta(hours=1))
    item_accept(item, actor=world.head, at=accepted)
    item_start(item, actor=world.head, at=accepted + dt.timedelta(hours=1))
    item.refresh_from_db()
    item_answer(item, actor=world.head, answer="Đã xử lý.", at=item.due_at + dt.timedelta(hours=1))
    a = _by(province_dashboard(MARCH, world.inspector).agencies, world.agency_a)
    assert (a.counts.feedback_answered, a.counts.feedback_late) == (1, 1)


def test_the_query_count_stays_constant(feedback_world):
    w = feedback_world
    with CaptureQueriesContext(connection) as few:
        province_dashboard(MARCH, w.inspector)
    for i in range(8):
        agency = AgencyFactory(unit=w.commune_b, identifier_code=f"000.08.{i:02d}.H18")
        _answered(w, agency, late=i % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        board = province_dashboard(MARCH, w.inspector)
    assert len(many) == len(few)
    assert _by(board.communes, w.commune_b).counts.feedback_answered == 9
