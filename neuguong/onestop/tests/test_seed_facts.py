"""`neuguong seed` writes the indicators' facts: each dossier's working days, agency at fault and
contribution, and the daily and monthly fact tables, equal to a recomputation from the records
(`dashboards.facts_records.verify`), batch by batch and across runs; then it ANALYZEs."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from neuguong.dashboards import facts as daily
from neuguong.dashboards.facts_records import facts_of, verify
from neuguong.dashboards.models import DailyFact, MonthlyFact, ProcedureMonthFact
from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier
from neuguong.onestop.seed import run, seed
from neuguong.onestop.tests import seed_world

pytestmark = [pytest.mark.django_db]
demo_world = seed_world.demo_world

NOW = dt.datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _seed(world, dossiers, **kwargs):
    return seed(dossiers=dossiers, world=world, now=NOW, **kwargs)


def _tables() -> tuple[dict, dict]:
    """The fact tables as {key: {count: value}}, without the zero counts."""

    def nonzero(row: dict, names) -> dict:
        return {n: row[n] for n in names if row[n]}

    days = {
        (r["agency_id"], r["day"]): nonzero(r, daily.DAY_COUNTS)
        for r in DailyFact.objects.values("agency_id", "day", *daily.DAY_COUNTS)
    }
    procedures = {
        (r["agency_id"], r["procedure_id"], r["month"]): nonzero(r, daily.PROCEDURE_COUNTS)
        for r in ProcedureMonthFact.objects.values(
            "agency_id", "procedure_id", "month", *daily.PROCEDURE_COUNTS
        )
    }
    return days, procedures


def _sum_of_stored() -> tuple[dict, dict]:
    """totals() over the contributions stored on the dossiers."""
    return daily.totals(Dossier.objects.values_list("facts", flat=True))


def _months() -> dict:
    """The monthly facts as {(agency, month): {count: value}}, without the zero counts."""
    return {
        (r["agency_id"], r["month"]): {n: r[n] for n in daily.DAY_COUNTS if r[n]}
        for r in MonthlyFact.objects.values("agency_id", "month", *daily.DAY_COUNTS)
    }


def _assert_facts_current() -> None:
    differences = verify()  # the daily, monthly and procedure rows, and the dossiers
    assert differences == [], differences[:5]
    assert _tables() == _sum_of_stored()
    days = _sum_of_stored()[0]
    assert _months() == {
        key: {n: v for n, v in counts.items() if v} for key, counts in daily.months(days).items()
    }
    assert MonthlyFact.objects.count() < DailyFact.objects.count()


def test_the_facts_equal_a_recomputation_from_the_records(demo_world):
    report = _seed(demo_world, 1000, batch=100)  # many batches add to the same days
    assert report.dossiers == 1000
    _assert_facts_current()
    days, procedures = _tables()
    total = {name: sum(c.get(name, 0) for c in days.values()) for name in daily.DAY_COUNTS}
    received = Dossier.objects.filter(received_at__isnull=False)
    assert total["received"] == received.count() > 900
    assert total["ended"] == received.filter(processing_ended_at__isnull=False).count()
    assert total["late"] == Dossier.objects.filter(late_agency__isnull=False).count() > 0
    # The story's shape reaches every kind of count the seed can make.
    for name in daily.DAY_COUNTS:
        if name not in ("digitised", "e_results"):  # no documents, no result files in bulk
            assert total[name] > 0, name
    assert procedures
    # A generated dossier's facts are what the records give (each of a sample, one by one).
    for d in list(received.order_by("pk"))[::25]:
        assert d.facts == daily.contribution(facts_of(d))


def test_every_ended_dossier_has_its_working_days_and_every_late_one_its_agency(demo_world):
    _seed(demo_world, 600)
    ended = Dossier.objects.filter(received_at__isnull=False, processing_ended_at__isnull=False)
    assert ended.count() > 500
    assert not ended.filter(processing_days__isnull=True).exists()
    assert not Dossier.objects.filter(
        processing_ended_at__isnull=True, processing_days__isnull=False
    ).exists()
    assert ended.filter(processing_days__gt=Decimal(0)).exists()
    late = [d for d in ended.select_related("procedure") if d.facts["d"] and _is_late(d)]
    assert late
    assert all(d.late_agency_id is not None for d in late)
    assert Dossier.objects.filter(late_agency__isnull=False).count() == len(late)
    # Some are attributed to an agency other than the handling one (a late step elsewhere).
    assert any(d.late_agency_id != d.handling_agency_id for d in late) or len(late) < 5
    # Not received (refused at intake): no contribution at all.
    refused = Dossier.objects.filter(state=DossierState.REFUSED, received_at__isnull=True)
    assert all(d.facts == {} and d.processing_days is None for d in refused)


def _is_late(d) -> bool:
    due = d.original_appointment_at or d.appointment_at
    return d.late_by_rule or (due is not None and d.processing_ended_at > due)


def test_an_interrupted_run_keeps_the_facts_of_its_whole_batches_and_the_next_adds_to_them(
    demo_world, monkeypatch
):
    calls = []
    real = run.write_chains

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # the third batch: its rows and facts written, its chains not yet
            raise RuntimeError("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "write_chains", failing)
    with pytest.raises(RuntimeError, match="killed"):
        _seed(demo_world, 400, batch=60)
    written = Dossier.objects.count()
    assert 0 < written < 400
    _assert_facts_current()  # the failed batch's facts rolled back with its dossiers

    monkeypatch.setattr(run, "write_chains", real)
    report = _seed(demo_world, 400, batch=60)
    assert report.dossiers == 400 - written
    _assert_facts_current()  # the second run added to the rows the first one wrote


def test_the_seed_ends_with_analyze(demo_world):
    _seed(demo_world, 200)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ANALYZE counts the rows of its own transaction: the table's estimate is exact.
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'onestop_dossier'")
            assert cursor.fetchone()[0] == Dossier.objects.count() == 200
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'onestop_dossier'")
            stats = [row[0] for row in cursor.fetchall()]
            assert stats
            assert all(s.split()[0] == "200" for s in stats)


def test_the_demo_s_bulk_and_live_dossiers_meet_in_the_same_facts(demo_world):
    """The demo writes most dossiers in bulk and some through the services (their hooks keep the
    facts): both kinds add to the same rows, and the tables still equal the records."""
    from neuguong.onestop import demo

    demo.load(dossiers=300, seed=4, live=30)
    assert Dossier.objects.count() == 300
    _assert_facts_current()
