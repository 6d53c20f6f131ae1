from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings

from neuguong.core.bench import Result, benchmark, best_ms


def _client_for(username: str) -> Client | None:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client


@benchmark("web: one-stop queue page (reception)")
def queue_page() -> Result:
    client = _client_for("reception") or Client()
    n = 50
    with override_settings(ROOT_URLCONF="neuguong.core.bench_urls"):
        page = best_ms(lambda: [client.get("/onestop/") for _ in range(n)], n)
        bare = best_ms(lambda: [client.get("/_bench/bare/") for _ in range(n)], n)
    return Result(
        "web: one-stop queue page (reception)", page, "bare Django view, same middleware", bare, n
    )


@benchmark("api: dossier list, 50 rows (inspector)")
def dossier_list() -> Result:
    client = _client_for("inspector") or Client()
    n = 30
    api = best_ms(lambda: [client.get("/api/v1/dossiers?limit=50") for _ in range(n)], n)

    def raw():
        with connection.cursor() as cursor:
            for _ in range(n):
                cursor.execute("SELECT * FROM onestop_dossier ORDER BY id DESC LIMIT 50")
                cursor.fetchall()

    limit = best_ms(raw, n)
    return Result(
        "api: dossier list, 50 rows (inspector)", api, "one raw SELECT of 50 rows", limit, n
    )


def _bench_actor(agency):
    """An administrator who heads `agency` today, made inside the benchmark's rolled-back transaction."""
    import datetime as dt

    from neuguong.org.constants import PositionTitle
    from neuguong.org.models import Membership, Person, Term

    user = get_user_model().objects.create(username="bench-actor")
    person = Person.objects.create(full_name="Bench actor", user=user)
    Membership.objects.create(user=user, role="admin")
    Term.objects.create(
        person=person, agency=agency, title=PositionTitle.HEAD, started_on=dt.date(2000, 1, 1)
    )
    return user


def _one_dossier(services, actor, procedure, desk, applicant):
    dossier = services.dossier_receive(
        actor=actor, receiving_agency=desk, procedure=procedure, applicant=applicant
    )
    services.dossier_start(dossier, actor=actor)
    while dossier.state == "processing":
        services.dossier_complete_step(dossier, actor=actor)
    services.dossier_return(dossier, actor=actor)


@benchmark("services: one dossier, receive to return")
def dossier_workflow() -> Result:
    """The whole workflow of one dossier through the services (every action locked, checked,
    transition row, audit event, notifications), against raw INSERTs of the rows it wrote."""
    from django.db import transaction

    from neuguong.core.audit.models import AuditChainHead, AuditEvent
    from neuguong.core.outbox.models import OutboxMessage
    from neuguong.onestop import services
    from neuguong.onestop.models import Dossier, DossierStep, DossierTransition, Procedure
    from neuguong.org.models import Agency

    name = "services: one dossier, receive to return"
    procedure = (
        Procedure.objects.filter(is_active=True, steps__isnull=False, level="commune")
        .order_by("pk")
        .first()
    )
    desk = Agency.objects.filter(kind="onestop_desk").order_by("pk").first()
    if procedure is None or desk is None:
        return Result(name, 0.0, "raw INSERTs of the same rows", 0.0, 0, "needs the demo data")
    handling = services.intake.default_handling_agency(procedure, desk)
    actor = _bench_actor(handling)
    n = 20
    models = (Dossier, DossierStep, DossierTransition, AuditEvent, AuditChainHead, OutboxMessage)
    floors = {
        m: (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) for m in models
    }
    rows: dict = {}

    def run():
        sid = transaction.savepoint()
        for i in range(n):
            applicant = services.ApplicantData(
                name=f"Bench {i}", id_number=f"{i:012d}", phone="0912345678"
            )
            _one_dossier(services, actor, procedure, desk, applicant)
        for model in models:
            columns = [f.column for f in model._meta.concrete_fields]
            rows[model] = (
                columns,
                list(
                    model.objects.filter(pk__gt=floors[model]).values_list(
                        *[f.attname for f in model._meta.concrete_fields]
                    )
                ),
            )
        transaction.savepoint_rollback(sid)

    per_dossier = best_ms(run, n)

    def raw():
        sid = transaction.savepoint()
        with connection.cursor() as cursor:
            for model in models:
                columns, values = rows[model]
                if not values:
                    continue
                fields = model._meta.concrete_fields
                prepared = [
                    [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
                    for row in values
                ]
                qn = connection.ops.quote_name
                sql = (
                    f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(map(qn, columns))}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))})"
                )
                cursor.executemany(sql, prepared)
        transaction.savepoint_rollback(sid)

    limit = best_ms(raw, n)
    written = sum(len(values) for _, values in rows.values())
    return Result(
        name,
        per_dossier,
        "raw INSERTs of the same rows",
        limit,
        n,
        f"{written / n:.0f} rows per dossier",
    )


@benchmark("seed: one dossier of history in bulk")
def seed_dossier() -> Result:
    """`neuguong seed`'s whole cost per dossier (story, rows, audit chain hashed, written), against
    raw executemany of the same rows, already as tuples, in the same run."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from neuguong.core.audit.models import AuditChainHead, AuditEvent
    from neuguong.dashboards.models import DailyFact, MonthlyFact, ProcedureMonthFact
    from neuguong.onestop.models import Dossier, DossierStep, DossierTransition
    from neuguong.onestop.seed import run
    from neuguong.onestop.seed.plan import Plan, allocate, working_days
    from neuguong.onestop.seed.world import SERVICE_CENTRE, load_world
    from neuguong.onestop.seed.writer import BatchWriter
    from neuguong.org.models import Agency

    name = "seed: one dossier of history in bulk"
    if not Agency.objects.filter(identifier_code=SERVICE_CENTRE).exists():
        return Result(name, 0.0, "raw executemany of the same rows", 0.0, 0, "needs the demo data")
    world = load_world()
    n = 500
    # Days after today (rolled back): their codes are free, and no digest has sealed them.
    now = timezone.now() + dt.timedelta(days=90)
    days = working_days(timezone.localdate(now) - dt.timedelta(days=60), timezone.localdate(now))
    plan = Plan(
        now=now, seed=1, wanted=n, existing=0, days=days, counts=allocate(n, [1] * len(days))
    )
    plan.commune_weights = [1.0] * len(world.communes)
    # The fact rows too (days after today: new rows, as the raw INSERTs write them).
    models = (
        Dossier,
        DossierStep,
        DossierTransition,
        AuditEvent,
        AuditChainHead,
        DailyFact,
        MonthlyFact,
        ProcedureMonthFact,
    )
    floors = {
        m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in models
    }
    rows: dict = {}

    def bulk(keep: bool = False):
        sid = transaction.savepoint()
        writer = BatchWriter()
        for batch in plan.batches(n, world.max_steps()):
            run.write_one(world, plan, batch, writer)
        if keep:  # the rows it wrote, as the backend takes them, for the raw baseline
            for model in models:
                fields = model._meta.concrete_fields
                values = model.objects.filter(pk__gt=floors[model]).values_list(
                    *[f.attname for f in fields]
                )
                rows[model] = [
                    tuple(
                        f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)
                    )
                    for row in values
                ]
        transaction.savepoint_rollback(sid)

    per_dossier = best_ms(bulk, n)
    bulk(keep=True)

    def raw():
        sid = transaction.savepoint()
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, values in rows.items():
                columns = [qn(f.column) for f in model._meta.concrete_fields]
                sql = (
                    f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))})"
                )
                cursor.executemany(sql, values)
        transaction.savepoint_rollback(sid)

    limit = best_ms(raw, n)
    written = sum(len(values) for values in rows.values())
    return Result(
        name,
        per_dossier,
        "raw executemany of the same rows",
        limit,
        n,
        f"{written / n:.0f} rows per dossier, {written / per_dossier:.0f} rows/ms in bulk",
    )
