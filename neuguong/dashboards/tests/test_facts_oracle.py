"""The dashboard read from the daily facts gives exactly the counts of the record-based computation (the
oracle, `tests/oracle.py`) for every agency, commune and the province, on a varied month."""

import dataclasses

import pytest

from neuguong.dashboards import selectors
from neuguong.dashboards.selectors import Period
from neuguong.dashboards.tests import oracle
from neuguong.dashboards.tests.facts_story import story
from neuguong.dashboards.tests.helpers import facts_current
from neuguong.onestop.models import Dossier

pytestmark = pytest.mark.django_db


def _periods():
    import datetime as dt

    return [
        Period.month(2025, 10),
        Period.month(2025, 11),
        Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        Period(dt.date(2025, 10, 1), dt.date(2025, 11, 30)),
        Period.month(2025, 9),  # nothing in it
    ]


def _key(score):
    return (type(score.unit).__name__, getattr(score.unit, "pk", None))


def _same(facts, records, where):
    assert dataclasses.asdict(facts.counts) == dataclasses.asdict(records.counts), where
    assert facts.card == records.card, where  # every item, its counts and points


@pytest.fixture
def month(world):
    d = story(world)
    # Electronic results: no service issues a result file yet (the seed and imports do).
    for dossier in (d.linked, d.paid_online):
        Dossier.objects.filter(pk=dossier.pk).update(result_file="results/2025/10/kq.pdf")
    facts_current()  # the result files were written around the services
    return world


@pytest.mark.parametrize("who", ["inspector", "head", "public"])
def test_the_facts_give_the_records_counts_for_every_unit(month, who):
    user = None if who == "public" else getattr(month, who)
    measured = 0
    for period in _periods():
        facts = selectors.province_dashboard(period, user)
        records = oracle.province_dashboard(period, user)
        _same(facts.province, records.province, (period, "province"))
        for mine, theirs in (
            (facts.agencies, records.agencies),
            (facts.communes, records.communes),
        ):
            assert [_key(s) for s in mine] == [_key(s) for s in theirs]
            for a, b in zip(mine, theirs, strict=True):
                _same(a, b, (period, a.unit))
        measured += facts.province.counts.ended
    assert measured > 0


def test_the_month_exercises_every_count(month):
    """The dataset is varied enough for the comparison to mean something."""
    board = selectors.province_dashboard(Period.month(2025, 10), month.inspector)
    c = board.province.counts
    for name in (
        "received_online",
        "paid_online",
        "digitised",
        "e_results",
        "complained",
        "online_procedures_used",
        "fee_procedures",
        "paid_procedures",
    ):
        assert getattr(c, name) >= 1, name
    assert (c.late, c.with_fee, c.completed) >= (3, 2, 3)
    assert c.processing_days
    by_agency = {s.unit.pk: s.counts for s in board.agencies}
    assert by_agency[month.department.pk].late == 1  # another agency's late step
    november = selectors.province_dashboard(Period.month(2025, 11), month.inspector)
    commune_b = next(s for s in november.communes if s.unit == month.commune_b)
    assert commune_b.counts.ended == 1  # a step in another commune


def test_a_period_of_part_of_a_month_is_refused(world):
    import datetime as dt

    from neuguong.core.validation import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        selectors.province_dashboard(Period(dt.date(2025, 10, 2), dt.date(2025, 10, 31)), None)
    assert exc.value.code == "period_not_whole_months"
    assert Period(dt.date(2025, 12, 1), dt.date(2026, 11, 30)).whole_months
    assert not Period(dt.date(2025, 10, 1), dt.date(2025, 10, 30)).whole_months
