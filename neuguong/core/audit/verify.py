"""`audit verify`: recompute every chain, compare audited records with their last snapshot, and
re-derive the digests.

Streams events in (record type, record id, seq) order with iterator(), so memory holds one chain at a
time plus the last snapshot of each registered record.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from neuguong.core.audit import hashing
from neuguong.core.audit.models import AuditChainHead, AuditDigest, AuditEvent
from neuguong.core.audit.registry import registrations
from neuguong.core.audit.services import chain_label, day_end, digest_compute

CHUNK = 5000


@dataclass
class Report:
    events: int = 0
    chains: int = 0
    records: int = 0
    digests: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _since_start(since: dt.date | None) -> dt.datetime | None:
    return day_end(since - dt.timedelta(days=1)) if since else None


def verify(since: dt.date | None = None) -> Report:
    """Check the whole log (or, with `since`, the chains with events on or after that day, each in
    full, their records, and the digests from that day on; without it only the latest digest is
    re-derived, older ones being anchored by the digest chain)."""
    started = time.monotonic()
    report = Report()
    start = _since_start(since)
    labels: dict[int, str] = {}

    def label(ct_id):
        if ct_id not in labels:
            labels[ct_id] = chain_label(ct_id)
        return labels[ct_id]

    events = AuditEvent.objects.order_by("content_type_id", "object_id", "seq")
    heads = AuditChainHead.objects.order_by("content_type_id", "object_id")
    if start is not None:
        touched = AuditChainHead.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            updated_at__gte=start,
        )
        events = events.filter(Exists(touched))
        heads = heads.filter(updated_at__gte=start)
    head_map = {
        (ct_id, oid): (seq, h)
        for ct_id, oid, seq, h in heads.values_list("content_type_id", "object_id", "seq", "hash")
    }
    registered = {
        ContentType.objects.get_for_model(r.model).pk: r
        for r in registrations()
        if r.attnames or r.extra_bulk
    }
    # (ct_id, object_id) -> (last seq, last action, last state) for registered models.
    last_state: dict[tuple[int, str], tuple[int, str, dict]] = {}

    def problem(ct_id, oid, seq, what):
        where = f"{label(ct_id)} pk={oid}" + (f" seq={seq}" if seq is not None else "")
        report.problems.append(f"{where}: {what}")

    def close_chain(key, seq, hash_, action, state):
        report.chains += 1
        head = head_map.pop(key, None)
        if head is None:
            problem(*key, None, "chain has no head row (head deleted or event inserted directly)")
        elif head != (seq, hash_):
            problem(
                *key,
                head[0],
                f"chain ends at seq {seq} but its head says seq {head[0]}: "
                "the last event(s) were deleted or replaced",
            )
        if key[0] in registered:
            last_state[key] = (seq, action, state)

    rows = events.values_list(
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
    cur_key = None
    prev = None  # (seq, hash, created_at, action, state) of the previous event in the chain
    for (
        ct_id,
        oid,
        seq,
        actor_id,
        actor_label,
        action,
        data,
        state,
        created_at,
        prev_hash,
        h,
        version,
    ) in rows.iterator(chunk_size=CHUNK):
        report.events += 1
        key = (ct_id, oid)
        if key != cur_key:
            if cur_key is not None:
                close_chain(cur_key, prev[0], prev[1], prev[3], prev[4])
            cur_key, prev = key, None
        expected = hashing.event_hash(
            model=label(ct_id),
            object_id=oid,
            seq=seq,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            data=data,
            state=state,
            created_at=created_at,
            prev_hash=prev_hash,
            version=version,
        )
        if expected != h:
            problem(ct_id, oid, seq, f"event {action!r} was altered (hash does not match content)")
        if prev is None:
            if seq != 1:
                problem(ct_id, oid, seq, f"events 1..{seq - 1} are missing (deleted)")
            elif prev_hash:
                problem(ct_id, oid, seq, "first event points to a previous hash")
        else:
            if seq != prev[0] + 1:
                problem(ct_id, oid, seq, f"events {prev[0] + 1}..{seq - 1} are missing (deleted)")
            if prev_hash != prev[1]:
                problem(ct_id, oid, seq, f"link broken: prev_hash does not match event {prev[0]}")
            if created_at < prev[2]:
                problem(ct_id, oid, seq, f"time goes backwards after event {prev[0]} (back-dated)")
        prev = (seq, h, created_at, action, state)
    if cur_key is not None:
        close_chain(cur_key, prev[0], prev[1], prev[3], prev[4])
    for (ct_id, oid), (seq, _h) in head_map.items():
        problem(ct_id, oid, seq, "head row without any event (whole chain deleted)")

    _check_records(report, registered, last_state, start, problem)
    _check_digests(report, since)
    report.seconds = time.monotonic() - started
    return report


def _check_records(report, registered, last_state, start, problem):
    for ct_id, reg in registered.items():
        seen = set()
        batch = []
        for row in _record_rows(reg, ct_id, last_state, start):
            batch.append(row)
            if len(batch) >= CHUNK:
                _check_batch(report, reg, ct_id, batch, last_state, seen, problem)
                batch = []
        if batch:
            _check_batch(report, reg, ct_id, batch, last_state, seen, problem)
        for (c, oid), (seq, action, _state) in last_state.items():
            if c == ct_id and oid not in seen and not action.endswith(".deleted"):
                problem(c, oid, seq, "audited record is gone but its last event is not a deletion")


def _check_batch(report, reg, ct_id, rows, last_state, seen, problem):
    """Compare a chunk of records with their last snapshots: the registered fields, then the
    computed extra keys, recomputed for the whole chunk at once (one extra_bulk call)."""
    extras = reg.extra_bulk([str(row[0]) for row in rows]) if reg.extra_bulk else {}
    for row in rows:
        report.records += 1
        oid = str(row[0])
        seen.add(oid)
        last = last_state.get((ct_id, oid))
        if last is None:
            problem(
                ct_id, oid, None, "audited record has no audit event (written around log_action)"
            )
            continue
        seq, _action, state = last
        for attname, value in zip(reg.attnames, row[1:], strict=True):
            if attname not in state:
                continue  # the field was registered after this snapshot was taken
            current = hashing.jsonable(value)
            if current != state[attname]:
                problem(
                    ct_id,
                    oid,
                    seq,
                    f"field {attname!r} is {current!r} in the database "
                    f"but {state[attname]!r} in its last audit event",
                )
        if reg.extra_bulk is None:
            continue
        for key, value in hashing.jsonable(extras.get(oid, {})).items():
            if key in state and value != state[key]:
                problem(
                    ct_id,
                    oid,
                    seq,
                    f"{key!r} computed from the database ({value!r}) differs from its last audit "
                    f"event ({state[key]!r}): its {key} rows were edited around the services",
                )


def _record_rows(reg, ct_id, last_state, start):
    qs = reg.model._default_manager.order_by("pk").values_list("pk", *reg.attnames)
    if start is None:
        yield from qs.iterator(chunk_size=CHUNK)
        return
    # Only the records whose chains moved since `start`, fetched in bounded IN lists.
    oids = [oid for (c, oid) in last_state if c == ct_id]
    for i in range(0, len(oids), 500):
        yield from qs.filter(pk__in=oids[i : i + 500])


def _check_digests(report, since):
    digests = list(
        AuditDigest.objects.order_by("day").values_list(
            "day", "root_hash", "chains", "events", "prev_hash", "hash"
        )
    )
    prev_hash = ""
    for day, root, chains, events, prev, h in digests:
        report.digests += 1
        where = f"audit.auditdigest day={day}"
        if prev != prev_hash:
            report.problems.append(f"{where}: not chained to the previous digest")
        if (
            hashing.digest_hash(day=day, root=root, chains=chains, events=events, prev_hash=prev)
            != h
        ):
            report.problems.append(f"{where}: digest row was altered (hash does not match)")
        prev_hash = h
    to_recompute = [d for d in digests if since is None or d[0] >= since]
    if since is None:
        to_recompute = to_recompute[-1:]
    for day, root, chains, events, prev, _h in to_recompute:
        fresh = digest_compute(day, prev)
        if (fresh["root_hash"], fresh["chains"], fresh["events"]) != (root, chains, events):
            report.problems.append(
                f"audit.auditdigest day={day}: the events as of that day no longer give the "
                f"published root ({fresh['chains']} chains/{fresh['events']} events now, "
                f"{chains}/{events} published): history before that day was rewritten"
            )
