"""Drop the in-memory calendar when a calendar day or a rule (office hours) is written or deleted.

`post_migrate` too: a data migration (historical models) or a flush changes the tables without post_save.
"""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from neuguong.core.calendar.clock import calendar_memo
from neuguong.core.calendar.models import CalendarDay
from neuguong.core.rules.models import Rule


@receiver(post_save, sender=CalendarDay, dispatch_uid="workcalendar_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="workcalendar_day_deleted")
@receiver(post_save, sender=Rule, dispatch_uid="workcalendar_rule_saved")
@receiver(post_delete, sender=Rule, dispatch_uid="workcalendar_rule_deleted")
@receiver(post_migrate, dispatch_uid="workcalendar_migrated")
def _calendar_changed(sender, **kwargs):
    calendar_memo.clear()
