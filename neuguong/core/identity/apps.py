from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "neuguong.core.identity"
    label = "identity"
    verbose_name = _("Citizen identity")
