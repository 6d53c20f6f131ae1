"""Reception sessions (tiếp công dân) and dialogue conferences (đối thoại), DESIGN.md §4.

Every row carries `province_code` (the distribution key) and the administrative unit it belongs to,
which is what the scoping (org/access.py) checks. States change only through the services
(services/workflow.py applies constants.SESSION_TRANSITIONS / DIALOGUE_TRANSITIONS).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import TimeStampedModel, TransitionRecord
from neuguong.feedback.reception.constants import (
    DialogueFormat,
    DialogueState,
    DialogueTrigger,
    IssueStatus,
    Language,
    Level,
    Position,
    SessionState,
)


class ReceptionSession(TimeStampedModel):
    """One reception day of one head, in one position (a commune chair, a provincial secretary…)."""

    province_code = models.CharField(_("province code"), max_length=10, db_index=True)
    unit = models.ForeignKey(
        "org.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    head = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("head")
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    party_org = models.ForeignKey(
        "org.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party organisation"),
    )
    scheduled_on = models.DateField(_("date"), db_index=True)
    location = models.CharField(_("location"), max_length=255)
    state = models.CharField(
        _("state"), max_length=20, choices=SessionState.choices, default=SessionState.PLANNED
    )
    version = models.PositiveIntegerField(_("record version"), default=0)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    acknowledgement_due_at = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgement_ref = models.CharField(_("acknowledgement number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["-scheduled_on", "-id"]
        indexes = [
            models.Index(
                fields=["province_code", "head", "scheduled_on"], name="reception_head_day"
            ),
            models.Index(fields=["unit", "scheduled_on"], name="reception_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.head} · {self.scheduled_on:%d/%m/%Y}"

    @property
    def rule_key(self) -> str:
        return f"reception.minimum.{self.position}.{self.level}"


class ReceptionCitizen(models.Model):
    """A citizen received at a session. Their ID number, phone and address are personal data: masked
    in lists, absent from public pages and exports, every unmasked read audited."""

    session = models.ForeignKey(
        ReceptionSession,
        on_delete=models.CASCADE,
        related_name="citizens",
        verbose_name=_("reception session"),
    )
    province_code = models.CharField(_("province code"), max_length=10)
    full_name = models.CharField(_("full name"), max_length=200)
    id_number = models.CharField(_("citizen ID"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.VIETNAMESE
    )
    language_other = models.CharField(_("other language"), max_length=100, blank=True)
    interpreter = models.CharField(_("interpreter"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("citizen received")
        verbose_name_plural = _("citizens received")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.full_name


class ReceptionMatter(models.Model):
    """A matter raised at a session; each becomes a feedback item (channel "reception")."""

    session = models.ForeignKey(
        ReceptionSession,
        on_delete=models.CASCADE,
        related_name="matters",
        verbose_name=_("reception session"),
    )
    citizen = models.ForeignKey(
        ReceptionCitizen,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("citizen received"),
    )
    province_code = models.CharField(_("province code"), max_length=10)
    category_code = models.CharField(_("category"), max_length=40)
    summary = models.CharField(_("summary"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    feedback_item = models.ForeignKey(
        "feedback.FeedbackItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback item"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("matter raised")
        verbose_name_plural = _("matters raised")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.summary


class SessionTransition(TransitionRecord):
    session = models.ForeignKey(
        ReceptionSession,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("reception session"),
    )
    province_code = models.CharField(_("province code"), max_length=10)
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=SessionState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=SessionState.choices)

    class Meta:
        verbose_name = _("reception session transition")
        verbose_name_plural = _("reception session transitions")
        ordering = ["session", "at", "id"]


class Dialogue(TimeStampedModel):
    """A dialogue conference of a commune's government with its people (Law 72/2025/QH15, Art. 43)."""

    province_code = models.CharField(_("province code"), max_length=10, db_index=True)
    unit = models.ForeignKey(
        "org.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    chair = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("chairing head")
    )
    units_taking_part = models.TextField(_("units taking part"), blank=True)
    topic = models.CharField(_("topic"), max_length=300)
    format = models.CharField(
        _("format"), max_length=20, choices=DialogueFormat.choices, default=DialogueFormat.IN_PERSON
    )
    trigger = models.CharField(
        _("reason"), max_length=20, choices=DialogueTrigger.choices, default=DialogueTrigger.ANNUAL
    )
    location = models.CharField(_("location or link"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    state = models.CharField(
        _("state"), max_length=20, choices=DialogueState.choices, default=DialogueState.PLANNED
    )
    version = models.PositiveIntegerField(_("record version"), default=0)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    announcement_late = models.BooleanField(_("announced late"), default=False)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    publish_due_at = models.DateTimeField(_("results due"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    publication_late = models.BooleanField(_("published late"), default=False)
    results = models.TextField(_("results"), blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dialogue conference")
        verbose_name_plural = _("dialogue conferences")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["unit", "starts_at"], name="dialogue_unit_start")]

    def __str__(self) -> str:
        return f"{self.topic} · {self.starts_at:%d/%m/%Y}"


class VoterRequest(models.Model):
    """Voters of a commune asking for a dialogue; at least 10% of them oblige one (Art. 43)."""

    province_code = models.CharField(_("province code"), max_length=10)
    unit = models.ForeignKey(
        "org.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voter_requests",
        verbose_name=_("dialogue conference"),
    )
    received_on = models.DateField(_("received on"))
    signatures = models.PositiveIntegerField(_("voters asking"))
    voters = models.PositiveIntegerField(_("voters in the commune"))
    subject = models.CharField(_("subject"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("voters' request")
        verbose_name_plural = _("voters' requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.signatures}/{self.voters})"

    @property
    def share(self) -> float:
        return self.signatures / self.voters if self.voters else 0.0


class DialogueParticipant(models.Model):
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("dialogue conference"),
    )
    province_code = models.CharField(_("province code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation or village"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("dialogue participant")
        verbose_name_plural = _("dialogue participants")
        ordering = ["dialogue", "id"]

    def __str__(self) -> str:
        return self.name


class DialogueIssue(models.Model):
    """An issue raised at a dialogue: a tracked item with an owner, a commitment and a deadline,
    and a feedback item (channel "dialogue") that carries the answer."""

    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        related_name="issues",
        verbose_name=_("dialogue conference"),
    )
    province_code = models.CharField(_("province code"), max_length=10)
    category_code = models.CharField(_("category"), max_length=40)
    summary = models.CharField(_("summary"), max_length=300)
    owner = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    commitment = models.TextField(_("commitment"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    feedback_item = models.ForeignKey(
        "feedback.FeedbackItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback item"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("dialogue issue")
        verbose_name_plural = _("dialogue issues")
        ordering = ["dialogue", "id"]

    def __str__(self) -> str:
        return self.summary


class DialogueTransition(TransitionRecord):
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("dialogue conference"),
    )
    province_code = models.CharField(_("province code"), max_length=10)
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=DialogueState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=DialogueState.choices)

    class Meta:
        verbose_name = _("dialogue transition")
        verbose_name_plural = _("dialogue transitions")
        ordering = ["dialogue", "at", "id"]
