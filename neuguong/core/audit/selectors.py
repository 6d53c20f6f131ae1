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
