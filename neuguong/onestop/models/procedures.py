"""The procedure catalogue and its process templates."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import SearchableModel, TimeStampedModel
from neuguong.onestop.constants import ActorKind, OnlineLevel
from neuguong.org.constants import UnitLevel


def _default_channels():
    return [1]


class Procedure(SearchableModel, TimeStampedModel):
    """An administrative procedure (thủ tục hành chính) of the national catalogue, as run in the province."""

    search_fields = ("name", "code", "field")

    code = models.CharField(_("national code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=500)
    field = models.CharField(_("field"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    fee = models.DecimalField(_("fee (VND)"), max_digits=12, decimal_places=0, default=0)
    fee_note = models.CharField(_("fee note"), max_length=500, blank=True)
    # The checklist: [{"name": ..., "copies": 1, "original": true, "required": true}, ...]
    # ("required": false for a document the applicant gives only in some cases, "nếu có").
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    channels = models.JSONField(_("channels"), default=_default_channels, blank=True)
    cutoff_time = models.TimeField(
        _("cut-off time"),
        null=True,
        blank=True,
        help_text=_("Received after this time counts from the next working day."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # Decision 766 items 1.1, 1.3 and 3.5 (docs/indicators.md).
    legal_basis_effective_on = models.DateField(
        _("legal basis in force on"),
        null=True,
        blank=True,
        help_text=_("The day the legal document that sets or changes the procedure takes effect."),
    )
    applicants = models.CharField(_("applicants (đối tượng thực hiện)"), max_length=500, blank=True)
    online_payment = models.BooleanField(
        _("fee payable online"),
        default=False,
        help_text=_("The fee can be paid online through the national payment platform."),
    )
    deadline_hours = models.DecimalField(
        _("legal deadline (working hours)"), max_digits=7, decimal_places=2, default=Decimal(0)
    )
    is_active = models.BooleanField(_("active"), default=True)
    province_code = models.CharField(_("province code"), max_length=10, db_index=True, default="11")

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_interconnected(self) -> bool:
        """Liên thông: steps run at more than one fixed agency or level."""
        steps = [
            s for s in self.steps.all() if s.actor_kind not in (ActorKind.RECEIVE, ActorKind.RETURN)
        ]
        agencies = {s.agency_id for s in steps}  # None = the handling agency
        levels = {s.agency_level for s in steps if s.agency_level}
        return len(agencies) > 1 or len(levels) > 1

    @property
    def deadline_label(self) -> str:
        """ "8 giờ làm việc" / "8 working hours" (a plural through ngettext; 0.5 reads as plural)."""
        from django.utils.translation import ngettext

        hours = Decimal(self.deadline_hours)
        n = int(hours) if hours == hours.to_integral_value() else 2
        text = f"{hours.normalize():f}" if hours else "0"
        return ngettext("%(n)s working hour", "%(n)s working hours", n) % {"n": text}

    @property
    def checklist(self) -> list[dict]:
        """The required documents as checklist items, each with its `index` and `required`."""
        from neuguong.onestop.services.checklist import checklist

        return checklist(self)

    @property
    def steps_total_hours(self) -> Decimal:
        return sum((s.hours for s in self.steps.all()), Decimal(0))

    @property
    def deadline_mismatch(self) -> bool:
        """True when the template's steps do not add up to the legal deadline (the admin is warned)."""
        return self.steps_total_hours != self.deadline_hours


class ProcedureStep(models.Model):
    """One step of a procedure's process template."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="steps", verbose_name=_("procedure")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    actor_kind = models.CharField(_("actor"), max_length=10, choices=ActorKind.choices)
    # A fixed agency (e.g. the land registration office); empty = the dossier's handling agency,
    # or the receiving desk for receive and return steps.
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedure_steps",
        verbose_name=_("agency"),
    )
    agency_level = models.CharField(
        _("level"), max_length=10, choices=UnitLevel.choices, blank=True
    )
    hours = models.DecimalField(_("working hours"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "order"], name="procedure_step_order_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
