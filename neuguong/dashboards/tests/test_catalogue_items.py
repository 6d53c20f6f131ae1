"""Items 1.1, 1.3 and 3.5, counted on the catalogue: the worked examples of docs/indicators.md, the rulebook's
notice period, and the one catalogue query behind the dashboard."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.core.rules.models import Rule
from neuguong.dashboards.indicators import formulas as f
from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.card import Counts, catalogue_by_level, scorecard
from neuguong.dashboards.selectors import Period, province_dashboard
from neuguong.dashboards.tests.helpers import MARCH
from neuguong.onestop.tests.factories import ProcedureFactory, ProcedureStepFactory
from neuguong.org.constants import UnitLevel

pytestmark = pytest.mark.django_db

END = dt.date(2026, 3, 31)


# ---- the rulebook -------------------------------------------------------------------------------------


def test_the_notice_period_is_a_dated_rule_with_its_source_and_what_was_not_verified():
    versions = list(Rule.objects.filter(key=keys.ANNOUNCEMENT_LEAD_DAYS).order_by("effective_from"))
    assert [(v.effective_from, v.effective_to, v.value) for v in versions] == [
        (dt.date(2010, 10, 14), dt.date(2013, 6, 30), 10),
        (dt.date(2013, 7, 1), None, 5),
    ]
    current = versions[-1]
    assert "63/2010/NĐ-CP" in current.source
    assert "48/2013/NĐ-CP" in current.source
    assert "Art. 1(5)" in current.source
    assert "NOT verified" in current.note
    assert "92/2017" in current.note


def test_items_1_1_and_3_5_are_measured_and_their_notes_say_so():
    for key in (keys.PUBLISHED_ON_TIME, keys.PAYMENT_INTEGRATED):
        assert keys.ITEMS_BY_KEY[key].measurable
        note = Rule.objects.get(key=key).note
        assert "not yet record" not in note
        assert "Measured on the catalogue" in note
        assert "NOT verified" in note  # the points still come from the portal's method


# ---- worked examples (docs/indicators.md) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("effective_on", "deadline"),
    [
        (dt.date(2026, 4, 1), dt.date(2026, 3, 25)),  # Wed → Wed: 31/03, 30/03, 27/03, 26/03, 25/03
        (
            dt.date(2026, 5, 4),
            dt.date(2026, 4, 22),
        ),  # 01/05, 30/04 and 27/04 (Hùng Kings, observed) are off
        (dt.date(2026, 2, 23), dt.date(2026, 2, 9)),  # the Tết holiday, 14–22/02/2026
    ],
)
def test_worked_example_announcement_deadline(effective_on, deadline):
    assert f.announcement_deadline(effective_on, 5) == deadline


def test_worked_example_published_in_time():
    effective = dt.date(2026, 4, 1)
    assert f.published_in_time(published_on=dt.date(2026, 3, 25), effective_on=effective)
    assert not f.published_in_time(published_on=dt.date(2026, 3, 26), effective_on=effective)
    assert not f.published_in_time(published_on=effective, effective_on=effective)
    assert not f.published_in_time(published_on=dt.date(2026, 4, 2), effective_on=effective)


def test_the_rule_in_force_on_the_publication_day_applies():
    # Before 01/07/2013 the Decree asked for 10 working days (30/05/2013 is 10 before 13/06/2013).
    assert f.published_in_time(published_on=dt.date(2013, 5, 30), effective_on=dt.date(2013, 6, 13))
    assert not f.published_in_time(
        published_on=dt.date(2013, 5, 31), effective_on=dt.date(2013, 6, 13)
    )


@pytest.mark.parametrize(
    ("function", "counts", "ratio", "points"),
    [
        (f.published_on_time, (8, 10), "0.8000", "4.80"),
        (f.payment_integrated_share, (15, 24), "0.6250", "1.56"),
        (f.payment_integrated_share, (21, 24), "0.8750", "2.00"),
    ],
)
def test_worked_examples_of_the_catalogue_items(function, counts, ratio, points):
    result = function(*counts, END)
    assert (result.ratio, result.points) == (D(ratio), D(points))
    assert result.measured


def test_nothing_published_in_the_period_is_not_measured():
    assert not f.published_on_time(0, 0, END).measured
    assert not f.payment_integrated_share(0, 0, END).measured


def test_the_scorecard_measures_1_1_and_3_5_from_the_counts():
    counts = Counts(
        procedures_published=12,
        procedures_published_dated=10,
        procedures_published_on_time=8,
        procedures_with_fee=24,
        procedures_payable_online=15,
    )
    card = scorecard(counts, END)
    items = {i.key: i for g in card.groups for i in g.items}
    assert (items[keys.PUBLISHED_ON_TIME].points, items[keys.PUBLISHED_ON_TIME].denominator) == (
        D("4.80"),
        10,
    )
    assert items[keys.PAYMENT_INTEGRATED].points == D("1.56")
    # With every other count at zero, 1.1 and 3.5 are the only points of their groups.
    groups = {g.group: g.points for g in card.groups}
    assert groups[keys.PUBLICITY] == D("4.80")
    assert groups[keys.ONLINE] == D("1.56")


# ---- the catalogue query ------------------------------------------------------------------------------


def _procedure(published_on=None, effective_on=None, **kwargs):
    procedure = ProcedureFactory(
        published_on=published_on,
        legal_basis_effective_on=effective_on,
        required_documents=[{"name": "Tờ khai"}],
        applicants=kwargs.pop("applicants", "Công dân Việt Nam"),
        **kwargs,
    )
    ProcedureStepFactory(procedure=procedure, order=1)
    return procedure


@pytest.fixture
def catalogue(world):
    """The March 2026 catalogue of the worked example, at commune level, plus one provincial one."""
    _procedure(
        dt.date(2026, 3, 25), dt.date(2026, 4, 1), fee=D(50000), online_payment=True
    )  # on time
    _procedure(
        dt.date(2026, 3, 26), dt.date(2026, 4, 1), fee=D(20000)
    )  # late by one day, not payable
    _procedure(
        dt.date(2026, 3, 10), dt.date(2026, 3, 10), online_payment=True
    )  # late; free: not in 3.5
    _procedure(dt.date(2026, 3, 2), applicants="")  # undated: not judged; no applicants: incomplete
    _procedure(
        dt.date(2026, 2, 20), dt.date(2026, 3, 1), fee=D(10000), online_payment=True
    )  # February
    # Abolished since, but announced in March (on time): it counts for 1.1 only.
    _procedure(
        dt.date(2026, 3, 16), dt.date(2026, 5, 4), is_active=False, fee=D(5000), online_payment=True
    )
    _procedure(dt.date(2026, 3, 20), dt.date(2026, 4, 15), level=UnitLevel.PROVINCE)  # on time
    return world


def test_catalogue_counts_by_level(catalogue):
    levels = catalogue_by_level({"11"}, MARCH)
    assert levels[UnitLevel.COMMUNE] == {
        "procedures": 5,
        "procedures_online": 0,
        "procedures_complete": 4,
        "procedures_published": 5,
        "procedures_published_dated": 4,
        "procedures_published_on_time": 2,
        "procedures_with_fee": 3,
        "procedures_payable_online": 2,
    }
    province = levels[UnitLevel.PROVINCE]
    assert (province["procedures_published_dated"], province["procedures_published_on_time"]) == (
        1,
        1,
    )


def test_the_period_selects_the_publications(catalogue):
    february = catalogue_by_level({"11"}, Period.month(2026, 2))[UnitLevel.COMMUNE]
    assert (february["procedures_published_dated"], february["procedures_published_on_time"]) == (
        1,
        1,
    )
    assert february["procedures_with_fee"] == 3  # 3.5 is the catalogue as it stands


def test_the_dashboard_scores_1_1_and_3_5_for_every_agency_and_the_province(catalogue):
    board = province_dashboard(MARCH, catalogue.inspector)
    agency_a = next(s for s in board.agencies if s.unit == catalogue.agency_a)
    items = {i.key: i for g in agency_a.card.groups for i in g.items}
    on_time = items[keys.PUBLISHED_ON_TIME]
    assert (on_time.numerator, on_time.denominator, on_time.points) == (2, 4, D("3.00"))
    payable = items[keys.PAYMENT_INTEGRATED]
    assert (payable.numerator, payable.denominator, payable.ratio) == (2, 3, D("0.6667"))
    assert payable.points == D("1.67")
    complete = items[keys.COMPLETE_PARTS]
    assert (complete.numerator, complete.denominator) == (4, 5)
    province = {i.key: i for g in board.province.card.groups for i in g.items}
    assert (
        province[keys.PUBLISHED_ON_TIME].numerator,
        province[keys.PUBLISHED_ON_TIME].denominator,
    ) == (
        3,
        5,
    )


def test_the_catalogue_is_one_query_whatever_the_number_of_procedures(catalogue):
    catalogue_by_level({"11"}, MARCH)  # the rulebook and the calendar are read once per process
    with CaptureQueriesContext(connection) as few:
        catalogue_by_level({"11"}, MARCH)
    for day in range(2, 28):
        _procedure(
            dt.date(2026, 3, day), dt.date(2026, 4, day % 28 + 1), fee=D(1000), online_payment=True
        )
    with CaptureQueriesContext(connection) as many:
        catalogue_by_level({"11"}, MARCH)
    assert len(few) == len(many) == 1
