"""The daily facts kept current by the services (issue 10 §7): incremental == rebuilt, refusals roll the
facts back, `verify()` finds a tampered row, `neuguong facts` exits 1 on a difference."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from neuguong.core.errors import DomainError
from neuguong.dashboards.facts import DAY_COUNTS, PROCEDURE_COUNTS, months
from neuguong.dashboards.facts_records import facts_of, rebuild, refresh, verify
from neuguong.dashboards.models import DailyFact, MonthlyFact, ProcedureMonthFact
from neuguong.dashboards.tests.facts_story import MONDAY, story
from neuguong.onestop import services as s
from neuguong.onestop.models import Dossier

pytestmark = pytest.mark.django_db


def _tables():
    """Both tables, without the rows whose counts all came back to zero."""
    days = {
        (r["agency_id"], r["day"]): {n: r[n] for n in DAY_COUNTS if r[n]}
        for r in DailyFact.objects.values("agency_id", "day", *DAY_COUNTS)
    }
    procedures = {
        (r["agency_id"], r["procedure_id"], r["month"]): {n: r[n] for n in PROCEDURE_COUNTS if r[n]}
        for r in ProcedureMonthFact.objects.values(
            "agency_id", "procedure_id", "month", *PROCEDURE_COUNTS
        )
    }
    return {k: v for k, v in days.items() if v}, {k: v for k, v in procedures.items() if v}


def _months():
    """The monthly facts, without the rows whose counts all came back to zero."""
    rows = {
        (r["agency_id"], r["month"]): {n: r[n] for n in DAY_COUNTS if r[n]}
        for r in MonthlyFact.objects.values("agency_id", "month", *DAY_COUNTS)
    }
    return {k: v for k, v in rows.items() if v}


def _months_of_days():
    """The daily facts summed by agency and month (`facts.months`), without the zero counts."""
    summed = months(
        {
            (r["agency_id"], r["day"]): {n: r[n] for n in DAY_COUNTS}
            for r in DailyFact.objects.values("agency_id", "day", *DAY_COUNTS)
        }
    )
    rows = {k: {n: v for n, v in c.items() if v} for k, c in summed.items()}
    return {k: v for k, v in rows.items() if v}


def _stored():
    return list(
        Dossier.objects.order_by("pk").values_list(
            "pk", "processing_days", "late_agency_id", "facts"
        )
    )


def test_the_services_keep_the_facts_current_after_every_call(world):
    checked = []

    def after(label):
        assert verify() == [], label
        checked.append(label)

    d = story(world, after)
    assert len(checked) > 50
    incremental, stored = _tables(), _stored()
    # The month rows the services moved are the sums of the day rows (October and November).
    incremental_months = _months()
    assert incremental_months == _months_of_days()
    assert {month for _, month in incremental_months} == {
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
    }
    result = rebuild()
    assert result.dossiers_changed == 0
    assert result.month_rows == MonthlyFact.objects.count() > 0
    assert _tables() == incremental
    assert _months() == incremental_months
    assert _stored() == stored
    # What the month adds up to, by hand.
    a, dept, b = world.agency_a.pk, world.department.pk, world.agency_b.pk
    days, procedures = incremental

    def total(agency, name, month=10):
        return sum(
            counts.get(name, 0)
            for (agency_id, day), counts in days.items()
            if agency_id == agency and day.month == month
        )

    assert total(a, "received") == 11  # every dossier but agency B's own
    # Ended: rated, linked, twice, paid online, withdrawn, stopped, apology (paid at the desk and the
    # online one are still processing). Late: the second supplement request, the apology's.
    assert (total(a, "ended"), total(a, "late")) == (7, 2)
    assert (total(dept, "step_ended"), total(dept, "late")) == (1, 1)  # its step overran
    assert (total(b, "received"), total(b, "ended")) == (1, 1)
    assert (total(a, "ended", 11), total(b, "step_ended", 11), total(b, "step_ended_unit", 11)) == (
        1,
        1,
        1,
    )
    assert total(a, "complained") == 1  # rated dissatisfied, and complained about: once
    assert (total(a, "with_fee"), total(a, "paid_online"), total(a, "digitised")) == (2, 1, 1)
    assert total(a, "received_online") == 1
    assert sum(c.get("received_online", 0) for c in procedures.values()) == 1
    d.linked.refresh_from_db()
    assert d.linked.late_agency_id == dept
    assert d.linked.processing_days > 0
    d.withdrawn.refresh_from_db()  # the wait was the applicant's: not late, and no working time lost
    assert (d.withdrawn.late_agency_id, d.withdrawn.processing_days) == (None, Decimal("0.00"))
    d.paid_desk.refresh_from_db()  # still processing
    assert (d.paid_desk.processing_days, d.paid_desk.late_agency_id) == (None, None)


def _fail_notifications(monkeypatch):
    def enqueue(**kwargs):
        raise DomainError("refused after the writes")

    monkeypatch.setattr("neuguong.core.outbox.enqueue", enqueue)


def test_a_refusal_rolls_the_facts_back_too(world, monkeypatch):
    from neuguong.dashboards.tests.facts_story import procedures
    from neuguong.onestop.tests.factories import applicant

    p = procedures(world)
    dossier = s.dossier_receive(
        actor=world.reception,
        receiving_agency=world.desk_a,
        procedure=p.plain,
        applicant=applicant(phone="0912345678"),
        handling_agency=world.agency_a,
        at=MONDAY,
    )
    s.dossier_start(dossier, actor=world.reception, at=MONDAY)
    before, stored = _tables(), _stored()
    # Ending processing moves the facts (ended, working days), then the result notification fails.
    _fail_notifications(monkeypatch)
    with pytest.raises(DomainError):
        s.dossier_complete_step(dossier, actor=world.head, at=MONDAY + dt.timedelta(hours=2))
    assert (_tables(), _stored()) == (before, stored)
    # A refused intake leaves no facts at all.
    with pytest.raises(DomainError):
        s.dossier_receive(
            actor=world.reception,
            receiving_agency=world.desk_a,
            procedure=p.plain,
            applicant=applicant(phone="0912345679"),
            handling_agency=world.agency_a,
            at=MONDAY,
        )
    assert (_tables(), _stored()) == (before, stored)
    monkeypatch.undo()
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY + dt.timedelta(hours=2))
    assert _tables() != before
    assert verify() == []


def test_refresh_is_a_few_queries_and_nothing_when_nothing_changed(
    world, django_assert_max_num_queries, django_assert_num_queries
):
    from neuguong.dashboards.tests.facts_story import procedures
    from neuguong.onestop.tests.factories import applicant

    p = procedures(world)
    dossier = s.dossier_receive(
        actor=world.reception,
        receiving_agency=world.desk_a,
        procedure=p.linked,
        applicant=applicant(),
        handling_agency=world.agency_a,
        at=MONDAY,
    )
    with django_assert_num_queries(1):  # the locked read: not ended, nothing moved
        refresh(dossier)
    s.dossier_start(dossier, actor=world.reception, at=MONDAY)
    s.dossier_finish(dossier, actor=world.head, at=MONDAY + dt.timedelta(hours=3))
    with django_assert_num_queries(2):  # the read and the work steps: nothing moved
        refresh(dossier)
    Dossier.objects.filter(pk=dossier.pk).update(facts={})  # as if nothing had been applied
    with django_assert_max_num_queries(2 + 4 * 3 + 1):  # + one upsert per agency-day, the row
        refresh(dossier)
    assert facts_of(dossier).ended_on == dt.date(2025, 10, 6)


def test_verify_finds_a_tampered_row_and_rebuild_repairs_it(world):
    story(world)
    assert verify() == []
    row = DailyFact.objects.filter(agency=world.agency_a, ended__gt=0).first()
    DailyFact.objects.filter(pk=row.pk).update(ended=row.ended + 5)
    some = Dossier.objects.exclude(facts={}).first()
    Dossier.objects.filter(pk=some.pk).update(processing_days=Decimal("99.00"))
    differences = verify()
    assert {(x.table, x.field) for x in differences} >= {
        ("daily", "ended"),
        ("dossier", "processing_days"),
    }
    tampered = next(x for x in differences if x.table == "daily")
    assert (tampered.key, tampered.stored, tampered.expected) == (
        (row.agency_id, row.day),
        row.ended + 5,
        row.ended,
    )
    rebuild()
    assert verify() == []


def test_verify_finds_a_tampered_month_row_and_rebuild_repairs_it(world):
    story(world)
    assert verify() == []
    row = MonthlyFact.objects.filter(agency=world.agency_a, late__gt=0).first()
    assert row is not None
    MonthlyFact.objects.filter(pk=row.pk).update(late=row.late + 1)
    MonthlyFact.objects.filter(agency=world.agency_b).delete()  # a month row lost
    differences = verify()
    assert [x for x in differences if x.table != "monthly"] == []  # the days are right
    tampered = next(x for x in differences if x.key == (row.agency_id, row.month))
    assert (tampered.field, tampered.stored, tampered.expected) == ("late", row.late + 1, row.late)
    lost = {x.key for x in differences if x.key[0] == world.agency_b.pk}
    assert lost
    assert all(x.stored == 0 for x in differences if x.key in lost)
    rebuild()
    assert verify() == []


def test_months_sums_days_into_their_month():
    a, b = 1, 2
    days: dict[tuple[int, dt.date], dict[str, Decimal | int]] = {
        (a, dt.date(2025, 10, 1)): {"received": 2, "processing_days": Decimal("1.50")},
        (a, dt.date(2025, 10, 31)): {"received": 1, "late": 1, "processing_days": Decimal("0.25")},
        (a, dt.date(2025, 11, 3)): {"ended": -1},
        (b, dt.date(2025, 10, 15)): {"received": 4},
    }
    assert months(days) == {
        (a, dt.date(2025, 10, 1)): {"received": 3, "late": 1, "processing_days": Decimal("1.75")},
        (a, dt.date(2025, 11, 1)): {"ended": -1},
        (b, dt.date(2025, 10, 1)): {"received": 4},
    }
    assert months({}) == {}


def test_the_command_exits_1_on_a_difference(world, capsys):
    story(world)
    call_command("facts", "--verify")
    out = capsys.readouterr().out
    assert "0" in out
    DailyFact.objects.filter(agency=world.agency_a).update(received=0)
    with pytest.raises(CommandError) as exc:
        call_command("facts", "--verify")
    assert exc.value.returncode == 1
    assert "MISMATCH" in str(exc.value)
    assert "daily" in capsys.readouterr().out
    call_command("facts", "--rebuild")
    call_command("facts", "--verify")


def test_the_data_migration_fills_the_facts_of_dossiers_that_predate_them(world):
    """onestop/0006 on the historical models: the dossiers of a database migrated before the facts
    existed get their working days, agency at fault and contributions, and the tables their rows."""
    import importlib
    from types import SimpleNamespace

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    story(world)
    expected, expected_months = (_tables(), _stored()), _months()
    Dossier.objects.update(facts={}, processing_days=None, late_agency=None)
    DailyFact.objects.all().delete()
    ProcedureMonthFact.objects.all().delete()
    MonthlyFact.objects.all().delete()  # dashboards/0004 creates it after onestop/0006
    assert verify()
    loader = MigrationLoader(connection)
    editor = SimpleNamespace(connection=connection)  # all the fills read of the schema editor
    migration = importlib.import_module("neuguong.onestop.migrations.0006_fill_daily_facts")
    state = loader.project_state(("onestop", "0006_fill_daily_facts"))
    assert "monthlyfact" not in state.apps.all_models["dashboards"]  # rebuild() without it
    migration.fill(state.apps, editor)
    assert (_tables(), _stored()) == expected
    assert not MonthlyFact.objects.exists()
    # dashboards/0004 then sums the days it filled into the months.
    monthly = importlib.import_module("neuguong.dashboards.migrations.0004_monthly_facts")
    monthly.fill(loader.project_state(("dashboards", "0004_monthly_facts")).apps, editor)
    assert _months() == expected_months
    assert verify() == []
