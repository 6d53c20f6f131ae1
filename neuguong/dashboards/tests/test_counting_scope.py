"""Three counting rules the drill-down exposed (docs/indicators.md "Counting rules"): 3.2 counts only the
procedures of the unit's own catalogue; the catalogue items count the unit's own province's procedures;
2.2's sums of working days are exact to their 2 places on SQLite too. The dashboard (daily facts), the
oracle (records), the heads and the drill-down lists give the same figures."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from neuguong.dashboards import heads
from neuguong.dashboards.drilldown import figure_records, summarise
from neuguong.dashboards.facts import months
from neuguong.dashboards.indicators import keys
from neuguong.dashboards.models import DailyFact, MonthlyFact
from neuguong.dashboards.selectors import Period, province_dashboard
from neuguong.dashboards.tests import drilldown_data, oracle
from neuguong.dashboards.tests.helpers import MARCH
from neuguong.onestop.models import Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(world):
    return drilldown_data.build(world)


@pytest.fixture
def cross_level(varied):
    return drilldown_data.add_cross_level(varied)


def _item(score, key):
    return next(i for g in score.card.groups for i in g.items if i.key == key)


def _score(scores, unit):
    return next(s for s in scores if s.unit == unit)


def test_3_2_counts_only_the_procedures_of_the_units_level(cross_level):
    """Commune B's committee took an online dossier for a provincial procedure: 1 of its level's 3 online
    procedures used online, on the dashboard, in the oracle and in the list."""
    varied, user = cross_level, cross_level.inspector
    board, rule = province_dashboard(MARCH, user), oracle.province_dashboard(MARCH, user)
    for subject, pick in (
        ({"agency": varied.agency_b}, lambda d: _score(d.agencies, varied.agency_b)),
        ({"unit": varied.commune_b}, lambda d: _score(d.communes, varied.commune_b)),
    ):
        used = _item(pick(board), keys.SERVICES_USED)
        assert (used.numerator, used.denominator) == (1, 3), subject
        assert _item(pick(rule), keys.SERVICES_USED) == used, subject
        listed = summarise("3.2", figure_records("3.2", MARCH, user, **subject))
        assert (listed.counted, listed.n) == (1, 3), subject
    # The province counts every level: of 1.001, 1.003, 1.005, 2.001, 2.003 and the other province's
    # 9.001, all but 1.003 and 2.003 received an online dossier.
    province = _item(board.province, keys.SERVICES_USED)
    assert (province.numerator, province.denominator) == (4, 6)
    assert summarise("3.2", figure_records("3.2", MARCH, user)).counted == 4


def test_the_catalogue_items_count_the_units_own_province(varied):
    """A global user sees commune A's catalogue of province 11 only, the other province's commune its own
    one procedure, the province total both; a user of province 11 sees province 11's."""
    board = province_dashboard(MARCH, varied.inspector)
    communes = Procedure.objects.filter(is_active=True, level="commune")
    mine = communes.filter(province_code="11").count()
    assert mine == 4
    assert communes.filter(province_code="12").count() == 1
    for subject, score, n in (
        ({"unit": varied.commune_a}, _score(board.communes, varied.commune_a), mine),
        ({"agency": varied.agency_a}, _score(board.agencies, varied.agency_a), mine),
        ({"unit": varied.other_commune}, _score(board.communes, varied.other_commune), 1),
        ({}, board.province, Procedure.objects.filter(is_active=True).count()),
    ):
        complete = _item(score, keys.COMPLETE_PARTS)
        assert complete.denominator == n, subject
        records = figure_records("1.3", MARCH, varied.inspector, **subject)
        if subject:
            (unit,) = subject.values()
            assert {p.province_code for p in records} == {unit.province_code}, subject
        assert summarise("1.3", records).n == n, subject
    local = province_dashboard(MARCH, varied.head)
    assert _item(local.province, keys.COMPLETE_PARTS).denominator == mine + 3  # + 3 provincial
    # The heads read the same catalogue rows: the head of commune A's committee.
    (head,) = heads.head_scores(MARCH, None, person=varied.head.person_obj)
    assert _item(head, keys.COMPLETE_PARTS).denominator == mine


def _noisy_days():
    """365 sums of working days (one a day of 2026) whose float sum is off at its 15th digit."""
    rng = random.Random(0)
    return [Decimal(rng.randint(0, 500)) / 100 for _ in range(365)]


def test_the_working_days_sums_are_exact_to_2_places(world):
    """2.2 over a year: SQLite sums the DecimalField as a float (930.620000000001); the dashboard, the
    heads and the figures show the exact sum."""
    a = world.agency_a
    values = _noisy_days()
    first = dt.date(2026, 1, 1)
    DailyFact.objects.bulk_create(
        DailyFact(
            agency=a,
            province_code=a.province_code,
            day=first + dt.timedelta(days=i),
            ended=1,
            completed=1,
            processing_days=v,
        )
        for i, v in enumerate(values)
    )
    # Their month rows, as the services keep them (the dashboards read those; the heads the days).
    days = {
        (a.pk, first + dt.timedelta(days=i)): {"ended": 1, "completed": 1, "processing_days": v}
        for i, v in enumerate(values)
    }
    MonthlyFact.objects.bulk_create(
        MonthlyFact(agency=a, province_code=a.province_code, month=month, **counts)
        for (_, month), counts in months(days).items()
    )
    exact = sum(values, Decimal(0))
    assert exact == Decimal("930.62")
    raw = DailyFact.objects.aggregate(s=Sum("processing_days"))["s"]
    if connection.vendor == "sqlite":
        assert raw != exact  # the noise this guards against
    year = Period(first, dt.date(2026, 12, 31))
    board = province_dashboard(year, world.inspector)
    for score in (
        _score(board.agencies, a),
        _score(board.communes, world.commune_a),
        board.province,
    ):
        assert score.counts.processing_days == exact
        assert str(score.counts.processing_days) == "930.62"
        average = _item(score, keys.AVERAGE_DAYS)
        assert average.denominator == 365
    (head,) = heads.head_scores(year, None, person=world.head.person_obj)
    assert head.counts.processing_days == exact
    assert _item(head, keys.AVERAGE_DAYS) == _item(_score(board.agencies, a), keys.AVERAGE_DAYS)
