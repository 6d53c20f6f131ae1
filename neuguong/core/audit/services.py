"""Writes to the audit log: `log_action` (the only way to add an event) and `digest_create`."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import hashing
from neuguong.core.audit.actors import actor_fields
from neuguong.core.audit.models import AuditChainHead, AuditDigest, AuditEvent
from neuguong.core.audit.registry import snapshot
from neuguong.core.errors import DomainError

# Digests close at midnight in Vietnam, whatever the server's clock zone.
DIGEST_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

ACTION_INVALID = _("An audit action code looks like 'app.model.verb' (lowercase, dot-separated).")
OBJECT_UNSAVED = _("Only saved records can have audit events.")
DIGEST_DAY_NOT_OVER = _("The digest of a day can only be computed once that day is over.")
DIGEST_OUT_OF_ORDER = _("A digest for a later day already exists; digests are computed in order.")

_ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+){2,}$")


def log_action(obj, action: str, *, actor=None, data: dict | None = None) -> AuditEvent:
    """Append an event to `obj`'s chain and return it.

    Contract:
    - call it AFTER setting the new values on `obj` and inside the transaction that saves them:
      for a registered model it snapshots the record (`registry.snapshot`: the registered fields,
      personal ones as keyed hashes, plus the computed `extra(obj)`) into `event.state`, which
      `audit verify` later compares with the database;
    - `actor` is a user (a citizen is named by a pseudonym), a plain label for system actors
      (e.g. "system:worker"), an (id, label) pair, or None;
    - `data` (old/new values, reasons) must be JSON-able after `hashing.jsonable`, and must not
      hold personal data;
    - costs 3 queries on the database the record was read from: lock the chain head, insert the
      event, update (or create) the head.
    """
    if not _ACTION_RE.match(action):
        raise DomainError(ACTION_INVALID, code="audit_action_invalid")
    if obj.pk is None:
        raise DomainError(OBJECT_UNSAVED, code="audit_object_unsaved")
    model = obj._meta.concrete_model
    label = model._meta.label_lower
    using = router.db_for_write(AuditEvent, instance=obj)
    ct = ContentType.objects.db_manager(using).get_for_model(model)  # cached after the first call
    object_id = str(obj.pk)
    state = snapshot(obj)
    payload = hashing.jsonable(data or {})
    actor_id, actor_label = actor_fields(actor)

    # savepoint=False: inside the caller's transaction this adds no SAVEPOINT round trips.
    with transaction.atomic(using=using, savepoint=False):
        head = (
            AuditChainHead.objects.using(using)
            .select_for_update()
            .filter(content_type=ct, object_id=object_id)
            .first()
        )
        now = timezone.now()
        if head is None:
            seq, prev_hash = 1, ""
        else:
            seq, prev_hash = head.seq + 1, head.hash
            # A clock step backwards must not make the chain look re-ordered to `verify`.
            now = max(now, head.updated_at)
        version = hashing.HASH_VERSION
        digest = hashing.event_hash(
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
            version=version,
        )
        event = AuditEvent.objects.using(using).create(
            content_type=ct,
            object_id=object_id,
            seq=seq,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            data=payload,
            state=state,
            created_at=now,
            prev_hash=prev_hash,
            hash=digest,
            hash_version=version,
        )
        if head is None:
            # Two first events for one record at once collide on the unique constraint and the
            # loser's transaction fails: first events are almost always written with the record.
            AuditChainHead.objects.using(using).create(
                content_type=ct, object_id=object_id, seq=seq, hash=digest, updated_at=now
            )
        else:
            head.seq, head.hash, head.updated_at = seq, digest, now
            head.save(update_fields=["seq", "hash", "updated_at"])
    return event


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
