"""`audit verify`: recompute every chain, compare audited records with their last snapshot, and
re-derive the digests.

A command, not a request path: it reads the events with a raw streaming cursor and shares the work
between processes. The work is a list of tasks, each returning its counts and problems:

- `chains`: the events of one slice of one record type, in (record id, seq) order: each hash, seq,
  link and time; then, per chunk of finished chains, their head rows and, for a registered model,
  their records against the last snapshot (one query per chunk, and one `extra_bulk` call);
- `orphans`: head rows without any event (a whole chain deleted);
- `unlogged`: audited records without any event (written around `log_action`);
- `digests`: each digest row's hash and link, and the events of every digest recomputed (version
  2 in one pass over the events by time; the latest version 1 root from the chain heads).

Memory holds one chunk of rows and one chunk of finished chains per process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Count, DateTimeField, Exists, OuterRef, TextField
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime

from neuguong.core.audit import hashing
from neuguong.core.audit.digests import (
    chain_label,
    day_end,
    digest_compute_v1,
    digest_fields,
    local_day,
    scan_windows,
)
from neuguong.core.audit.digests import (
    reading as _reading,
)
from neuguong.core.audit.models import AuditChainHead, AuditDigest, AuditEvent
from neuguong.core.audit.registry import Registration, snapshot_values

CHUNK = 5000
IN_LIST = 500
# Record types with more chains than this are cut into slices, so that the processes share them.
SLICE_MIN = 20_000
SLICES = 4


@dataclass
class Report:
    events: int = 0
    chains: int = 0
    records: int = 0
    digests: int = 0
    seconds: float = 0.0
    processes: int = 1
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, other: Report) -> None:
        self.events += other.events
        self.chains += other.chains
        self.records += other.records
        self.digests += other.digests
        self.problems.extend(other.problems)


def _since_start(since: dt.date | None) -> dt.datetime | None:
    return day_end(since - dt.timedelta(days=1)) if since else None


def verify(since: dt.date | None = None, *, processes: int = 2) -> Report:
    """Check the whole log (or, with `since`, the chains with events on or after that day, each in
    full, their records, and the digests from that day on).

    Runs the tasks in `processes` processes (forked), or in this one inside a transaction (the
    data would not be visible to others) and on an in-memory database."""
    started = time.monotonic()
    start = _since_start(since)
    tasks = _plan(start)
    conn = connections["default"]
    parallel = (
        processes > 1
        and len(tasks) > 1
        and not conn.in_atomic_block
        and not _in_memory_sqlite(conn)
    )
    report = Report(processes=processes if parallel else 1)
    if parallel:
        connections.close_all()  # each process opens its own
        pool = multiprocessing.get_context("fork").Pool(processes)
        try:
            results = pool.map(_run_in_child, tasks, chunksize=1)
            pool.close()
        finally:
            pool.terminate()
            pool.join()
    else:
        results = [_run(task) for task in tasks]
    for result in results:
        report.add(result)
    report.seconds = time.monotonic() - started
    return report


def _in_memory_sqlite(conn: BaseDatabaseWrapper) -> bool:
    if conn.vendor != "sqlite":
        return False
    from django.db.backends.sqlite3.base import DatabaseWrapper

    return isinstance(conn, DatabaseWrapper) and conn.is_in_memory_db()


def _plan(start: dt.datetime | None) -> list[tuple]:
    """The tasks, the largest first: the digests, slices of the chains of each record type that
    has heads, one task for the events of any other type, then the rest."""
    heads = AuditChainHead.objects.order_by()
    if start is not None:
        heads = heads.filter(updated_at__gte=start)
    counts = dict(
        heads.values("content_type_id").annotate(n=Count("id")).values_list("content_type_id", "n")
    )
    slices = []
    for ct_id, count in counts.items():
        bounds: list[str | None] = [None]
        if count > SLICE_MIN:
            mine = heads.filter(content_type_id=ct_id).order_by("object_id")
            step = count // SLICES
            bounds += [mine.values_list("object_id", flat=True)[step * k] for k in range(1, SLICES)]
        bounds.append(None)
        slices += [
            (count / (len(bounds) - 1), ("chains", (ct_id,), (), lo, hi, start))
            for lo, hi in itertools.pairwise(bounds)
        ]
    # The digests first: one pass over the events by time, the longest single task.
    tasks: list[tuple] = [("digests", start)]
    tasks += [task for _size, task in sorted(slices, key=lambda s: -s[0])]
    # Events of a record type without any head row (all its heads deleted) are checked too.
    tasks.append(("chains", (), tuple(counts), None, None, start))
    tasks.append(("orphans", start))
    if start is None:
        tasks += [("unlogged", ct_id) for ct_id in _registered()]
    return tasks


def _registered() -> dict[int, Registration]:
    from neuguong.core.audit.registry import registrations

    return {
        ContentType.objects.get_for_model(r.model).pk: r
        for r in registrations()
        if r.attnames or r.extra_bulk
    }


def _run_in_child(task: tuple) -> Report:
    try:
        return _run(task)
    finally:
        connections.close_all()  # no session left behind when the pool ends


def _run(task: tuple) -> Report:
    kind, *args = task
    checks: dict[str, Callable[..., Report]] = {
        "chains": _check_chains,
        "digests": _check_digests,
        "orphans": _check_orphans,
        "unlogged": _check_unlogged,
    }
    return checks[kind](*args)


# ---- chains --------------------------------------------------------------------------------------


def _iso_from_sqlite(value) -> str:
    """The hashed timestamp text from SQLite's stored text ("YYYY-MM-DD HH:MM:SS[.ffffff]")."""
    if isinstance(value, str):
        if len(value) == 26:
            return f"{value[:10]}T{value[11:]}+00:00"
        if len(value) == 19:
            return f"{value[:10]}T{value[11:]}.000000+00:00"
        value = parse_datetime(value)
    if value.tzinfo is None:  # Django stores UTC, without a zone
        value = value.replace(tzinfo=dt.UTC)
    return hashing.timestamp(value)


def _check_chains(
    only: tuple[int, ...],
    exclude: tuple[int, ...],
    lo: str | None,
    hi: str | None,
    start: dt.datetime | None,
) -> Report:
    """The chains of the record types `only` (or of every type but `exclude`), from record id `lo`
    (included) to `hi` (excluded), in (type, id, seq) order."""
    report = Report()
    registered = _registered()
    conn = connections["default"]
    sqlite = conn.vendor == "sqlite"
    iso = _iso_from_sqlite if sqlite else hashing.timestamp
    q = conn.ops.quote_name
    event_table, head_table = q(AuditEvent._meta.db_table), q(AuditChainHead._meta.db_table)
    where: list[str] = []
    params: list[int | str | None] = []
    if only:
        where.append(f"e.content_type_id IN ({', '.join(['%s'] * len(only))})")
        params += only
    if exclude:
        where.append(f"e.content_type_id NOT IN ({', '.join(['%s'] * len(exclude))})")
        params += exclude
    if lo is not None:
        where.append("e.object_id >= %s")
        params.append(lo)
    if hi is not None:
        where.append("e.object_id < %s")
        params.append(hi)
    if start is not None:
        where.append(
            f"EXISTS (SELECT 1 FROM {head_table} h WHERE h.content_type_id = e.content_type_id "  # noqa: S608
            "AND h.object_id = e.object_id AND h.updated_at >= %s)"
        )
        params.append(conn.ops.adapt_datetimefield_value(start))
    # SQLite: the stored text, not the datetime its converter would parse (and drop the zone of).
    created = "CAST(e.created_at AS TEXT)" if sqlite else "e.created_at"
    sql = (
        "SELECT e.content_type_id, e.object_id, e.seq, e.actor_id, e.actor_label, e.action, "  # noqa: S608
        f"e.data, e.state, {created}, e.prev_hash, e.hash, e.hash_version FROM {event_table} e "
        f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY e.content_type_id, e.object_id, e.seq"
    )
    rules = hashing.EVENT_RULES
    sha256 = hashlib.sha256
    dumps, loads = hashing.dumps, json.loads
    problems = report.problems
    label = ""

    def problem(oid, seq, what, ct_label=None):
        where = f"{ct_label or label} pk={oid}" + (f" seq={seq}" if seq is not None else "")
        problems.append(f"{where}: {what}")

    # The finished chains waiting for their head and record checks:
    # (ct_id, oid, last seq, last hash, last action, last state text).
    closed: list[tuple] = []
    events = 0
    cur_ct = cur_oid = None
    # The previous event's; read only when this event continues its chain.
    p_seq, p_stamp = 0, ""
    p_hash = p_action = p_state = None
    with _reading(conn), conn.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            for ct, oid, seq, actor_id, actor_label, action, data, state, at, prev, h, v in rows:
                events += 1
                if ct != cur_ct:
                    label = chain_label(ct)
                stamp = iso(at)
                rule = rules.get(v)
                if rule is None:
                    problem(oid, seq, f"unknown hash version {v!r}")
                else:
                    event = (label, oid, seq, actor_id, actor_label, action)
                    # SQLite keeps the very text that was hashed; PostgreSQL's jsonb spells it
                    # its own way, so it is parsed and written canonically again.
                    ok = (
                        sqlite
                        and sha256(rule(*event, data, state, stamp, prev).encode()).hexdigest() == h
                    )
                    if not ok:
                        text = rule(*event, dumps(loads(data)), dumps(loads(state)), stamp, prev)
                        if sha256(text.encode()).hexdigest() != h:
                            what = f"event {action!r} was altered (hash does not match content)"
                            problem(oid, seq, what)
                if oid != cur_oid or ct != cur_ct:
                    if cur_oid is not None:
                        closed.append((cur_ct, cur_oid, p_seq, p_hash, p_action, p_state))
                        if len(closed) >= CHUNK:
                            _check_closed(report, registered, closed, problem)
                            closed = []
                    cur_ct, cur_oid = ct, oid
                    if seq != 1:
                        problem(oid, seq, f"events 1..{seq - 1} are missing (deleted)")
                    elif prev:
                        problem(oid, seq, "first event points to a previous hash")
                else:
                    if seq != p_seq + 1:
                        problem(oid, seq, f"events {p_seq + 1}..{seq - 1} are missing (deleted)")
                    if prev != p_hash:
                        problem(oid, seq, f"link broken: prev_hash does not match event {p_seq}")
                    if stamp < p_stamp:
                        problem(oid, seq, f"time goes backwards after event {p_seq} (back-dated)")
                p_seq, p_hash, p_stamp, p_action, p_state = seq, h, stamp, action, state
        if cur_oid is not None:
            closed.append((cur_ct, cur_oid, p_seq, p_hash, p_action, p_state))
        if closed:
            _check_closed(report, registered, closed, problem)
    report.events = events
    return report


def _check_closed(report: Report, registered: dict, closed: list[tuple], problem) -> None:
    """A chunk of finished chains: each against its head row, and its record (if the model is
    audited) against the chain's last snapshot."""
    report.chains += len(closed)
    by_ct: dict[int, list[tuple]] = {}
    for chain in closed:
        by_ct.setdefault(chain[0], []).append(chain[1:])
    for ct_id, chains in by_ct.items():
        ct_label = chain_label(ct_id)

        def here(oid, seq, what, ct_label=ct_label):
            problem(oid, seq, what, ct_label)

        _check_heads(ct_id, chains, here)
        if ct_id in registered:
            _check_records(report, registered[ct_id], chains, here)


def _check_heads(ct_id: int, chains: list[tuple], problem) -> None:
    oids = [c[0] for c in chains]
    heads = {}
    for i in range(0, len(oids), IN_LIST):
        rows = AuditChainHead.objects.filter(
            content_type_id=ct_id, object_id__in=oids[i : i + IN_LIST]
        ).values_list("object_id", "seq", "hash")
        heads.update({oid: (seq, h) for oid, seq, h in rows})
    for oid, seq, hash_, _action, _state in chains:
        head = heads.get(oid)
        if head is None:
            problem(oid, None, "chain has no head row (head deleted or event inserted directly)")
        elif head != (seq, hash_):
            problem(
                oid,
                head[0],
                f"chain ends at seq {seq} but its head says seq {head[0]}: "
                "the last event(s) were deleted or replaced",
            )


def _records(reg, pks: list) -> dict:
    """pk -> the registered fields' values of those records, as `snapshot_values` takes them.

    On SQLite a datetime column is read as its stored text and turned into the hashed UTC text
    directly (what jsonable would make of it), skipping Django's parse-and-localise converter,
    which cost most of the record check (a dossier has seven datetimes)."""
    columns = list(reg.attnames)
    as_text = {}
    if connections["default"].vendor == "sqlite":
        for i, attname in enumerate(reg.attnames):
            if isinstance(reg.model._meta.get_field(attname), DateTimeField):
                columns[i] = f"_audit_text_{i}"
                as_text[columns[i]] = Cast(attname, TextField())
    qs = reg.model._default_manager.annotate(**as_text) if as_text else reg.model._default_manager
    texts = [i for i, column in enumerate(columns) if column in as_text]
    found = {}
    for start in range(0, len(pks), IN_LIST):
        for pk, *values in qs.filter(pk__in=pks[start : start + IN_LIST]).values_list(
            "pk", *columns
        ):
            for i in texts:
                if values[i] is not None:
                    values[i] = _iso_from_sqlite(values[i])
            found[pk] = values
    return found


def _check_records(report: Report, reg, closed: list[tuple], problem) -> None:
    pk_field = reg.model._meta.pk
    by_pk = {}
    for chain in closed:
        try:
            by_pk[pk_field.to_python(chain[0])] = chain
        except ValidationError:  # an id that is no pk of this model: no such record
            if not chain[3].endswith(".deleted"):
                problem(
                    chain[0],
                    chain[1],
                    "audited record is gone but its last event is not a deletion",
                )
    found = _records(reg, list(by_pk))
    extras = reg.extra_bulk([str(pk) for pk in found]) if reg.extra_bulk and found else {}
    for pk, (oid, seq, _hash, action, state_text) in by_pk.items():
        values = found.get(pk)
        if values is None:
            if not action.endswith(".deleted"):
                problem(oid, seq, "audited record is gone but its last event is not a deletion")
            continue
        report.records += 1
        state = json.loads(state_text)
        current = snapshot_values(reg, dict(zip(reg.attnames, values, strict=True)))
        for attname, value in current.items():
            if attname not in state:
                continue  # the field was registered after this snapshot was taken
            if value != state[attname]:
                if attname in reg.personal:
                    what = (
                        "differs from its last audit event (personal data: keyed hashes compared)"
                    )
                else:
                    what = f"is {value!r} in the database but {state[attname]!r} in its last audit event"
                problem(oid, seq, f"field {attname!r} {what}")
        if reg.extra_bulk is None:
            continue
        for key, value in hashing.jsonable(extras.get(str(pk), {})).items():
            if key in state and value != state[key]:
                problem(
                    oid,
                    seq,
                    f"{key!r} computed from the database ({value!r}) differs from its last audit "
                    f"event ({state[key]!r}): its {key} rows were edited around the services",
                )


# ---- heads and records without events ---------------------------------------------------------


def _check_orphans(start: dt.datetime | None) -> Report:
    report = Report()
    heads = AuditChainHead.objects.filter(
        ~Exists(
            AuditEvent.objects.filter(
                content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
            )
        )
    )
    if start is not None:
        heads = heads.filter(updated_at__gte=start)
    for ct_id, oid, seq in heads.values_list("content_type_id", "object_id", "seq"):
        report.problems.append(
            f"{chain_label(ct_id)} pk={oid} seq={seq}: head row without any event "
            "(whole chain deleted)"
        )
    return report


def _check_unlogged(ct_id: int) -> Report:
    report = Report()
    reg = _registered()[ct_id]  # as when the task was planned
    unlogged = (
        reg.model._default_manager.annotate(audit_oid=Cast("pk", CharField()))
        .filter(
            ~Exists(
                AuditEvent.objects.filter(content_type_id=ct_id, object_id=OuterRef("audit_oid"))
            )
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    label = chain_label(ct_id)
    for pk in unlogged.iterator(chunk_size=CHUNK):
        report.problems.append(
            f"{label} pk={pk}: audited record has no audit event (written around log_action)"
        )
    return report


# ---- digests -----------------------------------------------------------------------------------


def _check_digests(start: dt.datetime | None) -> Report:
    report = Report()
    digests = list(AuditDigest.objects.order_by("day"))
    prev_hash = ""
    for d in digests:
        report.digests += 1
        where = f"audit.auditdigest day={d.day}"
        if d.prev_hash != prev_hash:
            report.problems.append(f"{where}: not chained to the previous digest")
        try:
            expected = hashing.digest_row_hash(
                d.hash_version,
                day=d.day,
                root=d.root_hash,
                chains=d.chains,
                events=d.events,
                prev_hash=d.prev_hash,
            )
        except KeyError:
            report.problems.append(f"{where}: unknown hash version {d.hash_version!r}")
            expected = None
        if expected is not None and expected != d.hash:
            report.problems.append(f"{where}: digest row was altered (hash does not match)")
        prev_hash = d.hash
    since = local_day(start) if start is not None else None
    _recompute_v1(report, digests, since)
    _recompute_v2(report, digests, since)
    return report


def _rewritten(report: Report, d, fresh: dict) -> None:
    if (fresh["root_hash"], fresh["chains"], fresh["events"]) != (d.root_hash, d.chains, d.events):
        report.problems.append(
            f"audit.auditdigest day={d.day}: the events no longer give the published "
            f"root ({fresh['chains']} chains/{fresh['events']} events now, "
            f"{d.chains}/{d.events} published): history before that day was rewritten"
        )


def _recompute_v1(report: Report, digests: list, since: dt.date | None) -> None:
    """A version 1 root covers every event before its day's end: without `since` the latest one
    is enough (the digest chain anchors the older ones)."""
    old = [
        (i, d)
        for i, d in enumerate(digests)
        if d.hash_version == 1 and (not since or d.day >= since)
    ]
    if since is None:
        old = old[-1:]
    for _i, d in old:
        _rewritten(report, d, digest_compute_v1(d.day, d.prev_hash))


def _recompute_v2(report: Report, digests: list, since: dt.date | None) -> None:
    """Every version 2 digest (from `since`) recomputed from the events of its window, all in one
    pass over the events by time: each covers what its day added, so each must be redone."""
    first = next(
        (
            i
            for i, d in enumerate(digests)
            if d.hash_version == 2 and (since is None or d.day >= since)
        ),
        None,
    )
    if first is None:
        return
    checked = digests[first:]
    start = day_end(digests[first - 1].day) if first > 0 else None
    windows = scan_windows([day_end(d.day) for d in checked], start)
    for d, fields in zip(checked, windows, strict=True):
        if d.hash_version == 2:
            _rewritten(report, d, digest_fields(d.day, fields, d.prev_hash))
