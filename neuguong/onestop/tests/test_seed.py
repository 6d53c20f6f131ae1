"""`neuguong seed`: bulk history that the audit log, the deadlines and the services all accept."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction

from neuguong.core.audit.models import AuditEvent
from neuguong.core.audit.verify import verify
from neuguong.core.errors import DomainError
from neuguong.core.roles import Role
from neuguong.onestop import services
from neuguong.onestop.constants import ActorKind, DossierState
from neuguong.onestop.models import (
    Apology,
    DailySequence,
    Dossier,
    DossierPause,
    DossierStep,
    DossierTransition,
    Rating,
)
from neuguong.onestop.seed import AlreadyDone, run, seed
from neuguong.onestop.seed.replay import Replayer
from neuguong.onestop.services import deadlines
from neuguong.onestop.tests import seed_world

pytestmark = [pytest.mark.django_db]
demo_world = seed_world.demo_world

# A fixed clock: the same history whatever day the suite runs.
NOW = dt.datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
COUNT = 200


def _seed(world, dossiers=COUNT, **kwargs):
    return seed(dossiers=dossiers, world=world, now=NOW, **kwargs)


def _dump():
    """Everything the seed decides, ids included, and every audit hash of the dossiers' chains."""
    ct = ContentType.objects.get_for_model(Dossier)
    return {
        "dossiers": list(
            Dossier.objects.order_by("pk").values_list(
                "pk", "code", "state", "channel", "appointment_at", "version", "applicant_name"
            )
        ),
        "steps": list(
            DossierStep.objects.order_by("pk").values_list(
                "pk", "dossier_id", "order", "due_at", "completed_at", "result"
            )
        ),
        "sequences": list(
            DailySequence.objects.order_by("agency_id", "day").values_list(
                "agency_id", "day", "last_number"
            )
        ),
        "events": list(
            AuditEvent.objects.filter(content_type=ct)
            .order_by("object_id", "seq")
            .values_list("object_id", "seq", "hash")
        ),
    }


def _in_savepoint(work):
    """Run `work()` and return its result, leaving the database as it was."""
    with transaction.atomic():
        result = work()
        transaction.set_rollback(True)
    return result


def test_it_writes_history_that_audit_verify_passes(demo_world):
    report = _seed(demo_world)
    assert report.dossiers == Dossier.objects.count() == COUNT
    assert report.digests > 300  # every past day of the year is sealed
    result = verify()
    assert result.ok, result.problems[:5]
    assert result.records >= COUNT


def test_it_writes_one_chain_per_dossier_with_one_event_per_transition(demo_world):
    _seed(demo_world)
    ct = ContentType.objects.get_for_model(Dossier)
    for d in Dossier.objects.all()[:50]:
        transitions = list(
            DossierTransition.objects.filter(dossier=d).order_by("at", "id").values_list("action")
        )
        events = list(
            AuditEvent.objects.filter(content_type=ct, object_id=str(d.pk))
            .exclude(action="onestop.dossier.rated")
            .order_by("seq")
            .values_list("action", flat=True)
        )
        verbs = services.workflow.VERBS
        assert events == [f"onestop.dossier.{verbs[a]}" for (a,) in transitions]


def test_it_has_the_shape_of_a_year_at_the_desks(demo_world):
    _seed(demo_world, dossiers=1000)
    states = {s: Dossier.objects.filter(state=s).count() for s in DossierState.values}
    assert states[DossierState.RETURNED] > 700
    assert 0 < states[DossierState.PROCESSING] + states[DossierState.SUPPLEMENT_REQUESTED] < 150
    assert Dossier.objects.filter(supplement_count__gte=1).count() > 60
    assert DossierPause.objects.exists()
    assert Rating.objects.count() > 200
    assert Apology.objects.exists()
    channels = {c: Dossier.objects.filter(channel=c).count() for c in (1, 2, 3)}
    assert channels[1] > channels[2] > channels[3] > 0
    first = Dossier.objects.order_by("submitted_at").first().submitted_at
    assert (NOW - first).days <= 366
    assert not Dossier.objects.filter(submitted_at__gt=NOW).exists()
    seeded = AuditEvent.objects.filter(action__startswith="onestop.dossier.")
    assert not seeded.filter(created_at__gt=NOW).exists()


def test_it_is_deterministic_for_a_seed(demo_world):
    first = _in_savepoint(lambda: (_seed(demo_world), _dump())[1])
    again = _in_savepoint(lambda: (_seed(demo_world), _dump())[1])
    other = _in_savepoint(lambda: (_seed(demo_world, seed=2), _dump())[1])
    assert first == again
    assert first["events"]
    assert first["dossiers"] != other["dossiers"]


def test_its_codes_follow_the_daily_sequences(demo_world):
    _seed(demo_world)
    for seq in DailySequence.objects.select_related("agency"):
        prefix = f"{seq.agency.identifier_code}-{seq.day:%y%m%d}-"
        codes = sorted(
            Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        )
        assert codes == [f"{prefix}{n:04d}" for n in range(1, seq.last_number + 1)]
    # The next intake at a desk that day continues the numbering.
    seq = DailySequence.objects.select_related("agency").first()
    with transaction.atomic():
        code = services.dossier_next_code(seq.agency, seq.day)
    assert code.endswith(f"-{seq.last_number + 1:04d}")


def test_a_seeded_dossier_has_the_dates_the_deadlines_give(demo_world):
    _seed(demo_world)
    checked = 0
    for d in Dossier.objects.filter(received_at__isnull=False).select_related("procedure"):
        steps = list(d.steps.order_by("order"))
        pauses = list(d.pauses.order_by("started_at"))
        appointment = deadlines.appointment_for(d.procedure, d.received_at)
        for pause in pauses:
            if pause.ended_at:
                appointment = deadlines.add_hours(
                    appointment, deadlines.hours_between(pause.started_at, pause.ended_at)
                )
        assert d.original_appointment_at == appointment
        if not pauses and not d.rescheduled:
            assert d.appointment_at == appointment
            dues = deadlines.step_dues(
                [s.hours for s in steps], d.received_at, d.procedure.cutoff_time
            )
            assert [s.due_at for s in steps] == dues
            checked += 1
        for s in steps:
            if s.completed_at:
                assert s.result == deadlines.judge(s.due_at, s.completed_at)
    assert checked > COUNT / 2


def test_an_interrupted_run_leaves_whole_dossiers_and_continues(demo_world, monkeypatch):
    uninterrupted = _in_savepoint(lambda: (_seed(demo_world, batch=50), _dump())[1])
    calls = []
    real = run.write_chains

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the second batch: its rows are written, its chains not yet
            raise RuntimeError("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "write_chains", failing)
    with pytest.raises(RuntimeError, match="killed"):
        _seed(demo_world, batch=50)
    written = Dossier.objects.count()
    assert 0 < written < COUNT
    ct = ContentType.objects.get_for_model(Dossier)
    for d in Dossier.objects.all():
        events = AuditEvent.objects.filter(content_type=ct, object_id=str(d.pk)).count()
        rated = Rating.objects.filter(dossier=d).count()
        assert events == d.transitions.count() + rated > 0
        assert d.state == DossierState.NEW or d.steps.exists()
    assert not DossierStep.objects.exclude(dossier__in=Dossier.objects.all()).exists()
    assert verify().ok

    monkeypatch.setattr(run, "write_chains", real)
    report = _seed(demo_world, batch=50)
    assert report.dossiers == COUNT - written
    assert verify().ok
    # The days written first are the same; the rest, as an uninterrupted run wrote them (its ids
    # aside: the continuation numbers its rows after the first part).
    resumed = _dump()
    assert {c for _pk, c, *_ in resumed["dossiers"]} == {
        c for _pk, c, *_ in uninterrupted["dossiers"]
    }
    assert resumed["sequences"] == uninterrupted["sequences"]


def test_a_second_run_adds_nothing_and_a_foreign_database_is_refused(demo_world):
    _seed(demo_world, dossiers=100)
    with pytest.raises(AlreadyDone):
        _seed(demo_world, dossiers=100)
    with pytest.raises(DomainError) as refused:
        _seed(demo_world, dossiers=300)
    assert refused.value.code == "seed_foreign"


def test_the_services_act_on_a_seeded_dossier_and_verify_still_passes(demo_world):
    _seed(demo_world, dossiers=1000)
    dossier = (
        Dossier.objects.filter(
            state=DossierState.PROCESSING,
            current_step__actor_kind__in=(ActorKind.PROCESS, ActorKind.HANDOVER),
        )
        .select_related("current_step")
        .order_by("-received_at")
        .first()
    )
    assert dossier is not None
    step = dossier.current_step
    actor = get_user_model().objects.get(pk=demo_world.staff[(step.agency_id, Role.SPECIALIST)].pk)
    events = AuditEvent.objects.filter(object_id=str(dossier.pk)).count()
    services.dossier_complete_step(dossier, actor=actor, note="Đã thẩm định")
    dossier.refresh_from_db()
    assert dossier.current_step.order == step.order + 1
    assert dossier.steps.get(order=step.order).handed_over_by == actor
    assert AuditEvent.objects.filter(object_id=str(dossier.pk)).count() == events + 1
    result = verify()
    assert result.ok, result.problems[:5]


# ---- the bulk path writes what the services write ---------------------------------------------

_DOSSIER_SKIP = {"id", "code", "created_at", "updated_at", "search_text", "current_step"}


def _row(obj, skip=()):
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.name not in skip and f.attname not in skip
    }


def _no_code(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "code"}


def _everything(d: Dossier) -> dict:
    """A dossier and all its rows and audit events, without what differs by construction: ids,
    the code's number (the services number after the bulk rows of the same day), row times and
    the audit events' own times (log_action stamps the moment of writing)."""
    ct = ContentType.objects.get_for_model(Dossier)
    steps = list(d.steps.order_by("order"))
    events = []
    for e in AuditEvent.objects.filter(content_type=ct, object_id=str(d.pk)).order_by("seq"):
        events.append((e.seq, e.action, e.actor_id, e.actor_label, _no_code(e.data), e.state))
    apology = Apology.objects.filter(dossier=d).first()
    rating = Rating.objects.filter(dossier=d).first()
    return {
        "dossier": _row(d, _DOSSIER_SKIP),
        "current_step": d.current_step.order if d.current_step_id else None,
        "steps": [_row(s, {"id", "dossier"}) for s in steps],
        "transitions": [
            (t.action, t.from_state, t.to_state, t.actor_id, t.at, t.note, _no_code(t.data))
            for t in d.transitions.order_by("at", "id")
        ],
        "pauses": [(p.started_at, p.ended_at, p.reason) for p in d.pauses.order_by("started_at")],
        "apology": apology
        and {**_row(apology, {"id", "dossier", "step"}), "step": apology.step.order},
        "rating": rating and (rating.value, rating.reasons, rating.comment, rating.created_at),
        "events": events,
    }


def test_the_bulk_path_writes_what_the_services_write(demo_world):
    """The same stories, written in bulk and played through the real services, give the same
    rows and the same audit snapshots: the generator cannot drift from the services unseen."""
    from neuguong.core.audit.bulk import write_batch as write_chains
    from neuguong.onestop.seed.plan import make_plan
    from neuguong.onestop.seed.writer import BatchWriter

    plan = make_plan(demo_world, dossiers=2000, years=1, seed=5, now=NOW)
    # A few busy weeks: supplements, payments, apologies, ratings and dossiers still in progress.
    batch = plan.batches(200, demo_world.max_steps())[-2]
    sims, sequences = run.generate(demo_world, plan, batch.days, batch.ids())
    writer = BatchWriter()
    with transaction.atomic():
        writer.write(writer.rows(sims, sequences))
        write_chains(*run.hash_chains(sims))
    replayer = Replayer()
    kinds = set()
    for sim in sims:
        bulk = Dossier.objects.get(pk=sim.id)
        live = replayer.play(sim)
        live.refresh_from_db()
        expected, made = _everything(live), _everything(bulk)
        for part, value in expected.items():
            assert made[part] == value, (sim.code, part)
        kinds.update(action for action, *_ in sim.script)
    # The stories covered every kind of action the generator makes.
    assert {"dossier_request_supplement", "dossier_request_payment", "apology_draft"} <= kinds
    assert {"dossier_submit_online", "dossier_rate", "dossier_return"} <= kinds
    assert verify().ok


def test_the_command_seeds_and_then_has_nothing_to_add(demo_world, monkeypatch):
    from io import StringIO

    monkeypatch.setattr(run, "prepare", lambda stdout=None: demo_world)
    out = StringIO()
    call_command("seed", dossiers=60, stdout=out)
    assert "60" in out.getvalue()
    assert Dossier.objects.count() == 60
    out = StringIO()
    call_command("seed", dossiers=60, stdout=out)
    assert Dossier.objects.count() == 60
    assert "60" in out.getvalue()
