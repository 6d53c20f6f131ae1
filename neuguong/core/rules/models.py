"""The rulebook: every number the law sets, as dated data (DESIGN.md §9)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import TimeStampedModel
from neuguong.core.rules.errors import RULE_ENDS_BEFORE_START, RULE_PERIODS_OVERLAP


class RuleQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(effective_from__lte=day).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )

    def overlapping(self, key, start, end):
        """Versions of `key` whose period [effective_from, effective_to] meets [start, end] (end None = open)."""
        qs = self.filter(key=key).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        if end is not None:
            qs = qs.filter(effective_from__lte=end)
        return qs


class Rule(TimeStampedModel):
    """One version of a rule: `value` is in force from `effective_from` to `effective_to` (both inclusive).

    The versions of one key never overlap (checked in `clean()` and again in `save()`), so at any date at most
    one is in force. Read values through `neuguong.core.rules.rule()`, never through this model.
    """

    key = models.CharField(_("key"), max_length=100, db_index=True)
    value = models.JSONField(_("value"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(
        _("effective to"),
        null=True,
        blank=True,
        help_text=_("Last day in force; empty while in force."),
    )
    source = models.TextField(
        _("legal source"), help_text=_("The legal text that sets this value.")
    )
    note = models.TextField(_("note"), blank=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ("key", "-effective_from")
        constraints = [
            models.UniqueConstraint(
                fields=("key", "effective_from"), name="rules_rule_key_from_unique"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="rules_rule_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else "…"
        return f"{self.key} [{self.effective_from:%Y-%m-%d} – {end}]"

    def clean(self):
        super().clean()
        self.validate_period()

    def validate_period(self):
        if self.effective_from is None or not self.key:
            return
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": RULE_ENDS_BEFORE_START})
        clash = (
            Rule.objects.overlapping(self.key, self.effective_from, self.effective_to)
            .exclude(pk=self.pk)
            .order_by("effective_from")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                RULE_PERIODS_OVERLAP,
                code="overlap",
                params={
                    "key": self.key,
                    "start": clash.effective_from.isoformat(),
                    "end": clash.effective_to.isoformat() if clash.effective_to else "…",
                },
            )

    def save(self, *args, **kwargs):
        # The admin validates through clean(); code paths that skip forms must not slip an overlap in either.
        self.validate_period()
        super().save(*args, **kwargs)
