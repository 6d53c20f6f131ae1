"""Pre-aggregated facts of the indicators (issue 10 §7, docs/indicators.md "Daily facts").

The one-stop services and the seed keep them current inside their own transaction
(`neuguong.dashboards.facts`): never refreshed on a timer. A dashboard sums them instead of reading every
dossier. `neuguong facts --verify` recomputes them from the records and reports any difference.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FactCounts(models.Model):
    """The counts of one agency over a stretch of days (a day: `DailyFact`; a month: `MonthlyFact`),
    with the counting rules of `DailyFact`."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    province_code = models.CharField(_("province code"), max_length=10, default="11")
    received = models.IntegerField(_("received"), default=0)
    received_online = models.IntegerField(_("received online"), default=0)
    with_fee = models.IntegerField(_("received with a fee"), default=0)
    paid_online = models.IntegerField(_("paid online"), default=0)
    digitised = models.IntegerField(_("digitised"), default=0)
    ended = models.IntegerField(_("processing ended"), default=0)
    completed = models.IntegerField(_("ended with a result"), default=0)
    e_results = models.IntegerField(_("electronic results"), default=0)
    complained = models.IntegerField(_("complained or rated dissatisfied"), default=0)
    processing_days = models.DecimalField(
        _("working days (sum, with a result)"), max_digits=14, decimal_places=2, default=0
    )
    late = models.IntegerField(_("late (agency at fault)"), default=0)
    step_ended = models.IntegerField(_("ended with a work step here"), default=0)
    step_ended_unit = models.IntegerField(_("ended with a work step in this commune"), default=0)

    class Meta:
        abstract = True


class DailyFact(FactCounts):
    """One agency's counts for one day of Vietnam's calendar.

    Volume counts (received, online, fee, paid online, digitised) are on the day the dossier was
    received, for its handling agency; progress counts (ended, completed, e-results, complained,
    working days) on the day processing ended, for the handling agency; `late` on the day it ended, for
    the agency at fault; `step_ended` for each other agency that had a work step on it, and
    `step_ended_unit` once for each other commune (docs/indicators.md, counting rules).
    """

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily fact")
        verbose_name_plural = _("daily facts")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="daily_fact_agency_day")
        ]
        indexes = [models.Index(fields=["province_code", "day"], name="daily_fact_province_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}"


class MonthlyFact(FactCounts):
    """One agency's counts for one month (`month` is its first day): the sum of its `DailyFact` rows
    of that month, kept current by the same writes (`facts.apply`, the seed's upserts, `rebuild`).
    The dashboards take whole months and read these (~12× fewer rows than the days); the heads over
    their tenure read the days."""

    month = models.DateField(_("month (its first day)"))

    class Meta:
        verbose_name = _("monthly fact")
        verbose_name_plural = _("monthly facts")
        constraints = [
            models.UniqueConstraint(fields=["agency", "month"], name="monthly_fact_agency_month")
        ]
        indexes = [
            models.Index(fields=["province_code", "month"], name="monthly_fact_province_month")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%Y-%m}"


class ProcedureMonthFact(models.Model):
    """One agency's counts for one procedure in one month: the items counted per procedure (3.2 online
    services used, 3.5b procedures with online payments) need which procedures had dossiers, not only how
    many dossiers. Counted on the month the dossier was received."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    procedure = models.ForeignKey(
        "onestop.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure")
    )
    month = models.DateField(_("month (its first day)"))
    province_code = models.CharField(_("province code"), max_length=10, default="11")
    received_online = models.IntegerField(_("received online"), default=0)
    with_fee = models.IntegerField(_("received with a fee"), default=0)
    paid_online = models.IntegerField(_("paid online"), default=0)

    class Meta:
        verbose_name = _("monthly procedure fact")
        verbose_name_plural = _("monthly procedure facts")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "month"], name="procedure_fact_unique"
            )
        ]
        indexes = [models.Index(fields=["province_code", "month"], name="procedure_fact_month")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.procedure_id} {self.month:%Y-%m}"
