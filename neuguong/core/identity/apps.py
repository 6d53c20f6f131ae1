from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "neuguong.core.identity"
    label = "identity"
    verbose_name = _("Citizen identity")

    def ready(self):
        from neuguong.core.audit.registry import register
        from neuguong.core.identity.models import CitizenIdentity

        register(
            CitizenIdentity,
            fields=("provider", "subject", "id_number", "full_name", "phone", "email"),
            personal=("subject", "id_number", "full_name", "phone", "email"),
        )
        from neuguong.core.audit.labels import register as register_labels

        register_labels(
            "identity.citizen",
            actions={
                "signed_in": _("Signed in with VNeID"),
                "linked": _("Identity linked to the demo account"),
            },
            fields={
                "provider": _("identity provider"),
                "created": _("New account"),
                "demo": _("Demo"),
            },
        )
        # What onestop.services.citizen adds to the dossier's events.
        register_labels(
            "onestop.dossier",
            actions={"linked": _("Dossier linked to the citizen's account")},
            fields={"files": _("Files sent"), "online": _("Sent online")},
        )
        if apps.is_installed("neuguong.onestop"):
            # A sign-in links the dossiers filed under the citizen's ID number to their account.
            from neuguong.onestop.services import citizen  # noqa: F401
