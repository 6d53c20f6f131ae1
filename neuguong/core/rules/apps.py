from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "neuguong.core.rules"
    label = "rules"
    verbose_name = _("Rulebook")

    def ready(self):
        from neuguong.core.rules import signals  # noqa: F401  (connects the cache invalidation)
