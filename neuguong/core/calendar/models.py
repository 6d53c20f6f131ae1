"""Days the government declares on top of (or against) the `holidays` package: swaps and make-up days."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.calendar.constants import DayKind
from neuguong.core.models import TimeStampedModel


class CalendarDay(TimeStampedModel):
    """One date whose status the administrator sets, with the government notice that says so.

    - day_off: no work that day (a swapped day off, a provincial holiday);
    - working_day: work that day, even a Saturday or a package holiday (a make-up day);
    - cancelled: ignore what the `holidays` package says about this date (the weekday rule applies).
    A row always wins over the package for its date.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(
        _("source"),
        help_text=_("The government notice that declares it, e.g. its number and date."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ("-date",)

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.get_kind_display()} · {self.name}"
