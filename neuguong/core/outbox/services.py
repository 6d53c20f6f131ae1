"""Writing to the outbox (`enqueue`) and working it off (claim, deliver, retry, dead-letter)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError
from neuguong.core.outbox.constants import (
    BACKOFF_BASE_SECONDS,
    BACKOFF_CAP_SECONDS,
    MAX_ATTEMPTS,
    STALE_CLAIM_SECONDS,
    Channel,
    Status,
)
from neuguong.core.outbox.models import OutboxMessage
from neuguong.core.outbox.transports import transport_for

logger = logging.getLogger("neuguong.outbox")

CHANNEL_UNKNOWN = _("Unknown notification channel.")
RECIPIENT_MISSING = _("A notification needs a recipient.")

_CHANNELS = frozenset(Channel.values)


def enqueue(
    *, channel: str, to: str, subject: str, body: str, topic: str = "", obj=None
) -> OutboxMessage:
    """Queue a message and return its row (saved: pk set).

    The row is written in the caller's transaction: if the business transaction rolls back, nothing
    is sent. Delivery happens later, in `neuguong worker`.
    """
    if channel not in _CHANNELS:
        raise DomainError(CHANNEL_UNKNOWN, code="outbox_channel_unknown")
    if not to:
        raise DomainError(RECIPIENT_MISSING, code="outbox_recipient_missing")
    content_type_id, object_id = None, ""
    if obj is not None:
        content_type_id = ContentType.objects.get_for_model(obj._meta.concrete_model).pk
        object_id = str(obj.pk)
    return OutboxMessage.objects.create(
        channel=channel,
        recipient=to,
        subject=subject[:255],
        body=body,
        topic=topic,
        content_type_id=content_type_id,
        object_id=object_id,
        next_attempt_at=timezone.now(),
    )


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failed ones: 1, 2, 4 ... minutes, capped."""
    return dt.timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
    )


def new_claim_id() -> str:
    return f"{socket.gethostname()[:24]}-{os.getpid()}-{uuid.uuid4().hex[:16]}"


def outbox_claim_batch(*, batch: int = 50, claim_id: str, now: dt.datetime | None = None):
    """Claim up to `batch` due pending rows for `claim_id` and return them (status sending).

    PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint rows without
    waiting. Everywhere: the UPDATE is conditional on status='pending', so a row another worker
    claimed in between is not taken twice (SQLite serialises writers anyway).
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return []
        OutboxMessage.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, claimed_by=claim_id, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(OutboxMessage.objects.filter(claimed_by=claim_id, status=Status.SENDING))


def outbox_deliver(message: OutboxMessage, *, claim_id: str) -> bool:
    """Send one claimed message outside any transaction; mark it sent, or schedule a retry, or
    dead-letter it after MAX_ATTEMPTS. Returns True when sent."""
    try:
        transport_for(message.channel).send(message)
    except Exception as exc:  # any transport failure is retried, never lost
        error = f"{type(exc).__name__}: {exc}"[:2000]
        now = timezone.now()
        mine = OutboxMessage.objects.filter(
            pk=message.pk, claimed_by=claim_id, status=Status.SENDING
        )
        if message.attempts >= MAX_ATTEMPTS:
            mine.update(status=Status.DEAD, last_error=error)
            logger.error(
                "outbox message %s dead after %s attempts: %s", message.pk, message.attempts, error
            )
        else:
            mine.update(
                status=Status.PENDING,
                last_error=error,
                next_attempt_at=now + backoff(message.attempts),
            )
        return False
    OutboxMessage.objects.filter(pk=message.pk, claimed_by=claim_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def outbox_release_stale(*, older_than: int = STALE_CLAIM_SECONDS, now=None) -> int:
    """Put back rows whose worker died mid-delivery. Such a row may be delivered twice (at least
    once beats never); this only happens after a crash, not between live workers."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - dt.timedelta(seconds=older_than)
    ).update(status=Status.PENDING, next_attempt_at=now)


def outbox_process_batch(*, batch: int = 50) -> tuple[int, int]:
    """Claim one batch and deliver it. Returns (claimed, sent)."""
    claim_id = new_claim_id()
    messages = outbox_claim_batch(batch=batch, claim_id=claim_id)
    sent = sum(outbox_deliver(m, claim_id=claim_id) for m in messages)
    return len(messages), sent


def outbox_work(*, batch: int = 50, once: bool = False, sleep: float = 2.0, log=None) -> int:
    """The worker loop. With `once`, stops when nothing is due; otherwise runs until interrupted.
    Returns the number of messages sent."""
    total = 0
    while True:
        outbox_release_stale()
        claimed, sent = outbox_process_batch(batch=batch)
        total += sent
        if claimed and log:
            log(f"claimed {claimed}, sent {sent}")
        if not claimed:
            if once:
                return total
            time.sleep(sleep)


def outbox_retry(queryset) -> int:
    """Re-queue dead or pending messages now, with a fresh attempt budget (admin action)."""
    return queryset.filter(status__in=[Status.DEAD, Status.PENDING]).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_by=""
    )
