"""Audit chains written in bulk, for generators (`neuguong seed`) and imports. Not for requests.

    with ChainWriter() as writer:
        for dossier in generated:
            writer.append(dossier, None, "onestop.dossier.received", actor=officer, created_at=t1)
            ...
            writer.finish(dossier)   # its chain will get no more events: free its head

Each event is snapshotted (`registry.snapshot`) and hashed (`hashing.event_digest`) exactly as
`log_action` does it, so `audit verify` cannot tell the two writers apart, and `log_action` can
append to a chain written here. Events are buffered and written `batch` at a time: the rows with
one `executemany` (COPY on PostgreSQL), the chain heads with multi-row upserts, each batch in one
transaction.

Memory: the writer keeps (seq, hash, time) of every chain it touched until `finish()` is called for
it (about 300 bytes a chain), plus one batch of rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction

from neuguong.core.audit import hashing
from neuguong.core.audit.actors import actor_fields
from neuguong.core.audit.digests import day_end
from neuguong.core.audit.models import AuditChainHead, AuditDigest, AuditEvent
from neuguong.core.audit.registry import snapshot

_ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+){2,}$")
_HEAD_ROWS_PER_STATEMENT = 500
_IN_LIST = 500


class ChainWriter:
    """Append events to many chains in memory and write them in batches.

    `using` is the database alias; `batch` the number of events per write. Set `assume_new=True`
    when every chain appended to is known to have no event in the database yet (a fresh
    generator run): the heads are then not looked up.

    With a `sink`, a flush hands each built batch, `(event rows, head rows)`, to `sink` instead of
    writing it: a generator can hash in worker processes (each owning whole chains, with
    `assume_new`) and pass the batches to one process that calls `write_batch`.
    """

    def __init__(
        self,
        using: str = "default",
        batch: int = 5000,
        *,
        assume_new: bool = False,
        sink: Callable[[list[tuple], list[tuple]], None] | None = None,
    ):
        self.using = using
        self.sink = sink
        self.batch = batch
        self.assume_new = assume_new
        self.written = 0
        # (ct_id, object_id) -> (seq, hash, created_at) of each chain's last event.
        self._heads: dict[tuple[int, str], tuple[int, str, dt.datetime]] = {}
        self._pending: list[tuple] = []
        self._finished: set[tuple[int, str]] = set()
        self._models: dict[str, tuple[int, str]] = {}
        self._actors: dict[int, tuple[int | None, str]] = {}
        # Events before the end of the last published digest's day would rewrite a sealed day.
        last = (
            AuditDigest.objects.using(using).order_by("-day").values_list("day", flat=True).first()
        )
        self.sealed_until = day_end(last) if last is not None else None

    # ---- appending ----------------------------------------------------------------------------

    def append(
        self,
        obj_or_label,
        object_id=None,
        action: str = "",
        *,
        actor=None,
        data: dict | None = None,
        state: dict | None = None,
        created_at: dt.datetime,
    ) -> None:
        """Queue one event for the chain of a record.

        `obj_or_label` is a saved model instance (then `object_id` defaults to its pk and `state`
        to `registry.snapshot(obj)`) or a model label "app_label.model" (then give `object_id`
        and, for a registered model, the `state` that `snapshot()` would give for the record as it
        is after this event). `actor` is a user, a system label, an (id, label) pair or None;
        `created_at` the event's (aware) historical time, after the last published digest's day
        (ValueError otherwise). A time earlier than the chain's previous event is moved up to
        it, as `log_action` does when the clock steps back.
        """
        if not _ACTION_RE.match(action):
            raise ValueError(f"not an audit action code (app.model.verb): {action!r}")
        if created_at.tzinfo is None:
            raise ValueError("created_at must be an aware datetime")
        if self.sealed_until is not None and created_at < self.sealed_until:
            raise ValueError(
                f"{created_at} is in a day whose audit digest is published already "
                f"(events must be after {self.sealed_until})"
            )
        if isinstance(obj_or_label, str):
            label = obj_or_label.lower()
        else:
            label = obj_or_label._meta.concrete_model._meta.label_lower
            if object_id is None:
                object_id = obj_or_label.pk
            if state is None:
                state = snapshot(obj_or_label)
        if object_id is None:
            raise ValueError("object_id is required")
        ct_id = self._ct_id(label)
        key = (ct_id, str(object_id))
        if self._finished:
            self._finished.discard(key)
        actor_id, actor_label = self._actor(actor)
        self._pending.append(
            (
                key,
                label,
                action,
                actor_id,
                actor_label,
                # One canonical text each, hashed and stored as it is.
                hashing.json_text(data) if data else "{}",
                hashing.json_text(state) if state else "{}",
                created_at,
            )
        )
        if len(self._pending) >= self.batch:
            self.flush()

    def finish(self, obj_or_label, object_id=None) -> None:
        """The chain gets no more events from this writer: forget its head after the next flush."""
        if isinstance(obj_or_label, str):
            label = obj_or_label.lower()
        else:
            label = obj_or_label._meta.concrete_model._meta.label_lower
            object_id = obj_or_label.pk if object_id is None else object_id
        self._finished.add((self._ct_id(label), str(object_id)))

    def head(self, obj_or_label, object_id=None) -> tuple[int, str] | None:
        """(seq, hash) of a chain's last event as this writer knows it after its last flush."""
        if isinstance(obj_or_label, str):
            label = obj_or_label.lower()
        else:
            label = obj_or_label._meta.concrete_model._meta.label_lower
            object_id = obj_or_label.pk if object_id is None else object_id
        known = self._heads.get((self._ct_id(label), str(object_id)))
        return None if known is None else known[:2]

    # ---- writing ------------------------------------------------------------------------------

    def flush(self) -> int:
        """Hash and write the buffered events and move their chain heads, in one transaction.
        Returns the number of events written."""
        pending, self._pending = self._pending, []
        if not pending:
            self._drop_finished()
            return 0
        heads = dict(self._heads)  # committed to self._heads only once the batch is written
        if not self.assume_new:
            unknown = {entry[0] for entry in pending if entry[0] not in heads}
            heads.update(self._load_heads(unknown))
        db_stamp = _as_is if connections[self.using].vendor == "postgresql" else _sqlite_stamp
        events, touched = _build(pending, heads, db_stamp)
        head_rows = [
            (ct_id, oid, seq, hash_, db_stamp(moment, hashing.timestamp(moment)))
            for (ct_id, oid), (seq, hash_, moment) in touched.items()
        ]
        if self.sink is None:
            write_batch(events, head_rows, self.using)
        else:
            self.sink(events, head_rows)
        self._heads = heads
        self.written += len(events)
        self._drop_finished()
        return len(events)

    def close(self) -> None:
        self.flush()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()

    # ---- internals ----------------------------------------------------------------------------

    def _drop_finished(self):
        for key in self._finished:
            self._heads.pop(key, None)
        self._finished.clear()

    def _ct_id(self, label: str) -> int:
        known = self._models.get(label)
        if known is None:
            app_label, model = label.split(".")
            ct = ContentType.objects.db_manager(self.using).get_by_natural_key(app_label, model)
            known = self._models[label] = (ct.pk, label)
        return known[0]

    def _actor(self, actor) -> tuple[int | None, str]:
        if actor is None or isinstance(actor, str | tuple):
            return actor_fields(actor)
        # A user: the label (and whether it is a citizen's pseudonym) is looked up once.
        known = self._actors.get(actor.pk)
        if known is None:
            known = self._actors[actor.pk] = actor_fields(actor)
        return known

    def _load_heads(self, keys: Iterable[tuple[int, str]]) -> dict:
        by_ct: dict[int, list[str]] = {}
        for ct_id, oid in keys:
            by_ct.setdefault(ct_id, []).append(oid)
        found = {}
        manager = AuditChainHead.objects.using(self.using)
        for ct_id, oids in by_ct.items():
            for i in range(0, len(oids), _IN_LIST):
                rows = manager.filter(content_type_id=ct_id, object_id__in=oids[i : i + _IN_LIST])
                for oid, seq, hash_, stamp in rows.values_list(
                    "object_id", "seq", "hash", "updated_at"
                ):
                    found[(ct_id, oid)] = (seq, hash_, stamp)
        return found


_STATEMENTS: dict[str, dict] = {}


def _statements(conn) -> dict:
    sql = _STATEMENTS.get(conn.vendor)
    if sql is None:
        fields = {f.attname: f for f in AuditEvent._meta.concrete_fields if not f.primary_key}
        if set(fields) != set(COLUMNS):  # a new AuditEvent field must be written here too
            raise RuntimeError(f"ChainWriter writes {COLUMNS}, AuditEvent has {tuple(fields)}")
        q = conn.ops.quote_name
        columns = ", ".join(q(fields[a].column) for a in COLUMNS)
        json_cast = "::jsonb" if conn.vendor == "postgresql" else ""
        marks = ", ".join(
            "%s" + (json_cast if fields[a].get_internal_type() == "JSONField" else "")
            for a in COLUMNS
        )
        event, head = q(AuditEvent._meta.db_table), q(AuditChainHead._meta.db_table)
        # Our own table and column names only; every value is a bound parameter.
        sql = _STATEMENTS[conn.vendor] = {
            "event": f"INSERT INTO {event} ({columns}) VALUES ({marks})",  # noqa: S608
            "copy": f"COPY {event} ({columns}) FROM STDIN",
            "head": (
                f"INSERT INTO {head} (content_type_id, object_id, seq, hash, updated_at) "  # noqa: S608
                "VALUES {values} ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
                "seq = excluded.seq, hash = excluded.hash, updated_at = excluded.updated_at"
            ),
        }
    return sql


def write_batch(rows: list[tuple], heads: list[tuple], using: str = "default") -> None:
    """Write one batch built by a ChainWriter: the event rows (in COLUMNS order) and the chain
    heads (content_type_id, object_id, seq, hash, updated_at), in one transaction (or inside the
    caller's). A ChainWriter calls it on flush; a writer process fed by ChainWriters with a `sink`
    calls it itself."""
    conn = connections[using]
    sql = _statements(conn)
    with transaction.atomic(using=using, savepoint=False), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # The driver's own COPY, its errors translated as Django's cursor would.
            with conn.wrap_database_errors, cursor.cursor.copy(sql["copy"]) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(sql["event"], rows)
        for i in range(0, len(heads), _HEAD_ROWS_PER_STATEMENT):
            chunk = heads[i : i + _HEAD_ROWS_PER_STATEMENT]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(sql["head"].format(values=values), [v for head in chunk for v in head])


# The order of the values in each row `_build` makes (the AuditEvent fields but the pk).
COLUMNS = (
    "content_type_id",
    "object_id",
    "seq",
    "actor_id",
    "actor_label",
    "action",
    "data",
    "state",
    "created_at",
    "prev_hash",
    "hash",
    "hash_version",
)


def _as_is(moment: dt.datetime, iso: str):
    return moment


def _sqlite_stamp(moment: dt.datetime, iso: str) -> str:
    """What Django's SQLite backend stores for an aware datetime, str() of it as naive UTC, cut
    from its UTC ISO text `iso` ("YYYY-MM-DDTHH:MM:SS.ffffff+00:00")."""
    return f"{iso[:10]} {iso[11:19] if moment.microsecond == 0 else iso[11:26]}"


def _build(pending: list[tuple], heads: dict, db_stamp) -> tuple[list[tuple], dict]:
    """Chain each pending event to its head (updating `heads`) with the hashing of log_action;
    return the rows (in COLUMNS order, times through `db_stamp`) and the heads moved."""
    version = hashing.HASH_VERSION
    rule = hashing.EVENT_RULES[version]
    timestamp = hashing.timestamp
    sha256 = hashlib.sha256
    rows = []
    touched = {}
    for key, label, action, actor_id, actor_label, data_json, state_json, created_at in pending:
        head = heads.get(key)
        if head is None:
            seq, prev_hash = 1, ""
        else:
            seq, prev_hash = head[0] + 1, head[1]
            if created_at < head[2]:
                created_at = head[2]
        ct_id, oid = key
        stamp = timestamp(created_at)
        text = rule(
            label,
            oid,
            seq,
            actor_id,
            actor_label,
            action,
            data_json,
            state_json,
            stamp,
            prev_hash,
        )
        hash_ = sha256(text.encode()).hexdigest()
        heads[key] = touched[key] = (seq, hash_, created_at)
        rows.append(
            (
                ct_id,
                oid,
                seq,
                actor_id,
                actor_label,
                action,
                data_json,
                state_json,
                db_stamp(created_at, stamp),
                prev_hash,
                hash_,
                version,
            )
        )
    return rows, touched
