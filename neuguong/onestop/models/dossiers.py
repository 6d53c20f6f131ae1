"""Dossiers (hồ sơ) and their process control slip, pauses, transitions, documents, apology, rating."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import SearchableModel, TimeStampedModel, TransitionRecord
from neuguong.core.text import mask_digits
from neuguong.onestop.constants import (
    ActorKind,
    Channel,
    DossierState,
    PaymentMethod,
    PaymentState,
    RatingValue,
    StepResult,
)

ID_NUMBER_INVALID = _("A citizen ID number has exactly 12 digits.")
# ASCII digits only: \d would take Arabic-Indic or fullwidth digits, and $ a trailing newline.
_ID_RE = re.compile(r"[0-9]{12}")


def validate_id_number(value: str) -> None:
    if not _ID_RE.fullmatch(value or ""):
        raise ValidationError(ID_NUMBER_INVALID, code="invalid_id_number")


class DailySequence(models.Model):
    """The last dossier number issued by an agency on a day. Intake locks this row to number dossiers."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    day = models.DateField(_("day"))
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("daily sequence")
        verbose_name_plural = _("daily sequences")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="daily_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.last_number}"


class Dossier(SearchableModel, TimeStampedModel):
    search_fields = ("code", "applicant_name", "procedure_name")

    code = models.CharField(_("code"), max_length=60, unique=True)
    procedure = models.ForeignKey(
        "onestop.Procedure",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("procedure"),
    )
    province_code = models.CharField(_("province code"), max_length=10, db_index=True, default="11")
    # The edit token: core.workflow bumps it on every action, and a form opened on an older version
    # is refused (two officers acting from stale pages).
    # "edit version", not "version": Django's own Vietnamese catalogue (contrib.auth, listed first)
    # translates "version" as "version".
    version = models.PositiveIntegerField(_("edit version"), default=0)
    receiving_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="dossiers_received",
        verbose_name=_("receiving agency"),
    )
    handling_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="dossiers_handled",
        verbose_name=_("handling agency"),
    )
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_id_number = models.CharField(
        _("citizen ID number"), max_length=12, validators=[validate_id_number]
    )
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_unit = models.ForeignKey(
        "org.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune of residence"),
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("applicant's account"),
    )
    channel = models.PositiveSmallIntegerField(
        _("channel"), choices=Channel.choices, default=Channel.IN_PERSON
    )
    state = models.CharField(
        _("state"),
        max_length=30,
        choices=DossierState.choices,
        default=DossierState.NEW,
        db_index=True,
    )
    fee = models.DecimalField(_("fee (VND)"), max_digits=12, decimal_places=0, default=0)
    payment_state = models.CharField(
        _("payment"), max_length=20, choices=PaymentState.choices, default=PaymentState.NOT_REQUIRED
    )
    # How the fee was paid (online / at the desk / not applicable); the check constraint below and
    # onestop.validation.clean_payment keep it consistent with the fee and the payment state.
    payment_method = models.CharField(
        _("paid by"),
        max_length=20,
        choices=PaymentMethod.choices,
        default=PaymentMethod.NOT_APPLICABLE,
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    original_appointment_at = models.DateTimeField(_("original appointment"), null=True, blank=True)
    processing_ended_at = models.DateTimeField(_("processing ended at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    late_by_rule = models.BooleanField(
        _("late by rule"),
        default=False,
        help_text=_("A second supplement request counts as late (Decision 766/QĐ-TTg)."),
    )
    rescheduled = models.BooleanField(_("rescheduled (apology used)"), default=False)
    current_step = models.ForeignKey(
        "onestop.DossierStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current step"),
    )
    result_number = models.CharField(_("result number"), max_length=100, blank=True)
    result_file = models.FileField(
        _("result document"), upload_to="results/%Y/%m/", null=True, blank=True
    )
    result_signed_by = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result signed by"),
    )
    result_signed_at = models.DateTimeField(_("result signed at"), null=True, blank=True)
    # Denormalised for the searches ("ho tich" finds the civil-status dossiers).
    procedure_name = models.CharField(
        _("procedure name"), max_length=500, blank=True, editable=False
    )
    # The time already paused (supplement awaited), in working hours; the appointment includes it.
    paused_hours = models.DecimalField(
        _("paused (working hours)"), max_digits=8, decimal_places=2, default=0, editable=False
    )
    # Stored when processing ends (issue 10 §7): the indicators read them instead of recomputing the
    # calendar or the steps per request (docs/indicators.md, "Daily facts").
    processing_days = models.DecimalField(
        _("processing time (working days)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Working days from receipt to the end of processing, net of supplement pauses."
        ),
    )
    late_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("agency at fault for lateness"),
    )
    # What this dossier has added to the daily facts (dashboards.DailyFact), so that a change of the
    # dossier moves the facts by the difference, in the same transaction (dashboards/facts.py).
    facts = models.JSONField(
        _("contribution to the daily facts"), default=dict, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_desk_received"),
            models.Index(fields=["handling_agency", "state"], name="dossier_handling_state"),
            models.Index(fields=["state", "appointment_at"], name="dossier_state_appt"),
            # The dossiers ended in a period, province first (the 2.1 drill-down).
            models.Index(
                fields=["province_code", "processing_ended_at"], name="dossier_province_ended"
            ),
        ]
        constraints = [
            # A fee and "not required" contradict each other (issue 8): the payment row is one of
            # no fee / requested / paid online or at the desk.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        fee=0,
                        payment_state=PaymentState.NOT_REQUIRED,
                        payment_method=PaymentMethod.NOT_APPLICABLE,
                    )
                    | models.Q(
                        fee__gt=0,
                        payment_state=PaymentState.REQUESTED,
                        payment_method=PaymentMethod.NOT_APPLICABLE,
                    )
                    | models.Q(
                        fee__gt=0,
                        payment_state=PaymentState.PAID,
                        payment_method__in=[PaymentMethod.ONLINE, PaymentMethod.DESK],
                    )
                ),
                name="dossier_payment_consistent",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        if self.procedure_id and not self.procedure_name:
            self.procedure_name = self.procedure.name
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "procedure_name"}
        fields = kwargs.get("update_fields")
        if fields is not None and not set(fields) & {*self.search_fields, "search_text"}:
            # A state change does not touch the searched fields: skip recomputing search_text
            # (services save dossiers ~10 times each; the demo replays 20,000 of them).
            models.Model.save(self, *args, **kwargs)
            return
        super().save(*args, **kwargs)

    @property
    def due_for_lateness(self):
        """The appointment lateness is judged against (services.deadlines.due_for_lateness)."""
        from neuguong.onestop.services.deadlines import due_for_lateness

        return due_for_lateness(self)

    @property
    def is_late(self) -> bool:
        """Late now, by the one rule in services.deadlines.is_late."""
        from neuguong.onestop.services.deadlines import is_late

        return is_late(self)

    @property
    def masked_id(self) -> str:
        return mask_digits(self.applicant_id_number)

    @property
    def masked_phone(self) -> str:
        return mask_digits(self.applicant_phone)

    @property
    def payment_summary(self) -> str:
        """The fee and how it stands, in one phrase: "Không thu phí", "75.000 ₫ · Đã nộp tại quầy"."""
        from neuguong.onestop.services.payment import payment_summary

        return payment_summary(self)

    def verify_matches(self, last4: str) -> bool:
        """The public second factor: the last 4 digits of the phone number or of the citizen ID."""
        last4 = (last4 or "").strip()
        if not re.fullmatch(r"[0-9]{4}", last4):
            return False
        phone = re.sub(r"\D", "", self.applicant_phone or "")
        return (len(phone) >= 4 and phone[-4:] == last4) or self.applicant_id_number[-4:] == last4

    @property
    def portal_code(self) -> int:
        from neuguong.onestop.constants import PORTAL_CODES

        return PORTAL_CODES[DossierState(self.state)]


class DossierStep(models.Model):
    """One row of the process control slip (phiếu kiểm soát quá trình)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="steps", verbose_name=_("dossier")
    )
    # Every large table carries its province: the distribution key (DESIGN §10).
    province_code = models.CharField(_("province code"), max_length=10, default="11")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    actor_kind = models.CharField(_("actor"), max_length=10, choices=ActorKind.choices)
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="dossier_steps",
        verbose_name=_("agency"),
    )
    hours = models.DecimalField(_("working hours"), max_digits=6, decimal_places=2)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    result = models.CharField(_("result"), max_length=10, choices=StepResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_order_unique")
        ]
        indexes = [models.Index(fields=["agency", "completed_at"], name="dossier_step_agency_done")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.completed_at is None and self.due_at is not None and timezone.now() > self.due_at
        )


class DossierPause(models.Model):
    """The clock stops while a supplement is awaited."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("dossier")
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("dossier pause")
        verbose_name_plural = _("dossier pauses")
        ordering = ["dossier", "started_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.started_at}–{self.ended_at or ''}"


class DossierTransition(TransitionRecord):
    """Every action on a dossier, as a row: its history (timeline).

    The first row of a dossier (received at the desk, or submitted online) has no `from_state`: the
    dossier did not exist before, so its history reads "→ accepted", not "new → accepted".
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("dossier")
    )
    province_code = models.CharField(_("province code"), max_length=10, default="11")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(
        _("from"), max_length=30, choices=DossierState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=30, choices=DossierState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("dossier transition")
        verbose_name_plural = _("dossier transitions")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state or '∅'} → {self.to_state}"


class DossierDocument(models.Model):
    """A document of the dossier: an uploaded file, or a paper the desk received (no file)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="documents", verbose_name=_("dossier")
    )
    name = models.CharField(_("name"), max_length=300)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/", null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    digitised = models.BooleanField(_("digitised"), default=False)
    # Which items of the procedure's checklist (indexes into Procedure.required_documents) this
    # document answers; empty for an extra document.
    checklist_items = models.JSONField(_("checklist items answered"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class Apology(models.Model):
    """The apology letter and new appointment (thư xin lỗi và hẹn lại ngày trả kết quả), allowed once."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="apology", verbose_name=_("dossier")
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="apologies",
        verbose_name=_("agency at fault"),
    )
    step = models.ForeignKey(
        DossierStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("step at fault"),
    )
    reason = models.TextField(_("reason"))
    old_appointment_at = models.DateTimeField(_("old appointment"))
    new_appointment_at = models.DateTimeField(_("new appointment"))
    drafted_at = models.DateTimeField(_("drafted at"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    signed_by = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("apology letter")
        verbose_name_plural = _("apology letters")

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.new_appointment_at}"


class Rating(models.Model):
    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="rating", verbose_name=_("dossier")
    )
    value = models.CharField(_("rating"), max_length=20, choices=RatingValue.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.value}"
