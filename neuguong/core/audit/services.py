"""Writes to the audit log: `log_action` (the only way to add an event), and the digests
(`digest_create`, `digest_publish_through`, implemented in `digests.py`)."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import hashing
from neuguong.core.audit.actors import actor_fields
from neuguong.core.audit.digests import (
    DIGEST_DAY_NOT_OVER,
    DIGEST_OUT_OF_ORDER,
    DIGEST_TZ,
    chain_label,
    day_end,
    digest_compute,
    digest_create,
    digest_publish_through,
)
from neuguong.core.audit.models import AuditChainHead, AuditEvent
from neuguong.core.audit.registry import snapshot
from neuguong.core.errors import DomainError

__all__ = [  # the digest services are written in digests.py and served from here too
    "DIGEST_DAY_NOT_OVER",
    "DIGEST_OUT_OF_ORDER",
    "DIGEST_TZ",
    "chain_label",
    "day_end",
    "digest_compute",
    "digest_create",
    "digest_publish_through",
    "log_action",
]

ACTION_INVALID = _("An audit action code looks like 'app.model.verb' (lowercase, dot-separated).")
OBJECT_UNSAVED = _("Only saved records can have audit events.")

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
