from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "neuguong.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # The timeline's labels for the tokens issued and revoked from the staff page (api/services.py).
        from neuguong.core.audit.labels import register

        register(
            "core.apitoken",
            actions={"issued": _("API token issued"), "revoked": _("API token revoked")},
            fields={
                "user_id": _("Account"),
                "name": _("Name of the token"),
                "prefix": _("Prefix"),
                "revoked_at": _("revoked at"),
            },
            tones={"revoked": "warn"},
        )
