"""Writes to the audit log: `log_action` (the only way to add an event) and `digest_create`."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import hashing
from neuguong.core.audit.models import AuditChainHead, AuditDigest, AuditEvent
from neuguong.core.audit.registry import registration_for
from neuguong.core.errors import DomainError

# Digests close at midnight in Vietnam, whatever the server's clock zone.
DIGEST_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

ACTION_INVALID = _("An audit action code looks like 'app.model.verb' (lowercase, dot-separated).")
OBJECT_UNSAVED = _("Only saved records can have audit events.")
DIGEST_DAY_NOT_OVER = _("The digest of a day can only be computed once that day is over.")
DIGEST_OUT_OF_ORDER = _("A digest for a later day already exists; digests are computed in order.")

_ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+){2,}$")


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, ""
    if isinstance(actor, str):
        return None, actor[:200]
    label = (actor.get_full_name() or "").strip() or actor.get_username()
    return actor.pk, label[:200]


def _aware(value) -> dt.datetime:
    if isinstance(value, str):  # SQLite hands back text from a raw cursor
        value = parse_datetime(value)
    return value.replace(tzinfo=dt.UTC) if timezone.is_naive(value) else value


_SQL_CACHE: dict[str, dict] = {}


def _sql() -> dict:
    vendor = connection.vendor
    if vendor not in _SQL_CACHE:
        # Only our own table names are interpolated; every value is a bound parameter (noqa S608).
        q = connection.ops.quote_name
        head, event = q(AuditChainHead._meta.db_table), q(AuditEvent._meta.db_table)
        returning = connection.features.can_return_columns_from_insert
        jsonb = "::jsonb" if vendor == "postgresql" else ""
        _SQL_CACHE[vendor] = {
            "returning": returning,
            "head": (
                f"SELECT id, seq, hash, updated_at FROM {head} "  # noqa: S608
                "WHERE content_type_id = %s AND object_id = %s"
                + (" FOR UPDATE" if connection.features.has_select_for_update else "")
            ),
            "insert_event": (
                f"INSERT INTO {event} (content_type_id, object_id, seq, actor_id, actor_label, "  # noqa: S608
                "action, data, state, created_at, prev_hash, hash) VALUES "
                f"(%s, %s, %s, %s, %s, %s, %s{jsonb}, %s{jsonb}, %s, %s, %s)"
                + (" RETURNING id" if returning else "")
            ),
            "insert_head": (
                f"INSERT INTO {head} (content_type_id, object_id, seq, hash, updated_at) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s)" + (" RETURNING id" if returning else "")
            ),
            "update_head": f"UPDATE {head} SET seq = %s, hash = %s, updated_at = %s WHERE id = %s",  # noqa: S608
            # Compare-and-set: moves the head only if it is still the link this process last wrote.
            "advance_head": (
                f"UPDATE {head} SET seq = %s, hash = %s, updated_at = %s "  # noqa: S608
                "WHERE id = %s AND content_type_id = %s AND object_id = %s AND seq = %s AND hash = %s"
            ),
        }
    return _SQL_CACHE[vendor]


# The chain heads this process wrote last: (alias, content type id, object id) -> (head row id, seq,
# hash, updated_at). Only a hint that saves the locked read when a record gets several events in a
# row (the one-stop services write ~8 per dossier): the head is then moved by a compare-and-set UPDATE
# that applies only if the row still holds exactly that seq and hash. If anything else moved the
# chain meanwhile (another process, a rolled-back transaction, a flushed test database), the UPDATE
# matches no row and the head is read under lock as before. A stale hint costs a query, never a link.
_HEADS: dict[tuple[str, int, str], tuple[int, int, str, dt.datetime]] = {}
_HEADS_MAX = 50_000


def _remember(key, head_id: int, seq: int, hash_: str, stamp: dt.datetime) -> None:
    if len(_HEADS) >= _HEADS_MAX:
        _HEADS.clear()
    _HEADS[key] = (head_id, seq, hash_, stamp)


def log_action(obj, action: str, *, actor=None, data: dict | None = None) -> AuditEvent:
    """Append an event to `obj`'s chain and return it.

    Contract:
    - call it AFTER setting the new values on `obj` and inside the transaction that saves them:
      for a registered model it snapshots the current values of the registered fields into
      `event.state` (plus the registration's computed `extra(obj)`), which `audit verify` later
      compares with the database;
    - `actor` is a user, a plain label for system actors (e.g. "system:worker"), or None;
    - `data` (old/new values, reasons) must be JSON-able after `hashing.jsonable`;
    - costs 3 queries: lock the chain head, insert the event, update (or create) the head; 2 when
      this process wrote the chain's previous event (the head is moved by a compare-and-set UPDATE,
      which takes the same row lock, then the event is inserted).
    """
    if not _ACTION_RE.match(action):
        raise DomainError(ACTION_INVALID, code="audit_action_invalid")
    if obj.pk is None:
        raise DomainError(OBJECT_UNSAVED, code="audit_object_unsaved")
    model = obj._meta.concrete_model
    label = model._meta.label_lower
    ct = ContentType.objects.get_for_model(model)  # cached after the first call
    object_id = str(obj.pk)
    reg = registration_for(label)
    state = {a: hashing.jsonable(getattr(obj, a)) for a in reg.attnames} if reg else {}
    compute = reg.extra if reg is not None else None
    if compute is not None:
        state.update(hashing.jsonable(compute(obj)))
    payload = hashing.jsonable(data or {})
    actor_id, actor_label = _actor_fields(actor)

    key = (connection.alias, ct.pk, object_id)

    # savepoint=False: inside the caller's transaction this adds no SAVEPOINT round trips.
    with transaction.atomic(savepoint=False), connection.cursor() as cur:
        sql = _sql()
        hint = _HEADS.pop(key, None)
        head = None
        if hint is not None:
            head_id, seq, prev_hash, stamp_before = hint
            seq += 1
            # A clock step backwards must not make the chain look re-ordered to `verify`.
            now = max(timezone.now(), stamp_before)
            digest = _hash(
                label, object_id, seq, actor_id, actor_label, action, payload, state, now, prev_hash
            )
            stamp = connection.ops.adapt_datetimefield_value(now)
            cur.execute(
                sql["advance_head"],
                [seq, digest, stamp, head_id, ct.pk, object_id, seq - 1, prev_hash],
            )
            if cur.rowcount != 1:
                hint = None  # the chain moved without us: read its head under lock
        if hint is None:
            cur.execute(sql["head"], [ct.pk, object_id])
            head = cur.fetchone()
            now = timezone.now()
            if head is None:
                seq, prev_hash = 1, ""
            else:
                seq, prev_hash = head[1] + 1, head[2]
                # A clock step backwards must not make the chain look re-ordered to `verify`.
                now = max(now, _aware(head[3]))
            digest = _hash(
                label, object_id, seq, actor_id, actor_label, action, payload, state, now, prev_hash
            )
            stamp = connection.ops.adapt_datetimefield_value(now)
        # Hand-written SQL: the ORM's query building cost ~5x the database work here, and the
        # demo writes ~150,000 events through this function.
        cur.execute(
            sql["insert_event"],
            [
                ct.pk,
                object_id,
                seq,
                actor_id,
                actor_label,
                action,
                json.dumps(payload),
                json.dumps(state),
                stamp,
                prev_hash,
                digest,
            ],
        )
        event_pk = cur.fetchone()[0] if sql["returning"] else cur.lastrowid
        if hint is not None:
            head_id = hint[0]
        elif head is None:
            # Two first events for one record at once collide on the unique constraint and the
            # loser's transaction fails: first events are almost always written with the record.
            cur.execute(sql["insert_head"], [ct.pk, object_id, seq, digest, stamp])
            head_id = cur.fetchone()[0] if sql["returning"] else cur.lastrowid
        else:
            head_id = head[0]
            cur.execute(sql["update_head"], [seq, digest, stamp, head_id])
    _remember(key, head_id, seq, digest, now)
    values = {
        "id": event_pk,
        "content_type_id": ct.pk,
        "object_id": object_id,
        "seq": seq,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "data": payload,
        "state": state,
        "created_at": now,
        "prev_hash": prev_hash,
        "hash": digest,
    }
    # Positional arguments in field order: the fast path of Model.__init__ (one per event).
    event = AuditEvent(*(values[f.attname] for f in AuditEvent._meta.concrete_fields))
    event._state.adding = False
    event._state.db = connection.alias
    return event


def _hash(label, object_id, seq, actor_id, actor_label, action, payload, state, now, prev_hash):
    return hashing.event_hash(
        model=label,
        object_id=object_id,
        seq=seq,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        data=payload,
        state=state,
        created_at=now,
        prev_hash=prev_hash,
    )


# ---- digests ------------------------------------------------------------------------------------


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after `day` in Vietnam."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=DIGEST_TZ)


def heads_as_of(end: dt.datetime) -> tuple[list[tuple[str, int, str]], int]:
    """Every chain's last event created before `end`, as (chain key, seq, hash), and the event count.

    The chain key is "<app_label>.<model>:<object id>".
    """
    before = AuditEvent.objects.filter(created_at__lt=end)
    successor = AuditEvent.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        seq=OuterRef("seq") + 1,
        created_at__lt=end,
    )
    labels: dict[int, str] = {}
    heads = []
    rows = (
        before.exclude(Exists(successor))
        .order_by()
        .values_list("content_type_id", "object_id", "seq", "hash")
    )
    for ct_id, object_id, seq, hash_ in rows.iterator(chunk_size=5000):
        if ct_id not in labels:
            labels[ct_id] = chain_label(ct_id)
        heads.append((f"{labels[ct_id]}:{object_id}", seq, hash_))
    return heads, before.count()


def chain_label(ct_id: int) -> str:
    ct = ContentType.objects.get_for_id(ct_id)
    return f"{ct.app_label}.{ct.model}"


def digest_compute(day: dt.date, prev_hash: str) -> dict:
    """The digest fields for `day` from the events as they are now (used by create and verify)."""
    heads, events = heads_as_of(day_end(day))
    root = hashing.root_hash(heads)
    return {
        "root_hash": root,
        "chains": len(heads),
        "events": events,
        "prev_hash": prev_hash,
        "hash": hashing.digest_hash(
            day=day, root=root, chains=len(heads), events=events, prev_hash=prev_hash
        ),
    }


def digest_create(day: dt.date, *, now: dt.datetime | None = None) -> AuditDigest:
    """Compute and store the digest of `day` (idempotent: an existing digest is returned as is).

    Refuses a day that is not over yet, and a day earlier than an existing digest (digests chain
    in day order). `now` is the clock, for tests.
    """
    now = now or timezone.now()
    if day_end(day) > now:
        raise DomainError(DIGEST_DAY_NOT_OVER, code="digest_day_not_over")
    with transaction.atomic():
        existing = AuditDigest.objects.filter(day=day).first()
        if existing is not None:
            return existing
        if AuditDigest.objects.filter(day__gt=day).exists():
            raise DomainError(DIGEST_OUT_OF_ORDER, code="digest_out_of_order")
        prev = AuditDigest.objects.filter(day__lt=day).order_by("-day").first()
        fields = digest_compute(day, prev.hash if prev else "")
        digest = AuditDigest(day=day, created_at=now, **fields)
        digest.save(force_insert=True)
    return digest
