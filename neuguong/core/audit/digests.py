"""The published daily digests of the audit log.

Version 2 (current) is incremental, in the way of Certificate Transparency: the digest of day D
covers the events created after the previous digest's day, up to the end of D (Vietnam time), and
chains to the previous digest's hash. Computing it costs what those days added, not a pass over
every chain. Version 1 digests (a root over every chain head) stay verifiable by their version.
The exact bytes are in `hashing.py` and docs/audit-and-outbox.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import hashing
from neuguong.core.audit.models import AuditDigest, AuditEvent
from neuguong.core.errors import DomainError

# Digests close at midnight in Vietnam, whatever the server's clock zone.
DIGEST_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

DIGEST_DAY_NOT_OVER = _("The digest of a day can only be computed once that day is over.")
DIGEST_OUT_OF_ORDER = _("A digest for a later day already exists; digests are computed in order.")

CHUNK = 5000


def reading(conn):
    """The context a long streamed read needs: on PostgreSQL a transaction (a server-side cursor
    streams only inside one; not a savepoint), on SQLite none (BEGIN IMMEDIATE would take the
    write lock for the whole read, and a second reading process would wait on it)."""
    if conn.vendor == "postgresql":
        return transaction.atomic(using=conn.alias, savepoint=False)
    return contextlib.nullcontext()


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after `day` in Vietnam."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=DIGEST_TZ)


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(DIGEST_TZ).date()


# ---- version 2: the events of each window ----------------------------------------------------------


def scan_windows(
    ends: list[dt.datetime], start: dt.datetime | None = None, using: str = "default"
) -> list[dict]:
    """For consecutive windows [start, ends[0]), [ends[0], ends[1]), ... (start None: from the
    first event), each window's {"root_hash", "chains", "events"} of digest version 2, in one pass
    over the events ordered by time (raw cursor, streamed: memory holds one run of events that
    share a timestamp)."""
    if not ends:
        return []
    conn = connections[using]
    adapt = conn.ops.adapt_datetimefield_value
    bounds = [adapt(end) for end in ends]
    table = conn.ops.quote_name(AuditEvent._meta.db_table)
    where, params = "created_at < %s", [bounds[-1]]
    if start is not None:
        where, params = "created_at >= %s AND " + where, [adapt(start), *params]
    # SQLite: compare the stored text with the bounds' text, not datetimes its converter parses.
    column = "CAST(created_at AS TEXT)" if conn.vendor == "sqlite" else "created_at"
    sql = f"SELECT {column}, hash, seq FROM {table} WHERE {where} ORDER BY created_at"  # noqa: S608

    out = []
    index = 0
    digest, events, chains = hashlib.sha256(), 0, 0
    tied: list[str] = []  # the hashes of the events that share the current timestamp
    tied_at = None

    def close_window():
        nonlocal digest, events, chains
        out.append({"root_hash": digest.hexdigest(), "chains": chains, "events": events})
        digest, events, chains = hashlib.sha256(), 0, 0

    def flush_tied():
        # Events at the same instant are taken in hash order, so the order is the events' own.
        for h in sorted(tied):
            digest.update(hashing.events_line(h))
        tied.clear()

    with reading(conn), conn.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            for created_at, hash_, seq in rows:
                if created_at != tied_at:
                    flush_tied()
                    tied_at = created_at
                    while created_at >= bounds[index]:
                        close_window()
                        index += 1
                tied.append(hash_)
                events += 1
                if seq == 1:
                    chains += 1
    flush_tied()
    while len(out) < len(ends):
        close_window()
    return out


def digest_fields(day: dt.date, fields: dict, prev_hash: str) -> dict:
    """A version 2 digest row's fields from its window's `scan_windows` result."""
    return {
        **fields,
        "prev_hash": prev_hash,
        "hash_version": 2,
        "hash": hashing.digest_hash_v2(
            day=day,
            events_hash=fields["root_hash"],
            chains=fields["chains"],
            events=fields["events"],
            prev_hash=prev_hash,
        ),
    }


def digest_compute(day: dt.date, previous: AuditDigest | None) -> dict:
    """The version 2 fields of the digest of `day` following `previous`, from the events as they
    are now (used by create and by verify)."""
    start = day_end(previous.day) if previous is not None else None
    (fields,) = scan_windows([day_end(day)], start)
    return digest_fields(day, fields, previous.hash if previous is not None else "")


def digest_publish_through(day: dt.date, *, now: dt.datetime | None = None) -> int:
    """Create every missing digest up to `day`, one per day, in one pass over the events of those
    days. Returns how many were created (0 when `day` has one already).

    The first digest ever is for the day of the first event (or `day`, if earlier). Refuses a day
    that is not over. `now` is the clock, for tests.
    """
    return len(_publish(day, now or timezone.now()))


def digest_create(day: dt.date, *, now: dt.datetime | None = None) -> AuditDigest:
    """The digest of `day`, computed and stored with any missing digest before it (idempotent: an
    existing digest is returned as is). Refuses a day that is not over, and a day earlier than an
    existing digest (digests chain in day order)."""
    now = now or timezone.now()
    existing = AuditDigest.objects.filter(day=day).first()
    if existing is not None:
        return existing
    if AuditDigest.objects.filter(day__gt=day).exists():
        raise DomainError(DIGEST_OUT_OF_ORDER, code="digest_out_of_order")
    return _publish(day, now)[-1]


def _publish(day: dt.date, now: dt.datetime) -> list[AuditDigest]:
    if day_end(day) > now:
        raise DomainError(DIGEST_DAY_NOT_OVER, code="digest_day_not_over")
    with transaction.atomic():
        last = AuditDigest.objects.order_by("-day").first()
        if last is not None and last.day >= day:
            return []
        if last is not None:
            first_day = last.day + dt.timedelta(days=1)
        else:
            first = AuditEvent.objects.order_by("created_at").values_list("created_at").first()
            first_day = min(day, local_day(first[0])) if first else day
        days = [first_day + dt.timedelta(days=n) for n in range((day - first_day).days + 1)]
        windows = scan_windows([day_end(d) for d in days], day_end(last.day) if last else None)
        prev_hash = last.hash if last is not None else ""
        digests = []
        for d, fields in zip(days, windows, strict=True):
            row = digest_fields(d, fields, prev_hash)
            digests.append(AuditDigest(day=d, created_at=now, **row))
            prev_hash = row["hash"]
        AuditDigest.objects.bulk_create(digests, batch_size=500)
    return digests


# ---- version 1: a root over every chain head ----------------------------------------------------


def chain_label(ct_id: int) -> str:
    ct = ContentType.objects.get_for_id(ct_id)
    return f"{ct.app_label}.{ct.model}"


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
    for ct_id, object_id, seq, hash_ in rows.iterator(chunk_size=CHUNK):
        if ct_id not in labels:
            labels[ct_id] = chain_label(ct_id)
        heads.append((f"{labels[ct_id]}:{object_id}", seq, hash_))
    return heads, before.count()


def digest_compute_v1(day: dt.date, prev_hash: str) -> dict:
    """The version 1 fields of the digest of `day` from the events as they are now (verify)."""
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
