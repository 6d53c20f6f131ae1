"""Every figure drills down to records that add up to it (issue 10 §3): for each measured item, and for
every agency, every commune and the province of a varied dataset, the records listed by
`drilldown.figure_records` give the dashboard's n and numerator."""

from decimal import Decimal

import pytest

from neuguong.dashboards.drilldown import SPECS, figure_records, summarise
from neuguong.dashboards.selectors import province_dashboard
from neuguong.dashboards.tests import drilldown_data
from neuguong.dashboards.tests.helpers import MARCH
from neuguong.org.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(world):
    return drilldown_data.build(world)


def _result(score, key):
    return next(i for g in score.card.groups for i in g.items if i.key == key)


def _subjects(board):
    for score in board.agencies:
        yield {"agency": score.unit}, score
    for score in board.communes:
        yield {"unit": score.unit}, score
    yield {}, board.province


def _expected(code, score, result):
    """(n, numerator) as the dashboard has them; 5.4 as (ended, late, complained)."""
    if code == "5.4":
        ended = result.denominator
        return ended, score.counts.late, min(score.counts.complained, ended)
    if code == "2.2":  # Σ working days, stored to 2 places (SQLite sums decimals as floats)
        return result.denominator, Decimal(result.numerator).quantize(Decimal("0.01"))
    return result.denominator, result.numerator


def _listed(code, summary):
    if code == "5.4":
        return summary.n, summary.late, summary.complained
    return summary.n, summary.numerator


@pytest.mark.parametrize("persona", ["inspector", "head", "other_user"])
def test_the_records_add_up_to_every_figure(varied, persona):
    user = getattr(varied, persona)
    board = province_dashboard(MARCH, user)
    checked = 0
    for subject, score in _subjects(board):
        for code, spec in SPECS.items():
            result = _result(score, spec.key)
            records = figure_records(code, MARCH, user, **subject)
            summary = summarise(code, records)
            where = (code, str(subject.get("agency") or subject.get("unit") or "province"))
            assert _listed(code, summary) == _expected(code, score, result), where
            rows = list(records)  # the page lists what the summary counts
            assert len(rows) == summary.n, where
            assert sum(r.counted for r in rows) == summary.counted, where
            checked += 1
    assert checked == len(SPECS) * (len(board.agencies) + len(board.communes) + 1)


def test_the_records_add_up_with_an_online_dossier_of_another_level(varied):
    """3.2 counts only the procedures of the unit's level (a commune's online dossier for a provincial
    procedure is not the commune's): the lists still add up to every figure."""
    drilldown_data.add_cross_level(varied)
    for persona in ("inspector", "head", "other_user"):
        test_the_records_add_up_to_every_figure(varied, persona)


def test_the_dataset_puts_records_on_both_sides_of_every_item(varied):
    """Not a vacuous check: at the province, every item has records in and out of its numerator."""
    for code in SPECS:
        summary = summarise(code, figure_records(code, MARCH, varied.inspector))
        if code == "2.2":
            assert summary.n, code
            assert summary.days, code
        elif code == "5.4":
            assert summary.late, code
            assert summary.complained, code
            assert summary.n > summary.late, code
        else:
            assert 0 < summary.counted < summary.n, (code, summary)


def test_each_agency_answers_for_its_own_steps(varied):
    a, b, dept = varied.agency_a, varied.agency_b, varied.department
    user = varied.inspector
    in_dept = {d.code: d for d in figure_records("2.1", MARCH, user, agency=dept)}
    linked = [d for d in in_dept.values() if d.handling_agency_id == a.pk]
    assert len(linked) == 1
    assert linked[0].counted is False  # late at the department's step
    assert linked[0].fault_name == dept.name
    in_a = {d.code: d for d in figure_records("2.1", MARCH, user, agency=a)}
    assert in_a[linked[0].code].counted is True  # on time for commune A's committee
    # The apology's agency answers for the delay it asked for.
    in_b = list(figure_records("2.1", MARCH, user, agency=b))
    apologised = [d for d in in_b if d.handling_agency_id == a.pk]
    assert [d.counted for d in apologised] == [False]


def test_a_user_of_another_province_sees_only_its_own(varied):
    mine = figure_records("3.3", MARCH, varied.other_user)
    assert {d.handling_agency_id for d in mine} == {varied.other_agency.pk}
    theirs = figure_records("3.3", MARCH, varied.head)
    assert varied.other_agency.pk not in {d.handling_agency_id for d in theirs}
    assert Agency.objects.filter(province_code="12").exists()


def test_the_average_processing_time_is_the_sum_of_the_listed_days(varied):
    summary = summarise("2.2", figure_records("2.2", MARCH, varied.inspector))
    rows = list(figure_records("2.2", MARCH, varied.inspector))
    assert summary.days == sum((r.processing_days or Decimal(0) for r in rows), Decimal(0))
