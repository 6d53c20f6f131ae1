from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "neuguong.onestop"
    label = "onestop"
    verbose_name = _("One-stop shop")

    def ready(self):
        from neuguong.core.audit.registry import register
        from neuguong.onestop.models import Dossier
        from neuguong.onestop.selectors import get_dossier_for_user

        register(
            Dossier,
            fields=("state", "received_at", "appointment_at", "processing_ended_at", "returned_at"),
            get_for_user=get_dossier_for_user,
        )
