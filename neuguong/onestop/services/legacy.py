"""Writes to dossiers: one service per transition of constants.TRANSITIONS.

Every service:
- checks the transition table (state and role) and the actor's scope, and raises a DomainError that
  changes nothing when refused;
- runs in `transaction.atomic()`, re-reads the dossier with `select_for_update` (two officers clicking at
  once must not both move it), writes a DossierTransition row and the audit event (`log_action`), and
  queues the citizen's notifications in the outbox inside the same transaction (so they are sent only
  if the change commits);
- takes `at` (default now) so the demo generator replays history through the same code.

Deadlines are in working hours (8 = one working day) on the calendar of neuguong.core.calendar.clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.audit.hashing import jsonable
from neuguong.core.errors import DomainError, NotAllowed, TransitionNotAllowed
from neuguong.core.roles import Role
from neuguong.onestop import fastsql
from neuguong.onestop.constants import (
    TRANSITIONS,
    ActorKind,
    Channel,
    DossierState,
    PaymentState,
    StepResult,
)
from neuguong.onestop.models import (
    Apology,
    DailySequence,
    Dossier,
    DossierDocument,
    DossierPause,
    DossierStep,
    DossierTransition,
    validate_id_number,
)

# ---- messages (module constants: tests and views reuse them) -----------------------------------

TRANSITION_REFUSED = _("The action “%(action)s” is not allowed while the dossier is “%(state)s”.")
UNKNOWN_ACTION = _("Unknown action “%(action)s”.")
ROLE_REFUSED = _("Your role does not allow the action “%(action)s”.")
SCOPE_REFUSED = _("This dossier is outside your agencies.")
NOT_OWN_DOSSIER = _("Citizens may only act on their own dossiers.")
ID_NUMBER_REFUSED = _("A citizen ID number has exactly 12 digits.")
NAME_REQUIRED = _("The applicant's name is required.")
PROCEDURE_INACTIVE = _("This procedure is not active.")
NO_STEPS = _("This procedure has no process steps.")
NO_CURRENT_STEP = _("The dossier has no step in progress.")
SIGN_STEP_UNSIGNED = _("The result must be signed before the signing step is completed.")
SIGN_NOT_AUTHORISED = _(
    "You have no authority to sign this result (you are not the head and no delegation in force covers it)."
)
ALREADY_SIGNED = _("The result is already signed.")
NOT_A_PERSON = _("Your account is not linked to a person in the organisation registry.")
REASON_REQUIRED = _("A reason is required.")
AMOUNT_INVALID = _("The amount must be positive.")
APOLOGY_NOT_LATE = _("An apology is only drafted for a dossier that is or will be late.")
APOLOGY_ONCE = _("The dossier was already rescheduled once; a second apology is not allowed.")
APOLOGY_EXISTS = _("An apology letter is already drafted for this dossier.")
APOLOGY_MISSING = _("No apology letter has been drafted for this dossier.")
APOLOGY_BAD_DATE = _("The new appointment must be later than the current one.")
APOLOGY_OUTDATED = _(
    "The apology's new appointment is not later than the dossier's current appointment; it cannot be signed."
)
APOLOGY_SIGN_REFUSED = _(
    "Only the head of the agency at fault (or a delegate) may sign this apology."
)
UPLOAD_TYPE_REFUSED = _("This file type is not allowed (PDF, JPG, PNG, DOCX, XLSX only).")
UPLOAD_TOO_LARGE = _("The file is larger than 10 MB.")


# ---- the clock --------------------------------------------------------------------------------

from neuguong.core.calendar import clock as _clock  # noqa: E402


def _add_hours(start, hours, *, cutoff=None):
    return _clock.add_working_hours(start, Decimal(hours), cutoff=cutoff)


def _hours_between(start, end) -> Decimal:
    return Decimal(str(_clock.working_hours_between(start, end)))


def _now(at):
    return at or timezone.now()


# ---- the applicant and the actor --------------------------------------------------------------


@dataclass
class ApplicantData:
    name: str
    id_number: str
    phone: str = ""
    address: str = ""
    unit: object = None
    user: object = None

    def validate(self) -> None:
        if not (self.name or "").strip():
            raise DomainError(NAME_REQUIRED, code="name_required")
        try:
            validate_id_number(self.id_number)
        except Exception as exc:
            raise DomainError(ID_NUMBER_REFUSED, code="invalid_id_number") from exc


def _roles(actor) -> frozenset:
    """user_roles(actor), kept on the actor's scope (which org.access caches on the user object, so
    it lives exactly as long as the memberships it was computed from)."""
    from neuguong.org.access import scope_for, user_roles

    if actor is None:
        return frozenset()
    scope = scope_for(actor)
    roles = getattr(scope, "_onestop_roles", None)
    if roles is None:
        roles = user_roles(actor)
        if actor.is_authenticated:
            scope._onestop_roles = roles
    return roles


def _scope_agencies(actor):
    from neuguong.org.access import scope_for

    return scope_for(actor).agency_ids()


def _person_of(actor):
    try:
        return actor.person
    except (ObjectDoesNotExist, AttributeError):
        return None


def _relevant_agencies(dossier: Dossier, action: str) -> set[int]:
    """The agencies whose staff may run `action` on this dossier (scope check)."""
    desk = {dossier.receiving_agency_id}
    step = {dossier.current_step.agency_id} if dossier.current_step_id else set()
    if action in ("accept", "refuse", "start", "return"):
        return desk
    if action in ("complete_step", "sign_result"):
        return step or {dossier.handling_agency_id}
    if action == "sign_apology":
        apology = getattr(dossier, "_apology_cache", None)
        return {apology.agency_id} if apology else {dossier.handling_agency_id}
    return desk | step | {dossier.handling_agency_id}


def check_action(dossier: Dossier, action: str, actor) -> None:
    """Raise if `actor` may not run `action` on `dossier` now (table, role, scope). Changes nothing."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(UNKNOWN_ACTION, code="unknown_action", action=action)
    if dossier.state not in transition.sources:
        raise TransitionNotAllowed(
            TRANSITION_REFUSED,
            action=str(transition.label),
            state=str(DossierState(dossier.state).label),
        )
    roles = _roles(actor) & transition.roles
    if not roles:
        raise NotAllowed(ROLE_REFUSED, code="role_not_allowed", action=str(transition.label))
    if roles == {Role.CITIZEN}:
        if dossier.applicant_user_id != actor.pk:
            raise NotAllowed(NOT_OWN_DOSSIER, code="not_own_dossier")
        return
    visible = _scope_agencies(actor)
    if visible is not None and not (_relevant_agencies(dossier, action) & visible):
        raise NotAllowed(SCOPE_REFUSED, code="out_of_scope")


def _stamp(value):
    # SQLite hands raw cursors naive UTC datetimes (or text); PostgreSQL aware ones.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _lock(dossier: Dossier) -> Dossier:
    """Lock the dossier's row and make sure `dossier` is the current version of it.

    Hot path (the demo replays ~200,000 transitions through here): one raw SELECT of the version
    column (updated_at) ... FOR UPDATE, instead of re-reading the whole row with the ORM. Only when
    the row changed since the caller read it is the instance reloaded (and its cached steps dropped).
    Services must therefore save dossiers with save() (which bumps updated_at), never queryset.update().
    """
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    sql = 'SELECT "updated_at" FROM "onestop_dossier" WHERE "id" = %s'
    if conn.features.has_select_for_update:
        sql += " FOR UPDATE"
    with conn.cursor() as cursor:
        cursor.execute(sql, [dossier.pk])
        row = cursor.fetchone()
    if row is None:
        raise Dossier.DoesNotExist
    if _stamp(row[0]) != dossier.updated_at:
        fresh = Dossier.objects.select_related("procedure", "current_step__agency").get(
            pk=dossier.pk
        )
        _sync(dossier, fresh)
    return dossier


def _sync(target: Dossier, source: Dossier) -> None:
    """Copy a reloaded row into the caller's instance (which keeps its identity)."""
    if target is source:
        return
    for field in Dossier._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.fields_cache = dict(source._state.fields_cache)
    target.__dict__.pop("_steps_cache", None)
    target.__dict__.pop("_apology_cache", None)


@contextmanager
def _atomic(dossier: Dossier):
    """The transaction of a service on `dossier`, without a savepoint of its own.

    Savepoints were a fifth of the demo's queries. Instead, every refusal (DomainError) is raised
    before the service writes anything: it is caught here, the block exits cleanly (nothing written,
    the caller's transaction still usable) and it is re-raised outside. Any other error rolls back
    the enclosing transaction, as it must. If a service fails after changing the instance in memory,
    the instance is marked stale so the next service reloads it from the database.
    """
    refused = None
    try:
        with transaction.atomic(savepoint=False):
            try:
                yield
            except DomainError as exc:
                refused = exc
    except BaseException:
        dossier.updated_at = None
        dossier.__dict__.pop("_steps_cache", None)
        raise
    if refused is not None:
        dossier.updated_at = None
        dossier.__dict__.pop("_steps_cache", None)
        raise refused


def _steps(dossier: Dossier) -> list[DossierStep]:
    """All steps of the dossier in order, cached on the instance for the version it was read at."""
    cached = dossier.__dict__.get("_steps_cache")
    if cached is not None and cached[0] == dossier.updated_at:
        return cached[1]
    steps = list(
        DossierStep.objects.filter(dossier_id=dossier.pk).select_related("agency").order_by("order")
    )
    dossier._steps_cache = (dossier.updated_at, steps)
    return steps


# ---- the steps' audit fingerprint -------------------------------------------------------------

# The step columns that decide lateness and its attribution. The steps have no audit chain of their
# own (an event per step would cost ~5 more events per dossier); instead every dossier event carries
# a fingerprint of them, which `audit verify` recomputes (core.audit.registry: extra / extra_bulk).
STEP_FINGERPRINT_FIELDS = (
    "order",
    "agency_id",
    "due_at",
    "started_at",
    "completed_at",
    "result",
    "handed_over_by_id",
    "received_by_id",
)


def _fingerprint_value(value):
    # Only datetimes need converting (ints, strings and None are JSON already); the C encoder calls
    # this for them alone, which matters at ~8 events per dossier (see audit.hashing.jsonable).
    if isinstance(value, dt.datetime):
        return _utc_text(value)
    return jsonable(value)


def _utc_text(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="microseconds")


def _fingerprint(rows) -> str:
    text = json.dumps(
        [list(row) for row in rows], separators=(",", ":"), default=_fingerprint_value
    )
    return hashlib.sha256(text.encode()).hexdigest()


def audit_snapshot(dossier: Dossier) -> dict:
    """The computed part of a dossier's audit snapshot: {"steps": fingerprint of its step rows}.

    Hot path: read from the steps the services keep cached on the instance (no query); otherwise
    the steps are read once (and cached for the next service). Services log the dossier's event
    after their step writes, in the same transaction, so the fingerprint is the committed state.
    """
    steps = _steps(dossier) if dossier.pk else []
    return {
        "steps": _fingerprint(
            [getattr(step, name) for name in STEP_FINGERPRINT_FIELDS]
            for step in sorted(steps, key=lambda step: step.order)
        )
    }


def audit_snapshots(pks) -> dict[str, dict]:
    """audit_snapshot() for many dossiers from the database, in one query (for `audit verify`)."""
    ids = sorted({int(pk) for pk in pks})
    if not ids:
        return {}
    qs = DossierStep.objects.order_by("dossier_id", "order")
    if ids[-1] - ids[0] < 4 * len(ids):  # a dense chunk: a range scan beats a long IN list
        qs = qs.filter(dossier_id__gte=ids[0], dossier_id__lte=ids[-1])
    else:
        qs = qs.filter(dossier_id__in=ids)
    rows: dict[int, list] = {pk: [] for pk in ids}
    for dossier_id, *values in qs.values_list("dossier_id", *STEP_FINGERPRINT_FIELDS):
        if dossier_id in rows:
            rows[dossier_id].append(values)
    return {str(pk): {"steps": _fingerprint(values)} for pk, values in rows.items()}


def _save(dossier: Dossier, fields) -> None:
    """Save `fields` (plus updated_at, the version _lock checks) and keep the cached steps valid."""
    cached = dossier.__dict__.get("_steps_cache")
    valid = cached is not None and cached[0] == dossier.updated_at
    searched = set(fields) & {*Dossier.search_fields, "search_text"}
    if searched:
        dossier.save(update_fields=[*fields, "updated_at"])
    else:
        dossier.updated_at = timezone.now()
        fastsql.fast_update(dossier, [*fields, "updated_at"])
    if valid:
        dossier._steps_cache = (dossier.updated_at, cached[1])


def _jsonable(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder)) if data else {}


def _record(dossier, action, from_state, *, actor, at, note="", data=None, audit_data=None):
    fastsql.fast_insert(
        DossierTransition(
            dossier=dossier,
            action=action,
            from_state=from_state,
            to_state=dossier.state,
            actor=actor,
            at=at,
            note=note,
            data=_jsonable(data),
        )
    )
    payload = {"from": from_state, "to": dossier.state, "at": at}
    if note:
        payload["note"] = note
    if audit_data:
        payload.update(audit_data)
    log_action(dossier, f"onestop.dossier.{_VERBS.get(action, action)}", actor=actor, data=payload)


_VERBS = {
    "receive": "received",
    "submit": "submitted",
    "accept": "accepted",
    "refuse": "refused",
    "start": "started",
    "complete_step": "step_completed",
    "request_supplement": "supplement_requested",
    "receive_supplement": "supplement_received",
    "request_payment": "payment_requested",
    "confirm_payment": "payment_confirmed",
    "sign_result": "result_signed",
    "finish": "finished",
    "return": "returned",
    "withdraw": "withdrawn",
    "stop": "stopped",
    "draft_apology": "apology_drafted",
    "sign_apology": "apology_signed",
}


def _transition(dossier: Dossier, action: str, actor, at):
    """Check, lock and re-check: returns (locked dossier, from_state)."""
    check_action(dossier, action, actor)
    before = dossier.updated_at
    locked = _lock(dossier)
    if locked.updated_at != before:
        # Someone moved it between our read and the lock: judge against the locked row.
        check_action(locked, action, actor)
    return locked, locked.state


# ---- notifications ----------------------------------------------------------------------------

NOTIFY_ACCEPTED = _(
    "Dossier %(code)s (%(procedure)s) was received. Appointment: %(appointment)s. Track it with code %(code)s."
)
NOTIFY_SUPPLEMENT = _("Dossier %(code)s needs more documents: %(reason)s")
NOTIFY_APOLOGY = _("We apologise: dossier %(code)s will be late. New appointment: %(appointment)s.")
NOTIFY_RESULT = _("The result of dossier %(code)s is ready. Please collect it.")
SUBJECTS = {
    "accepted": _("Dossier received"),
    "supplement": _("Supplement needed"),
    "apology": _("Apology and new appointment"),
    "result": _("Result ready"),
}


def _fmt(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _notify(dossier: Dossier, topic: str, message, **params) -> None:
    """Queue SMS (and email when the applicant's account has one) in the outbox, in this transaction."""
    from django.utils import translation

    from neuguong.core.outbox import enqueue

    with translation.override("vi"):
        body = str(message) % {"code": dossier.code, **params}
        subject = str(SUBJECTS[topic])
    full_topic = f"onestop.dossier.{topic}"
    if dossier.applicant_phone:
        enqueue(
            channel="sms",
            to=dossier.applicant_phone,
            subject=subject,
            body=body,
            topic=full_topic,
            obj=dossier,
        )
    user = dossier.applicant_user if dossier.applicant_user_id else None
    if user is not None and user.email:
        enqueue(
            channel="email",
            to=user.email,
            subject=subject,
            body=body,
            topic=full_topic,
            obj=dossier,
        )


def _notify_accepted(dossier: Dossier) -> None:
    _notify(
        dossier,
        "accepted",
        NOTIFY_ACCEPTED,
        procedure=dossier.procedure.name,
        appointment=_fmt(dossier.appointment_at),
    )


# ---- codes and steps --------------------------------------------------------------------------


def dossier_next_code(agency, day: dt.date) -> str:
    """Issue the next code of `agency` on `day`: <identifier>-<YYMMDD>-<NNNN>.

    Must run inside the intake transaction: the UPDATE takes the (agency, day) row lock until commit, so
    concurrent intakes at one desk queue up and get consecutive numbers; a rolled-back intake rolls its
    number back too, so the day's sequence has no gaps. The first intake of a day creates the row; two
    first intakes racing on PostgreSQL collide on the unique constraint, and the loser retries the UPDATE.
    """
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    if _UPSERT_OK.get(conn.vendor):
        number = _next_number_upsert(agency.pk, day)
    else:
        number = _next_number_orm(agency, day)
    return f"{agency.identifier_code}-{day:%y%m%d}-{number:04d}"


def _next_number_orm(agency, day: dt.date) -> int:
    """The same with the ORM, for a database without INSERT ... ON CONFLICT ... RETURNING."""
    for _attempt in range(3):
        updated = DailySequence.objects.filter(agency=agency, day=day).update(
            last_number=F("last_number") + 1
        )
        if updated:
            return DailySequence.objects.filter(agency=agency, day=day).values_list(
                "last_number", flat=True
            )[0]
        try:
            with transaction.atomic():
                DailySequence.objects.create(agency=agency, day=day, last_number=1)
            return 1
        except IntegrityError:
            continue
    # pragma: no cover - three collisions in a row cannot happen with a unique row
    raise DomainError(_("Could not issue a dossier code, please retry."), code="code_busy")


# PostgreSQL, and SQLite from 3.35 (RETURNING): one statement issues the number. ON CONFLICT ... DO
# UPDATE takes the (agency, day) row lock like the ORM's UPDATE, so concurrent intakes still queue up
# and get consecutive numbers, and a rolled-back intake still rolls its number back.
_UPSERT_OK = {
    "postgresql": True,
    "sqlite": sqlite3.sqlite_version_info >= (3, 35),
}


def _next_number_upsert(agency_id: int, day: dt.date) -> int:
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    qn = conn.ops.quote_name
    table = qn(DailySequence._meta.db_table)
    sql = (
        f"INSERT INTO {table} (agency_id, day, last_number) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (agency_id, day) DO UPDATE SET last_number = {table}.last_number + 1 "
        "RETURNING last_number"
    )
    with conn.cursor() as cursor:
        cursor.execute(sql, [agency_id, conn.ops.adapt_datefield_value(day)])
        return cursor.fetchone()[0]


def _step_agency(step, dossier: Dossier) -> int:
    if step.agency_id:
        return step.agency_id
    if step.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
        return dossier.receiving_agency_id
    return dossier.handling_agency_id


def _step_agency_obj(step, dossier: Dossier):
    """The step's agency as an object when it is at hand (saves a query per hand-over later)."""
    if step.agency_id:
        return step.agency if "agency" in step._state.fields_cache else None
    if step.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
        return dossier.receiving_agency
    return dossier.handling_agency


def _templates(procedure) -> list:
    """The procedure's template steps, read once per Procedure instance (a generator or a bulk
    intake reuses the instance across dossiers; a web request gets a fresh one)."""
    cached = procedure.__dict__.get("_template_cache")
    if cached is None:
        prefetched = getattr(procedure, "_prefetched_objects_cache", {})
        if "steps" in prefetched:
            cached = sorted(prefetched["steps"], key=lambda step: step.order)
        else:
            cached = list(procedure.steps.select_related("agency").order_by("order"))
        procedure._template_cache = cached
    return cached


def _default_handling_agency(procedure, receiving_agency):
    for step in _templates(procedure):
        if step.actor_kind == ActorKind.PROCESS and step.agency_id:
            return step.agency
    # A one-stop desk receives for the agency it belongs to (e.g. the commune People's Committee).
    return receiving_agency.parent if receiving_agency.parent_id else receiving_agency


def _build_steps(dossier: Dossier, start, received_by=None) -> list[DossierStep]:
    """The process control slip: one row per template step, each due chained from the previous due."""
    templates = _templates(dossier.procedure)
    if not templates:
        raise DomainError(NO_STEPS, code="no_steps")
    cutoff = dossier.procedure.cutoff_time
    steps, due = [], start
    for i, tpl in enumerate(templates):
        # Only the first due applies the cut-off: the later ones chain from a due moment.
        due = _add_hours(due, tpl.hours, cutoff=cutoff if i == 0 else None)
        steps.append(
            DossierStep(
                dossier=dossier,
                order=tpl.order,
                name=tpl.name,
                actor_kind=tpl.actor_kind,
                agency_id=_step_agency(tpl, dossier),
                hours=tpl.hours,
                due_at=due,
            )
        )
    for step, tpl in zip(steps, templates, strict=True):
        agency = _step_agency_obj(tpl, dossier)
        if agency is not None:
            step.agency = agency
    steps[0].started_at = start
    steps[0].received_by = received_by
    return fastsql.fast_create(steps)


def _judge(step: DossierStep, at) -> str:
    """Early: handed over on an earlier day than due; on time: by the due moment; late: after it."""
    if step.due_at is None or at <= step.due_at:
        if step.due_at and timezone.localdate(at) < timezone.localdate(step.due_at):
            return StepResult.EARLY
        return StepResult.ON_TIME
    return StepResult.LATE


def _accept_fields(dossier: Dossier, at) -> None:
    """Set received_at, appointment, code and steps of a dossier entering `accepted`."""
    procedure = dossier.procedure
    dossier.received_at = at
    dossier.appointment_at = _add_hours(at, procedure.deadline_hours, cutoff=procedure.cutoff_time)
    dossier.original_appointment_at = dossier.appointment_at


def _documents_create(dossier, documents, actor, at) -> None:
    from neuguong.onestop.constants import UPLOAD_CONTENT_TYPES, UPLOAD_MAX_BYTES

    rows = []
    for doc in documents:
        if isinstance(doc, dict):
            name, file, digitised = (
                doc.get("name", ""),
                doc.get("file"),
                doc.get("digitised", False),
            )
        else:
            name, file, digitised = getattr(doc, "name", str(doc)), doc, True
        size, ctype = 0, ""
        if file is not None and hasattr(file, "size"):
            ext = (getattr(file, "name", "") or "").rsplit(".", 1)[-1].lower()
            if ext not in UPLOAD_CONTENT_TYPES:
                raise DomainError(UPLOAD_TYPE_REFUSED, code="upload_type")
            if file.size > UPLOAD_MAX_BYTES:
                raise DomainError(UPLOAD_TOO_LARGE, code="upload_size")
            size, ctype = file.size, UPLOAD_CONTENT_TYPES[ext]
        else:
            file = None
        rows.append(
            DossierDocument(
                dossier=dossier,
                name=name[:300],
                file=file,
                size=size,
                content_type=ctype,
                digitised=bool(digitised),
                uploaded_by=actor,
                uploaded_at=at,
            )
        )
    for row in rows:
        if row.file is not None:
            row.save()  # files go through the storage one by one
    DossierDocument.objects.bulk_create([r for r in rows if r.file is None])


def _insert_dossier(dossier: Dossier) -> None:
    """Dossier.save() for a new dossier, as one prepared INSERT (see _fast_create)."""
    if dossier.procedure_id and not dossier.procedure_name:
        dossier.procedure_name = dossier.procedure.name
    dossier.search_text = dossier.build_search_text()
    fastsql.fast_create([dossier])


def _new_dossier(*, procedure, applicant, receiving_agency, handling_agency, channel, state, at):
    applicant.validate()
    if not procedure.is_active:
        raise DomainError(PROCEDURE_INACTIVE, code="procedure_inactive")
    handling_agency = handling_agency or _default_handling_agency(procedure, receiving_agency)
    return Dossier(
        code=dossier_next_code(receiving_agency, timezone.localdate(at)),
        procedure=procedure,
        procedure_name=procedure.name,
        province_code=procedure.province_code,
        receiving_agency=receiving_agency,
        handling_agency=handling_agency,
        applicant_name=applicant.name.strip(),
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone or "",
        applicant_address=applicant.address or "",
        applicant_unit=applicant.unit,
        applicant_user=applicant.user,
        channel=channel,
        state=state,
        fee=procedure.fee,
        submitted_at=at,
    )


# ---- intake -----------------------------------------------------------------------------------


def dossier_submit_online(
    *, procedure, applicant: ApplicantData, handling_agency, receiving_agency, documents=(), at=None
) -> Dossier:
    """A citizen's online submission: state `new`, with its code, until a desk accepts it."""
    at = _now(at)
    with transaction.atomic():
        dossier = _new_dossier(
            procedure=procedure,
            applicant=applicant,
            receiving_agency=receiving_agency,
            handling_agency=handling_agency,
            channel=Channel.ONLINE,
            state=DossierState.NEW,
            at=at,
        )
        _insert_dossier(dossier)
        dossier._steps_cache = (dossier.updated_at, [])  # none until a desk accepts it
        _documents_create(dossier, documents, applicant.user, at)
        _record(dossier, "submit", DossierState.NEW, actor=applicant.user, at=at)
    return dossier


def _enter_accepted(dossier: Dossier, at, actor) -> None:
    _accept_fields(dossier, at)
    steps = _build_steps(dossier, at, received_by=actor)
    dossier.current_step = steps[0]
    dossier._steps_cache = (dossier.updated_at, steps)


def dossier_receive(
    *,
    actor,
    receiving_agency,
    procedure,
    applicant: ApplicantData,
    channel=Channel.IN_PERSON,
    handling_agency=None,
    documents=(),
    at=None,
) -> Dossier:
    """Desk intake (in person or by post), at any desk for any procedure of the province (phi địa giới).

    The dossier is created directly as `accepted`, with its code, its process control slip and its
    appointment = received + the legal deadline in working hours (after the cut-off: from the next
    working day). Requires a desk role in scope of `receiving_agency`.
    """
    at = _now(at)
    roles = _roles(actor) & TRANSITIONS["accept"].roles
    if not roles:
        raise NotAllowed(ROLE_REFUSED, code="role_not_allowed", action=str(_("Receive")))
    visible = _scope_agencies(actor)
    if visible is not None and receiving_agency.pk not in visible:
        raise NotAllowed(SCOPE_REFUSED, code="out_of_scope")
    with transaction.atomic():
        dossier = _new_dossier(
            procedure=procedure,
            applicant=applicant,
            receiving_agency=receiving_agency,
            handling_agency=handling_agency,
            channel=channel,
            state=DossierState.ACCEPTED,
            at=at,
        )
        _accept_fields(dossier, at)
        _insert_dossier(dossier)
        steps = _build_steps(dossier, at, received_by=actor)
        dossier.current_step = steps[0]
        # Not through _save: updated_at stays, so the instance stays the current version (see _lock).
        fastsql.fast_update(dossier, ["current_step"])
        dossier._steps_cache = (dossier.updated_at, steps)
        _documents_create(dossier, documents, actor, at)
        _record(
            dossier,
            "receive",
            DossierState.NEW,
            actor=actor,
            at=at,
            audit_data={"code": dossier.code, "appointment_at": dossier.appointment_at},
        )
        _notify_accepted(dossier)
    return dossier


def dossier_accept(dossier: Dossier, *, actor, at=None) -> Dossier:
    """A desk accepts an online submission: new → accepted, with its appointment and steps."""
    at = _now(at)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "accept", actor, at)
        locked.state = DossierState.ACCEPTED
        _enter_accepted(locked, at, actor)
        _save(
            locked,
            [
                "state",
                "received_at",
                "appointment_at",
                "original_appointment_at",
                "current_step",
                "updated_at",
            ],
        )
        _record(locked, "accept", from_state, actor=actor, at=at)
        _notify_accepted(locked)
    _sync(dossier, locked)
    return dossier


def dossier_refuse(dossier: Dossier, *, actor, reason: str, at=None) -> Dossier:
    at = _now(at)
    _require(reason)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "refuse", actor, at)
        locked.state = DossierState.REFUSED
        _save(locked, ["state", "updated_at"])
        _record(locked, "refuse", from_state, actor=actor, at=at, note=reason)
    _sync(dossier, locked)
    return dossier


def _require(text) -> None:
    if not (text or "").strip():
        raise DomainError(REASON_REQUIRED, code="reason_required")


# ---- steps ------------------------------------------------------------------------------------


def _pending_steps(dossier: Dossier) -> list[DossierStep]:
    return [step for step in _steps(dossier) if step.completed_at is None]


def pending_steps(dossier: Dossier) -> list[DossierStep]:
    """The dossier's steps not yet handed over, in order (read once per version of the dossier)."""
    return list(_pending_steps(dossier))


def _hand_over(
    dossier: Dossier, steps: list[DossierStep], actor, at, note=""
) -> DossierStep | None:
    """Complete the first of `steps` (the current one) and start the next. Returns the next step.

    The process control slip records who received the dossier at each step: the first step's
    receiver is the intake officer; at a later step nobody is recorded when it is handed to the
    agency, so the officer who acts on it (signs it, or completes it) is its receiver.
    """
    current, following = steps[0], steps[1] if len(steps) > 1 else None
    current.completed_at = at
    current.handed_over_by = actor
    if current.received_by_id is None:
        current.received_by = actor
    current.result = _judge(current, at)
    if note:
        current.note = note
    # received_by rides in the same UPDATE: no extra query per hand-over.
    fastsql.fast_update(
        current, ["completed_at", "handed_over_by", "received_by", "result", "note"]
    )
    if following is not None:
        following.started_at = at
        fastsql.fast_update(following, ["started_at"])
    dossier.current_step = following
    return following


def dossier_start(dossier: Dossier, *, actor, at=None) -> Dossier:
    """accepted → processing: the desk hands the dossier over to the first processing step."""
    at = _now(at)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "start", actor, at)
        steps = _pending_steps(locked)
        data = {}
        if steps and steps[0].actor_kind == ActorKind.RECEIVE:
            done = steps[0]
            _hand_over(locked, steps, actor, at)
            data = {"step": done.order, "result": done.result}
        locked.state = DossierState.PROCESSING
        _save(locked, ["state", "current_step", "updated_at"])
        _record(locked, "start", from_state, actor=actor, at=at, data=data, audit_data=data)
    _sync(dossier, locked)
    return dossier


def dossier_complete_step(dossier: Dossier, *, actor, note: str = "", at=None) -> Dossier:
    """Hand the current step over to the next, recording who, when and the result (early / on time /
    late against the step's due time). Completing the last processing step moves the dossier to
    `done`. A signing step needs the signature first; if there is none, the actor signs here (with
    the same authority check as dossier_sign_result).
    """
    at = _now(at)
    check_action(dossier, "complete_step", actor)
    step = dossier.current_step
    if step is not None and step.actor_kind == ActorKind.SIGN and not dossier.result_signed_at:
        dossier_sign_result(dossier, actor=actor, at=at, _mark_received=False)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "complete_step", actor, at)
        steps = _pending_steps(locked)
        if not steps or steps[0].actor_kind == ActorKind.RETURN:
            raise DomainError(NO_CURRENT_STEP, code="no_current_step")
        if steps[0].actor_kind == ActorKind.SIGN and not locked.result_signed_at:
            raise DomainError(SIGN_STEP_UNSIGNED, code="unsigned")
        done = steps[0]
        following = _hand_over(locked, steps, actor, at, note)
        fields = ["current_step", "updated_at"]
        if following is None or following.actor_kind == ActorKind.RETURN:
            locked.state = DossierState.DONE
            locked.processing_ended_at = at
            fields += ["state", "processing_ended_at"]
        _save(locked, fields)
        data = {"step": done.order, "agency_id": done.agency_id, "result": done.result}
        _record(
            locked,
            "complete_step",
            from_state,
            actor=actor,
            at=at,
            note=note,
            data=data,
            audit_data=data,
        )
        if locked.state == DossierState.DONE:
            _notify(locked, "result", NOTIFY_RESULT)
    _sync(dossier, locked)
    return dossier


def dossier_finish(dossier: Dossier, *, actor, note: str = "", at=None) -> Dossier:
    """processing → done without the remaining processing steps (they are closed as handed over now).

    A remaining signing step is never closed unsigned: if the result is not signed yet, the actor
    signs it first through dossier_sign_result (the same authority check as complete_step, may_sign);
    without authority that raises NotAllowed (the refusal audited), and nothing else changes.
    """
    at = _now(at)
    check_action(dossier, "finish", actor)
    if not dossier.result_signed_at and any(
        step.actor_kind == ActorKind.SIGN for step in _pending_steps(dossier)
    ):
        dossier_sign_result(dossier, actor=actor, at=at)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "finish", actor, at)
        steps = [s for s in _pending_steps(locked) if s.actor_kind != ActorKind.RETURN]
        if not locked.result_signed_at and any(s.actor_kind == ActorKind.SIGN for s in steps):
            raise DomainError(SIGN_STEP_UNSIGNED, code="unsigned")
        while steps:
            _hand_over(locked, steps, actor, at, note)
            steps = steps[1:]
        locked.current_step = next(iter(_pending_steps(locked)), None)
        locked.state = DossierState.DONE
        locked.processing_ended_at = at
        _save(locked, ["state", "processing_ended_at", "current_step", "updated_at"])
        _record(locked, "finish", from_state, actor=actor, at=at, note=note)
        _notify(locked, "result", NOTIFY_RESULT)
    _sync(dossier, locked)
    return dossier


# ---- supplements and payment (the clock pauses) -----------------------------------------------


def dossier_request_supplement(dossier: Dossier, *, actor, reason: str, at=None) -> Dossier:
    """processing → supplement_requested; the clock pauses. A second request makes the dossier late
    by rule (Decision 766/QĐ-TTg: requesting a supplement more than once counts as late)."""
    at = _now(at)
    _require(reason)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "request_supplement", actor, at)
        locked.state = DossierState.SUPPLEMENT_REQUESTED
        locked.supplement_count += 1
        if locked.supplement_count >= 2:
            locked.late_by_rule = True
        DossierPause.objects.create(dossier=locked, started_at=at, reason=reason)
        _save(locked, ["state", "supplement_count", "late_by_rule", "updated_at"])
        data = {"count": locked.supplement_count, "late_by_rule": locked.late_by_rule}
        _record(
            locked,
            "request_supplement",
            from_state,
            actor=actor,
            at=at,
            note=reason,
            data=data,
            audit_data=data,
        )
        _notify(locked, "supplement", NOTIFY_SUPPLEMENT, reason=reason)
    _sync(dossier, locked)
    return dossier


def _end_pause(locked: Dossier, at) -> tuple[Decimal, list[str]]:
    """End the dossier's open pause at `at` and move its clock by the working hours it lasted.

    The waiting time is the applicant's, not the agencies' (the clock pauses while a supplement is
    awaited): the appointment, the original appointment (what lateness is judged against), every pending step's due
    and an unsigned apology's new (and old) appointment all move by it. Used by every way out of
    `supplement_requested` (receive_supplement, withdraw, stop). Call it inside the service's
    transaction, before the dossier's audit event. Returns (paused hours, dossier fields to save).
    """
    pause = locked.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
    if pause is None:
        return Decimal(0), []
    pause.ended_at = at
    pause.save(update_fields=["ended_at"])
    paused = _hours_between(pause.started_at, at)
    if paused <= 0:
        return paused, []
    locked.paused_hours += paused
    for name in ("appointment_at", "original_appointment_at"):
        if getattr(locked, name):
            setattr(locked, name, _add_hours(getattr(locked, name), paused))
    pending = _pending_steps(locked)
    for step in pending:
        if step.due_at:
            step.due_at = _add_hours(step.due_at, paused)
    DossierStep.objects.bulk_update(pending, ["due_at"])
    if locked.current_step_id:
        locked.current_step = next(
            (s for s in pending if s.pk == locked.current_step_id), locked.current_step
        )
    if not locked.rescheduled:
        # A drafted, unsigned apology promised a date against the appointment that just moved.
        apology = Apology.objects.filter(dossier_id=locked.pk, signed_at__isnull=True).first()
        if apology is not None:
            apology.old_appointment_at = _add_hours(apology.old_appointment_at, paused)
            apology.new_appointment_at = _add_hours(apology.new_appointment_at, paused)
            apology.save(update_fields=["old_appointment_at", "new_appointment_at"])
        locked.__dict__.pop("_apology_cache", None)
    return paused, ["paused_hours", "appointment_at", "original_appointment_at"]


def dossier_receive_supplement(dossier: Dossier, *, actor, at=None) -> Dossier:
    """supplement_requested → processing; the clock restarts and the appointment, the pending
    steps' due moments and an unsigned apology's dates move by the working time spent waiting."""
    at = _now(at)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "receive_supplement", actor, at)
        paused, moved = _end_pause(locked, at)
        fields = ["state", "updated_at", *moved]
        locked.state = DossierState.PROCESSING
        _save(locked, fields)
        data = {"paused_hours": paused, "appointment_at": locked.appointment_at}
        _record(
            locked, "receive_supplement", from_state, actor=actor, at=at, data=data, audit_data=data
        )
    _sync(dossier, locked)
    return dossier


def dossier_request_payment(dossier: Dossier, *, actor, amount, at=None) -> Dossier:
    at = _now(at)
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(AMOUNT_INVALID, code="amount_invalid")
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "request_payment", actor, at)
        locked.state = DossierState.PAYMENT_REQUESTED
        locked.fee = amount
        locked.payment_state = PaymentState.REQUESTED
        _save(locked, ["state", "fee", "payment_state", "updated_at"])
        data = {"amount": str(amount)}
        _record(
            locked, "request_payment", from_state, actor=actor, at=at, data=data, audit_data=data
        )
    _sync(dossier, locked)
    return dossier


def dossier_confirm_payment(dossier: Dossier, *, actor, at=None) -> Dossier:
    at = _now(at)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "confirm_payment", actor, at)
        locked.state = DossierState.PROCESSING
        locked.payment_state = PaymentState.PAID
        _save(locked, ["state", "payment_state", "updated_at"])
        _record(locked, "confirm_payment", from_state, actor=actor, at=at)
    _sync(dossier, locked)
    return dossier


# ---- signing ----------------------------------------------------------------------------------


def _audit_refusal(dossier: Dossier, action: str, actor, data: dict) -> None:
    """Commit the audit event of a refused signature in its own transaction, before raising, so the
    refusal is on record even though the business transaction never happens."""
    with transaction.atomic():
        log_action(dossier, f"onestop.dossier.{action}", actor=actor, data=data)


def _sign_agency(dossier: Dossier):
    """The agency signing: the current sign step's, else the next pending sign step's (finish signs
    before that step is reached), else the handling agency."""
    step = dossier.current_step
    if step is not None and step.actor_kind == ActorKind.SIGN:
        return step.agency
    for step in _pending_steps(dossier):
        if step.actor_kind == ActorKind.SIGN:
            return step.agency
    return dossier.handling_agency


def dossier_sign_result(
    dossier: Dossier, *, actor, result_number: str = "", at=None, _mark_received: bool = True
) -> Dossier:
    """Sign the result for the signing agency (the current sign step's agency, else the handling agency).

    The signer must be its head or hold a delegation in force for this procedure
    (org.selectors.may_sign). Without authority: NotAllowed, nothing changes, and the refused attempt
    is audited as `onestop.dossier.signature_refused`.
    """
    from neuguong.org.selectors import may_sign

    at = _now(at)
    check_action(dossier, "sign_result", actor)
    if dossier.result_signed_at:
        raise DomainError(ALREADY_SIGNED, code="already_signed")
    person = _person_of(actor)
    agency = _sign_agency(dossier)
    if not may_sign(person, dossier.procedure, agency, at):
        _audit_refusal(
            dossier,
            "signature_refused",
            actor,
            {"agency_id": agency.pk, "person_id": person.pk if person else None, "at": at},
        )
        raise NotAllowed(SIGN_NOT_AUTHORISED if person else NOT_A_PERSON, code="no_authority")
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "sign_result", actor, at)
        if locked.result_signed_at:
            raise DomainError(ALREADY_SIGNED, code="already_signed")
        locked.result_signed_by = person
        locked.result_signed_at = at
        locked.result_number = result_number or locked.result_number
        if _mark_received and locked.current_step_id:
            # The signer received the dossier at the sign step (see _hand_over). complete_step,
            # which signs and hands over at once, records it in its hand-over UPDATE instead.
            step = next((x for x in _pending_steps(locked) if x.pk == locked.current_step_id), None)
            if step is not None and step.actor_kind == ActorKind.SIGN and not step.received_by_id:
                step.received_by = actor
                fastsql.fast_update(step, ["received_by"])
                locked.current_step = step
        _save(locked, ["result_signed_by", "result_signed_at", "result_number"])
        data = {
            "person_id": person.pk,
            "agency_id": agency.pk,
            "result_number": locked.result_number,
        }
        _record(locked, "sign_result", from_state, actor=actor, at=at, data=data, audit_data=data)
    _sync(dossier, locked)
    return dossier


# ---- return and other endings -----------------------------------------------------------------


def dossier_return(dossier: Dossier, *, actor, at=None) -> Dossier:
    """done → returned: the desk hands the result to the applicant (completing the return step)."""
    at = _now(at)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "return", actor, at)
        steps = _pending_steps(locked)
        if steps:
            _hand_over(locked, steps[:1], actor, at)
        locked.current_step = None
        locked.state = DossierState.RETURNED
        locked.returned_at = at
        _save(locked, ["state", "returned_at", "current_step", "updated_at"])
        _record(locked, "return", from_state, actor=actor, at=at)
    _sync(dossier, locked)
    return dossier


def _close(dossier, action, state, *, actor, reason, at):
    at = _now(at)
    _require(reason)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, action, actor, at)
        locked.state = state
        fields = ["state", "updated_at"]
        if from_state == DossierState.SUPPLEMENT_REQUESTED:
            # The wait was the applicant's: ending it here moves the clock as receive_supplement
            # does, or a dossier withdrawn while waiting would count as late against the agency.
            fields += _end_pause(locked, at)[1]
        if locked.received_at and not locked.processing_ended_at:
            locked.processing_ended_at = at
            fields.append("processing_ended_at")
        _save(locked, fields)
        _record(locked, action, from_state, actor=actor, at=at, note=reason)
    _sync(dossier, locked)
    return dossier


def dossier_withdraw(dossier: Dossier, *, actor, reason: str, at=None) -> Dossier:
    """The applicant withdraws (in person at a desk, or online for their own dossier)."""
    return _close(dossier, "withdraw", DossierState.WITHDRAWN, actor=actor, reason=reason, at=at)


def dossier_stop(dossier: Dossier, *, actor, reason: str, at=None) -> Dossier:
    return _close(dossier, "stop", DossierState.STOPPED, actor=actor, reason=reason, at=at)


# ---- the apology (once) -----------------------------------------------------------------------


def overrun_step(dossier: Dossier, at=None) -> DossierStep | None:
    """The step that overran: the first one handed over late, else the current one if overdue."""
    at = _now(at)
    steps = (
        list(dossier.steps.all())
        if hasattr(dossier, "_prefetched_objects_cache")
        else list(dossier.steps.order_by("order"))
    )
    steps.sort(key=lambda s: s.order)
    for step in steps:
        if step.result == StepResult.LATE:
            return step
    for step in steps:
        if step.completed_at is None and step.due_at and step.due_at < at:
            return step
    return None


def apology_draft(
    dossier: Dossier, *, actor, reason: str, new_appointment_at=None, at=None
) -> Apology:
    """Draft the apology and new appointment for a dossier that is (or will be) late.

    The system names the step that overran and its agency (whose head must sign). The new
    appointment defaults to now + the working hours of the steps still to do. Allowed once.
    """
    at = _now(at)
    _require(reason)
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "draft_apology", actor, at)
        if locked.rescheduled:
            raise DomainError(APOLOGY_ONCE, code="apology_once")
        if Apology.objects.filter(dossier=locked).exists():
            raise DomainError(APOLOGY_EXISTS, code="apology_exists")
        step = overrun_step(locked, at)
        late = locked.late_by_rule or (locked.appointment_at and at > locked.appointment_at)
        if step is None and not late:
            raise DomainError(APOLOGY_NOT_LATE, code="not_late")
        if step is None:
            step = locked.current_step
        pending = _pending_steps(locked)
        if new_appointment_at is None:
            remaining = sum((s.hours for s in pending), Decimal(0)) or Decimal(8)
            new_appointment_at = _add_hours(max(at, locked.appointment_at), remaining)
        if new_appointment_at <= locked.appointment_at or new_appointment_at <= at:
            raise DomainError(APOLOGY_BAD_DATE, code="apology_bad_date")
        apology = Apology.objects.create(
            dossier=locked,
            agency_id=step.agency_id if step else locked.handling_agency_id,
            step=step,
            reason=reason,
            old_appointment_at=locked.appointment_at,
            new_appointment_at=new_appointment_at,
            drafted_at=at,
            drafted_by=actor,
        )
        data = {
            "agency_id": apology.agency_id,
            "step": step.order if step else None,
            "new_appointment_at": new_appointment_at,
        }
        _record(
            locked,
            "draft_apology",
            from_state,
            actor=actor,
            at=at,
            note=reason,
            data=data,
            audit_data=data,
        )
    _sync(dossier, locked)
    return apology


def apology_sign(dossier: Dossier, *, actor, at=None) -> Apology:
    """The head of the agency at fault (or their delegate for "apology_letter") signs: the dossier
    gets its new appointment, is marked rescheduled (once), and the citizen is notified. The steps
    after the overrun step move by the added working time; the overrun step keeps its due, so it is
    still judged late when handed over."""
    from neuguong.org.constants import DecisionKind
    from neuguong.org.selectors import may_sign

    at = _now(at)
    apology = Apology.objects.filter(dossier=dossier).select_related("agency").first()
    dossier._apology_cache = apology
    check_action(dossier, "sign_apology", actor)
    if apology is None:
        raise DomainError(APOLOGY_MISSING, code="apology_missing")
    if apology.signed_at or dossier.rescheduled:
        raise DomainError(APOLOGY_ONCE, code="apology_once")
    person = _person_of(actor)
    if not may_sign(person, DecisionKind.APOLOGY_LETTER, apology.agency, at):
        _audit_refusal(
            dossier,
            "apology_signature_refused",
            actor,
            {"agency_id": apology.agency_id, "person_id": person.pk if person else None, "at": at},
        )
        raise NotAllowed(APOLOGY_SIGN_REFUSED, code="no_authority")
    with _atomic(dossier):
        locked, from_state = _transition(dossier, "sign_apology", actor, at)
        apology = Apology.objects.select_for_update().get(pk=apology.pk)
        if apology.signed_at or locked.rescheduled:
            raise DomainError(APOLOGY_ONCE, code="apology_once")
        if not locked.appointment_at or apology.new_appointment_at <= locked.appointment_at:
            # Signing must never bring the citizen's appointment forward (e.g. after a pause moved it).
            raise DomainError(APOLOGY_OUTDATED, code="apology_outdated")
        apology.signed_by = person
        apology.signed_at = at
        apology.save(update_fields=["signed_by", "signed_at"])
        added = _hours_between(locked.appointment_at, apology.new_appointment_at)
        later = [s for s in _pending_steps(locked) if s.pk != apology.step_id and s.due_at]
        for step in later:
            step.due_at = _add_hours(step.due_at, added)
        DossierStep.objects.bulk_update(later, ["due_at"])
        locked.appointment_at = apology.new_appointment_at
        locked.rescheduled = True
        _save(locked, ["appointment_at", "rescheduled", "updated_at"])
        data = {
            "agency_id": apology.agency_id,
            "person_id": person.pk,
            "appointment_at": locked.appointment_at,
        }
        _record(locked, "sign_apology", from_state, actor=actor, at=at, data=data, audit_data=data)
        _notify(locked, "apology", NOTIFY_APOLOGY, appointment=_fmt(locked.appointment_at))
    _sync(dossier, locked)
    return apology


# ---- the action registry (web buttons and API) ------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    service: object
    params: tuple[str, ...] = ()
    # Extra precondition beyond the table (e.g. apology drafted), as a predicate on the dossier.
    ready: object = None


def _has_current_work_step(d: Dossier, at) -> bool:
    step = d.current_step
    return step is not None and step.actor_kind != ActorKind.RETURN


def _sign_ready(d: Dossier, at) -> bool:
    return not d.result_signed_at


def _apology_draftable(d: Dossier, at) -> bool:
    return (
        not d.rescheduled
        and not hasattr_apology(d)
        and (_late_at(d, at) or _current_overdue(d, at))
    )


def _apology_signable(d: Dossier, at) -> bool:
    apology = _apology_of(d)
    return apology is not None and apology.signed_at is None and not d.rescheduled


def _current_overdue(d: Dossier, at) -> bool:
    step = d.current_step
    return step is not None and step.completed_at is None and step.due_at and step.due_at < at


def _late_at(d: Dossier, at) -> bool:
    return d.late_by_rule or bool(d.appointment_at and at > d.appointment_at)


def _apology_of(d: Dossier):
    if not hasattr(d, "_apology_cache"):
        d._apology_cache = Apology.objects.filter(dossier_id=d.pk).first()
    return d._apology_cache


def hasattr_apology(d: Dossier) -> bool:
    return _apology_of(d) is not None


ACTIONS: dict[str, Action] = {
    "accept": Action("accept", dossier_accept),
    "refuse": Action("refuse", dossier_refuse, ("reason",)),
    "start": Action("start", dossier_start),
    "complete_step": Action(
        "complete_step", dossier_complete_step, ("note",), _has_current_work_step
    ),
    "request_supplement": Action("request_supplement", dossier_request_supplement, ("reason",)),
    "receive_supplement": Action("receive_supplement", dossier_receive_supplement),
    "request_payment": Action("request_payment", dossier_request_payment, ("amount",)),
    "confirm_payment": Action("confirm_payment", dossier_confirm_payment),
    "sign_result": Action("sign_result", dossier_sign_result, ("result_number",), _sign_ready),
    "finish": Action("finish", dossier_finish, ("note",)),
    "return": Action("return", dossier_return),
    "withdraw": Action("withdraw", dossier_withdraw, ("reason",)),
    "stop": Action("stop", dossier_stop, ("reason",)),
    "draft_apology": Action(
        "draft_apology", apology_draft, ("reason", "new_appointment_at"), _apology_draftable
    ),
    "sign_apology": Action("sign_apology", apology_sign, (), _apology_signable),
}
assert set(ACTIONS) == set(TRANSITIONS), "every row of the transition table has one service"


def allowed_actions(dossier: Dossier, user, at=None) -> list[str]:
    """The actions `user` may run on `dossier` now, in table order (one button each).

    Authority to sign (may_sign) is not pre-checked here: a signature without authority is refused
    and audited by the service itself.
    """
    at = _now(at)
    result = []
    for name, action in ACTIONS.items():
        if name == "sign_apology":
            dossier._apology_cache = (
                _apology_of(dossier) if dossier.state in TRANSITIONS[name].sources else None
            )
        try:
            check_action(dossier, name, user)
        except DomainError:
            continue
        if action.ready is not None and not action.ready(dossier, at):
            continue
        result.append(name)
    return result


def run_action(dossier: Dossier, action: str, *, actor, **params):
    """Run one action by name (web buttons, API): unknown parameters are ignored."""
    entry = ACTIONS.get(action)
    if entry is None:
        raise DomainError(UNKNOWN_ACTION, code="unknown_action", action=action)
    kwargs = {k: v for k, v in params.items() if k in entry.params or k == "at"}
    return entry.service(dossier, actor=actor, **kwargs)
