"""The worked examples of docs/indicators.md, computed by the formulas exactly as the document states them."""

import datetime as dt
from decimal import Decimal as D

import pytest

from neuguong.core.rules import RuleNotFound
from neuguong.dashboards.indicators import formulas as f
from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.scoring import points_for, rate, score_item, wilson_interval

pytestmark = pytest.mark.django_db

END = dt.date(2026, 3, 31)  # the period: March 2026, scored by the rules in force on its last day
T = dt.timezone(dt.timedelta(hours=7))


def test_on_time_rule_for_one_dossier():
    due = dt.datetime(2026, 3, 9, 17, 30, tzinfo=T)  # already moved by the supplement pause
    assert f.counts_as_on_time(
        ended_at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=T), due_at=due, supplement_requests=1
    )
    assert not f.counts_as_on_time(
        ended_at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=T), due_at=due, supplement_requests=2
    )
    assert not f.counts_as_on_time(
        ended_at=dt.datetime(2026, 3, 10, 8, 0, tzinfo=T), due_at=due, supplement_requests=0
    )
    assert f.counts_as_on_time(
        ended_at=dt.datetime(2026, 3, 10, 8, 0, tzinfo=T), due_at=None, supplement_requests=0
    )


def test_worked_example_on_time_rate():
    result = f.on_time_rate(180, 200, END)
    assert (result.ratio, result.points, result.max_points) == (D("0.9000"), D("18.00"), D(20))
    assert wilson_interval(180, 200) == (D("0.8506"), D("0.9343"))


def test_worked_example_average_processing_days():
    days = [
        f.processing_working_days(D(40)),
        f.processing_working_days(D(24), paused_hours=D(8)),
        f.processing_working_days(D(12)),
    ]
    assert days == [D("5.00"), D("2.00"), D("1.50")]
    result = f.average_processing_days(sum(days), 3, END)
    assert (result.ratio, result.points, result.max_points) == (D("2.83"), D(0), D(0))
    assert not f.average_processing_days(D(0), 0, END).measured


@pytest.mark.parametrize(
    ("function", "counts", "ratio", "points"),
    [
        (f.published_complete, (150, 160), "0.9375", "1.88"),
        (f.procedures_online_share, (120, 160), "0.7500", "1.88"),
        (f.procedures_online_share, (150, 160), "0.9375", "2.00"),
        (f.online_services_used, (45, 60), "0.7500", "3.00"),
        (f.online_submission_share, (90, 250), "0.3600", "4.32"),
        (f.online_submission_share, (140, 250), "0.5600", "6.00"),
        (f.payment_transactions_share, (9, 12), "0.7500", "1.88"),
        (f.paid_online_share, (30, 80), "0.3750", "2.25"),
        (f.e_results_share, (150, 200), "0.7500", "4.50"),
        (f.digitised_share, (120, 200), "0.6000", "3.00"),
        (f.feedback_on_time_share, (38, 40), "0.9500", "5.70"),
        (f.feedback_handling_satisfaction, (40, 4), "0.9000", "5.40"),
        (f.procedure_satisfaction, (200, 20, 6), "0.8700", "5.80"),
    ],
)
def test_worked_examples_per_item(function, counts, ratio, points):
    result = function(*counts, END)
    assert (result.ratio, result.points) == (D(ratio), D(points))
    assert result.measured


def test_procedure_satisfaction_floors_at_zero_and_handles_no_dossiers():
    assert f.procedure_satisfaction(10, 8, 6, END).ratio == D(0)
    empty = f.procedure_satisfaction(0, 0, 0, END)
    assert (empty.ratio, empty.points, empty.measured) == (None, D(0), False)


def _march_example():
    return [
        f.not_measured(keys.PUBLISHED_ON_TIME, END),
        f.not_measured(keys.UPDATED_ON_TIME, END),
        f.published_complete(150, 160, END),
        f.not_measured(keys.SYNCED_TO_PORTAL, END),
        f.on_time_rate(180, 200, END),
        f.average_processing_days(D("8.50"), 3, END),
        f.procedures_online_share(120, 160, END),
        f.online_services_used(45, 60, END),
        f.online_submission_share(90, 250, END),
        f.not_measured(keys.PAYMENT_INTEGRATED, END),
        f.payment_transactions_share(9, 12, END),
        f.paid_online_share(30, 80, END),
        f.e_results_share(150, 200, END),
        f.digitised_share(120, 200, END),
        f.not_measured(keys.CERTIFIED_COPIES, END),
        f.not_measured(keys.REUSED, END),
        f.not_measured(keys.SHARED_FOR_REUSE, END),
        f.not_measured(keys.POPULATION_DATA_DOSSIERS, END),
        f.not_measured(keys.POPULATION_DATA_PROCEDURES, END),
        f.feedback_on_time_share(38, 40, END),
        f.feedback_handling_satisfaction(40, 4, END),
        f.procedure_satisfaction(200, 20, 6, END),
    ]


def test_worked_example_total_out_of_100_with_sub_scores():
    card = f.total_score(_march_example())
    assert card.max_points == D(100)
    assert {g.group: g.points for g in card.groups} == {
        keys.PUBLICITY: D("1.88"),
        keys.PROGRESS: D("18.00"),
        keys.ONLINE: D("13.33"),
        keys.DIGITISATION: D("7.50"),
        keys.SATISFACTION: D("16.90"),
    }
    assert {g.group: g.max_points for g in card.groups} == {
        keys.PUBLICITY: 18,
        keys.PROGRESS: 20,
        keys.ONLINE: 22,
        keys.DIGITISATION: 22,
        keys.SATISFACTION: 18,
    }
    assert card.points == D("57.61")
    assert card.unmeasured_points == D(30)


def test_total_refuses_a_missing_or_repeated_item():
    items = _march_example()
    with pytest.raises(ValueError, match="missing"):
        f.total_score(items[1:])
    with pytest.raises(ValueError, match="twice"):
        f.total_score([*items, items[0]])


def test_scoring_arithmetic():
    assert rate(0, 0) is None
    assert rate(1, 3) == D("0.3333")
    with pytest.raises(ValueError, match="exceeds"):
        rate(4, 3)
    assert points_for(None, D(6), D("0.5")) == 0
    assert points_for(D("0.5"), D(6), D("0.5")) == D("6.00")
    assert points_for(D("0.25"), D(6), D("0.5")) == D("3.00")


def test_wilson_interval():
    assert wilson_interval(0, 0) is None
    assert wilson_interval(45, 50) == (D("0.7864"), D("0.9565"))
    low, high = wilson_interval(3, 3)
    assert (low, high) == (D("0.4385"), D("1.0000"))  # 3 of 3 is not "100%, surely"
    low, high = wilson_interval(0, 5)
    assert low == 0
    assert high > 0


def test_items_are_scored_by_the_rule_in_force_on_the_periods_end():
    with pytest.raises(RuleNotFound):
        score_item(keys.ON_TIME, 1, 1, dt.date(2022, 6, 22))  # before the Decision
    assert score_item(keys.ON_TIME, 1, 1, dt.date(2022, 6, 23)).max_points == 20
