from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day (make-up)")
    CANCELLED = "cancelled", _("Cancel the package's entry for this date")
