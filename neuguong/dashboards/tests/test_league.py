"""Fair league tables: the worked example of docs/indicators.md."""

import datetime as dt
from decimal import Decimal as D

import pytest

from neuguong.dashboards.indicators.league import league_table

pytestmark = pytest.mark.django_db

END = dt.date(2026, 3, 31)
UNITS = [("A", 180, 200), ("B", 38, 40), ("C", 3, 3), ("D", 27, 30), ("E", 9, 10)]


def test_worked_example_league_table():
    table = league_table(UNITS, END)  # minimum sample 30 and z 1.96 from the rulebook
    assert [(r.unit, r.rank) for r in table] == [
        ("B", 1),
        ("A", 2),
        ("D", 2),
        ("E", None),
        ("C", None),
    ]
    by_unit = {r.unit: r for r in table}
    assert by_unit["B"].ratio == D("0.9500")
    assert by_unit["B"].interval == (D("0.8350"), D("0.9862"))
    assert by_unit["C"].ratio == D("1.0000")
    assert by_unit["C"].interval == (D("0.4385"), D("1.0000"))
    assert not by_unit["C"].ranked  # 100% on 3 dossiers does not top the table


def test_ranked_on_a_score_with_the_rate_shown():
    table = league_table([("A", 180, 200, D("57.61")), ("B", 38, 40, D("70.00"))], END)
    assert [(r.unit, r.rank, r.ratio) for r in table] == [
        ("B", 1, D("0.9500")),
        ("A", 2, D("0.9000")),
    ]


def test_minimum_can_be_given_and_empty_units_are_never_ranked():
    table = league_table([("A", 0, 0), ("B", 1, 2)], END, minimum=1)
    assert [(r.unit, r.rank) for r in table] == [("B", 1), ("A", None)]
    assert table[1].ratio is None
    assert table[1].interval is None
