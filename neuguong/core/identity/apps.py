from django.apps import AppConfig
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
        # The apps that act on a sign-in connect to signals.citizen_signed_in from their own ready()
        # (onestop links the dossiers filed under the ID number): core never imports an app.
