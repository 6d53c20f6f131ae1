from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    """Citizen-reception days (tiếp công dân) and dialogue conferences (đối thoại), DESIGN.md §4."""

    name = "neuguong.feedback.reception"
    label = "reception"
    verbose_name = _("Reception days and dialogues")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from neuguong.feedback.reception import audit

        audit.register_all()
