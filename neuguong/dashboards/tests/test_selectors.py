"""The SQL counts behind the indicators: counting rules of docs/indicators.md and a constant query count."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.selectors import province_dashboard
from neuguong.dashboards.tests.helpers import MARCH, ended, facts_current
from neuguong.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _by(scores, obj):
    return next(s for s in scores if s.unit == obj)


def test_counting_rules(march):
    board = province_dashboard(MARCH, march.inspector)
    a = _by(board.agencies, march.agency_a)
    assert (a.counts.ended, a.counts.late) == (7, 2)  # the linked dossier is on time for A
    dept = _by(board.agencies, march.department)
    assert (dept.counts.ended, dept.counts.late) == (1, 1)
    b = _by(board.agencies, march.agency_b)
    assert (b.counts.ended, b.counts.late, b.counts.received) == (1, 0, 1)
    desk = _by(board.agencies, march.desk_a)
    assert (desk.counts.ended, desk.counts.received) == (0, 0)
    province = board.province.counts
    assert (province.ended, province.late) == (8, 3)  # each dossier once
    assert province.received == 9  # the dossier ended in April counts for March's volume
    assert (province.received_online, a.counts.received_online) == (1, 1)
    commune_a = _by(board.communes, march.commune_a)
    assert (commune_a.counts.ended, commune_a.counts.late) == (7, 2)
    commune_b = _by(board.communes, march.commune_b)
    assert commune_b.counts.ended == 1


def test_scores_come_from_the_counts(march):
    board = province_dashboard(MARCH, march.inspector)
    on_time = board.province.card.groups[1].items[0]
    assert (on_time.numerator, on_time.denominator, on_time.ratio) == (5, 8, D("0.6250"))
    assert on_time.points == D("12.50")
    assert board.province.card.max_points == 100


def test_query_count_is_constant_whatever_the_number_of_agencies(march):
    with CaptureQueriesContext(connection) as few:
        province_dashboard(MARCH, march.inspector)
    for i in range(15):
        agency = AgencyFactory(unit=march.commune_b, identifier_code=f"000.09.{i:02d}.H18")
        ended(agency, late=i % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        board = province_dashboard(MARCH, march.inspector)
    assert len(board.agencies) >= 20
    assert len(many) == len(few)
    assert len(few) <= 12, len(few)


def test_a_dossier_with_a_complaint_or_a_bad_rating_lowers_procedure_satisfaction(march):
    from neuguong.feedback.models import FeedbackItem
    from neuguong.feedback.tests.conftest import submit
    from neuguong.onestop.models import Rating

    before = _by(province_dashboard(MARCH, march.inspector).agencies, march.agency_a).counts
    assert before.complained == 0
    complained_about, rated_badly = ended(march.agency_a), ended(march.agency_a)
    item = submit(march)
    FeedbackItem.objects.filter(pk=item.pk).update(dossier=complained_about)
    Rating.objects.create(dossier=rated_badly, value="dissatisfied")
    Rating.objects.create(dossier=complained_about, value="dissatisfied")  # still one dossier
    facts_current()  # the link and the ratings were arranged around the services
    after = _by(province_dashboard(MARCH, march.inspector).agencies, march.agency_a).counts
    assert (after.ended, after.complained) == (before.ended + 2, 2)
