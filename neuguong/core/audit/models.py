"""Audit events chained per record, the chain heads that make appending cheap, and the daily digests.

The exact bytes that are hashed are defined in `hashing.py` and documented in docs/audit-and-outbox.md.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit.hashing import CanonicalJSONEncoder
from neuguong.core.errors import DomainError

EVENT_IMMUTABLE = _("Audit events cannot be changed or deleted.")
DIGEST_IMMUTABLE = _("Audit digests cannot be changed or deleted.")


class ImmutableQuerySet(models.QuerySet):
    """Bulk update/delete through the ORM are refused; raw SQL is what `audit verify` is for."""

    message = EVENT_IMMUTABLE

    def update(self, **kwargs):
        raise DomainError(self.message, code="immutable")

    def delete(self):
        raise DomainError(self.message, code="immutable")


class DigestQuerySet(ImmutableQuerySet):
    message = DIGEST_IMMUTABLE


class AuditEvent(models.Model):
    """One link of a record's hash chain. Written only by `log_action`."""

    # No index of its own: the chain constraint (content_type, object_id, seq) starts with it, and
    # every index costs each of the millions of inserts a generator makes.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("record type"),
        db_index=False,
    )
    object_id = models.CharField(_("record id"), max_length=64)
    seq = models.PositiveIntegerField(_("sequence"))
    # PROTECT: the actor's id is hashed, so the user row may be deactivated but never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor label"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    # Stored as canonical JSON (where the database keeps text), the very text that was hashed.
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=CanonicalJSONEncoder)
    state = models.JSONField(
        _("audited fields after the action"),
        default=dict,
        blank=True,
        encoder=CanonicalJSONEncoder,
    )
    created_at = models.DateTimeField(_("time"), db_index=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)
    # The rule that computed `hash` (hashing.EVENT_RULES); verify checks each event by its own.
    hash_version = models.PositiveSmallIntegerField(_("hash version"), default=1)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["content_type_id", "object_id", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "seq"], name="audit_event_chain_seq"
            )
        ]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}#{self.seq}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DomainError(EVENT_IMMUTABLE, code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DomainError(EVENT_IMMUTABLE, code="immutable")


class AuditChainHead(models.Model):
    """The last link of each chain, so appending costs one locked read instead of a scan.

    It is a cache that `audit verify` checks against the events: it also catches the deletion of
    a chain's *last* event, which no link would reveal.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.CharField(_("record id"), max_length=64)
    seq = models.PositiveIntegerField(_("sequence"))
    hash = models.CharField(_("hash"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), db_index=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="audit_head_chain")
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}#{self.seq}"


class AuditDigest(models.Model):
    """A published daily hash over every chain head, itself chained to the previous digest."""

    day = models.DateField(_("day"), unique=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    chains = models.PositiveIntegerField(_("chains"))
    events = models.PositiveIntegerField(_("events"))
    prev_hash = models.CharField(_("previous digest hash"), max_length=64, blank=True)
    hash = models.CharField(_("digest hash"), max_length=64)
    # 1: a root over every chain head; 2: incremental, over the events of the day (hashing.py).
    hash_version = models.PositiveSmallIntegerField(_("hash version"), default=1)
    created_at = models.DateTimeField(_("computed at"))

    objects = DigestQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit digest")
        verbose_name_plural = _("audit digests")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day} {self.hash[:12]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DomainError(DIGEST_IMMUTABLE, code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DomainError(DIGEST_IMMUTABLE, code="immutable")
