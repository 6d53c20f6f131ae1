"""Reads of the audit log."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from neuguong.core.audit.models import AuditDigest, AuditEvent


def events_for(obj):
    """The chain of `obj`, oldest first, with actors loaded (for the `audit/_timeline.html` include)."""
    ct = ContentType.objects.get_for_model(obj._meta.concrete_model)
    return events_for_key(ct, str(obj.pk))


def events_for_key(ct: ContentType, object_id: str):
    return (
        AuditEvent.objects.filter(content_type=ct, object_id=object_id)
        .select_related("actor")
        .order_by("seq")
    )


def digest_list(limit: int | None = 60):
    """The most recent digests, newest first (all of them with `limit=None`, for a pager)."""
    qs = AuditDigest.objects.order_by("-day")
    return qs if limit is None else qs[:limit]


def event_list(*, content_type: ContentType | None = None, day=None):
    """Every audit event, newest first (the inspectors' list), optionally of one record kind and one
    local day. Pages through it with one COUNT; the chain order within a record stays `seq`."""
    import datetime as dt

    from django.utils import timezone

    qs = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if content_type is not None:
        qs = qs.filter(content_type=content_type)
    if day is not None:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        qs = qs.filter(created_at__gte=start, created_at__lt=start + dt.timedelta(days=1))
    return qs
