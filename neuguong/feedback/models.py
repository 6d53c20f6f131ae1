"""Feedback items (phản ánh, kiến nghị), complaints and denunciations, and what serves them:
categories, routing rules, attachments, supporters, answer templates, transitions, Open311 clients."""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import SearchableModel, TimeStampedModel, TransitionRecord
from neuguong.core.text import fold
from neuguong.feedback.constants import Channel, ItemKind, ItemState, Rating


class Category(TimeStampedModel):
    """A kind of matter (land, site clearance, …), admin-configurable; Open311 lists them as services."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # "Administrative procedures" items may link a one-stop dossier.
    links_dossier = models.BooleanField(_("may link a dossier"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ("order", "code")

    def __str__(self) -> str:
        return self.name


class RoutingRule(TimeStampedModel):
    """Which agency answers items of a category from a commune. The most specific active rule wins
    (category and commune, then commune, then category, then the catch-all)."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("category")
    )
    commune = models.ForeignKey(
        "org.AdministrativeUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "commune"], name="feedback_routing_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.commune or '*'} → {self.agency}"


class FeedbackItem(SearchableModel, TimeStampedModel):
    """One matter raised by a citizen: feedback, a complaint or a denunciation (its `kind` picks its table)."""

    # Only what a public page shows is searchable (no names, no phones): the public search must not
    # find an item by anything its public page leaves out. See `build_search_text`.
    search_fields = ("code", "title", "body", "answer")

    code = models.CharField(_("code"), max_length=30, unique=True)
    # Open311's token (tokens/{token}): handed out at once, before staff see the request.
    token = models.CharField(_("Open311 token"), max_length=32, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.FEEDBACK
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ItemState.choices, default=ItemState.SUBMITTED
    )
    version = models.PositiveIntegerField(_("record version"), default=0)
    province_code = models.CharField(_("province code"), max_length=10, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="items", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("content"))
    commune = models.ForeignKey(
        "org.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="feedback_items",
        verbose_name=_("responsible agency"),
    )
    # The officer handling a complaint or denunciation: the only one who sees a denouncer's identity.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handling officer"),
    )
    submitter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("submitter's account"),
    )
    submitter_name = models.CharField(_("name"), max_length=200, blank=True)
    submitter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    submitter_id_number = models.CharField(_("citizen ID number"), max_length=12, blank=True)
    submitter_email = models.EmailField(_("email"), blank=True)
    dossier = models.ForeignKey(
        "onestop.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier"),
    )
    # Where the item was raised (a reception session, a dialogue issue, a visit): "app.model:pk".
    source_ref = models.CharField(_("raised at"), max_length=80, blank=True, db_index=True)
    # Complaints: the round (first or second) and the circumstances that lengthen the deadline.
    complaint_round = models.PositiveSmallIntegerField(_("complaint round"), default=1)
    is_complex = models.BooleanField(_("complex case"), default=False)
    is_remote = models.BooleanField(_("remote area"), default=False)
    # Denunciations: an especially complex case may be extended twice (Law on Denunciations, Art. 30).
    especially_complex = models.BooleanField(_("especially complex case"), default=False)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)

    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Kept by `item_answer` for indicators 5.2/5.3 (due_at moves on to the publication deadline): the
    # handling deadline in force at the answer, and whether the answer came after it. After a reopen and
    # a second answer, `answered_late` stays True if either answer was late (the worst is kept).
    answer_due_at = models.DateTimeField(_("answer deadline"), null=True, blank=True)
    answered_late = models.BooleanField(_("answered late"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The deadline the agency is working to now (reject/accept, handle, publish), from the rulebook.
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    answer = models.TextField(_("official answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    info_request = models.TextField(_("information requested"), blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    # The agency the reopen counts against (the one that gave the answer).
    reopened_against = models.ForeignKey(
        "org.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopen counted against"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("merged into"),
    )
    supporters_count = models.PositiveIntegerField(_("supporters"), default=0)

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ("-submitted_at",)
        indexes = [
            models.Index(fields=["agency", "state", "due_at"], name="feedback_queue_idx"),
            models.Index(fields=["state", "published_at"], name="feedback_public_idx"),
            models.Index(fields=["kind", "state"], name="feedback_kind_state_idx"),
            models.Index(fields=["answered_at"], name="feedback_answered_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def build_search_text(self) -> str:
        """The folded text the public search matches, per kind, exactly what the public page shows:
        feedback its code, title, content and answer; a complaint its code, title and decision (its
        statement names the complainant and is never shown); a denunciation nothing (never public)."""
        return public_search_text(self)

    def verify_matches(self, last4: str) -> bool:
        """The public second factor: the last 4 digits of the submitter's phone (or citizen ID)."""
        last4 = (last4 or "").strip()
        if not re.fullmatch(r"[0-9]{4}", last4):
            return False
        phone = re.sub(r"\D", "", self.submitter_phone or "")
        id_number = self.submitter_id_number or ""
        return (len(phone) >= 4 and phone[-4:] == last4) or (
            len(id_number) >= 4 and id_number[-4:] == last4
        )

    @property
    def is_late(self) -> bool:
        from neuguong.feedback.constants import OPEN_STATES

        return bool(self.due_at and self.state in OPEN_STATES and self.due_at < timezone.now())

    @property
    def is_public(self) -> bool:
        from neuguong.feedback.constants import PUBLIC_STATES

        return self.kind != ItemKind.DENUNCIATION and self.state in PUBLIC_STATES


# What each kind's public page shows, so what the public search may match (see FeedbackItem).
PUBLIC_SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    ItemKind.FEEDBACK: ("code", "title", "body", "answer"),
    ItemKind.COMPLAINT: ("code", "title", "answer"),
    ItemKind.DENUNCIATION: (),
}


def public_search_text(item) -> str:
    """`item`'s search text (also used by the migration that rebuilt it, on historical rows)."""
    fields = PUBLIC_SEARCH_FIELDS.get(item.kind, ())
    return fold(" ".join(str(getattr(item, f) or "") for f in fields))


class ItemTransition(TransitionRecord):
    item = models.ForeignKey(
        FeedbackItem,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("feedback item"),
    )
    province_code = models.CharField(_("province code"), max_length=10, db_index=True)
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from state"), max_length=20)
    to_state = models.CharField(_("to state"), max_length=20)

    class Meta:
        verbose_name = _("feedback item transition")
        verbose_name_plural = _("feedback item transitions")
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.item_id} {self.action} {self.from_state}→{self.to_state}"


class Attachment(models.Model):
    item = models.ForeignKey(
        FeedbackItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("feedback item"),
    )
    file = models.FileField(_("file"), upload_to="feedback/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback attachment")
        verbose_name_plural = _("feedback attachments")

    def __str__(self) -> str:
        return self.name


class Supporter(models.Model):
    """Someone who raised the same matter: the submitters of merged duplicates, kept on the item."""

    item = models.ForeignKey(
        FeedbackItem,
        on_delete=models.CASCADE,
        related_name="supporters",
        verbose_name=_("feedback item"),
    )
    from_item = models.ForeignKey(
        FeedbackItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged item"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user account"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")

    def __str__(self) -> str:
        return f"{self.item_id} {self.name}"


class AnswerTemplate(TimeStampedModel):
    """A saved answer an agency reuses for many similar items (bulk answer)."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Open311Client(TimeStampedModel):
    """An Open311 client (an app, a partner's system). Only the key's SHA-256 is stored."""

    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return f"{self.name} · {self.prefix}…"

    @classmethod
    def issue(cls, name: str, contact: str = "") -> tuple[Open311Client, str]:
        raw = "o311_" + secrets.token_urlsafe(24)
        client = cls.objects.create(
            name=name, contact=contact, prefix=raw[:10], key_hash=hash_key(raw)
        )
        return client, raw

    @classmethod
    def authenticate(cls, raw: str) -> Open311Client | None:
        if not raw or len(raw) > 200:
            return None
        return cls.objects.filter(key_hash=hash_key(raw), revoked_at__isnull=True).first()
