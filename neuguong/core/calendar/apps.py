from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    name = "neuguong.core.calendar"
    label = "workcalendar"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from neuguong.core.calendar import signals  # noqa: F401  (connects the cache invalidation)
