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
        from neuguong.onestop.services import audit_snapshot, audit_snapshots

        register(
            Dossier,
            # Everything that decides whether a dossier was late, what the citizen owes, who
            # handles it and who the applicant is, so editing any of it in SQL shows in verify.
            fields=(
                "procedure",
                "receiving_agency",
                "handling_agency",
                "applicant_name",
                "applicant_id_number",
                "applicant_phone",
                "applicant_address",
                "fee",
                "payment_state",
                "state",
                "received_at",
                "appointment_at",
                "original_appointment_at",
                "processing_ended_at",
                "returned_at",
                "supplement_count",
                "late_by_rule",
                "rescheduled",
                "result_signed_at",
                "result_signed_by",
            ),
            # Kept in the log only as keyed hashes (HMAC), never as values: a purge under the
            # retention rule then leaves every chain verifiable.
            personal=(
                "applicant_name",
                "applicant_id_number",
                "applicant_phone",
                "applicant_address",
            ),
            get_for_user=get_dossier_for_user,
            # The steps (due, hand-over, result, who handed over and received) decide which agency
            # a late dossier is blamed on: a fingerprint of them rides on every dossier event.
            extra=audit_snapshot,
            extra_bulk=audit_snapshots,
        )
        # The timeline's labels for onestop.* codes (docs/ui.md).
        from neuguong.onestop.audit_labels import register_labels
        from neuguong.onestop.intake_labels import register_intake_labels

        register_labels()
        register_intake_labels()
        # A citizen's sign-in (core.identity.signals.citizen_signed_in) links the dossiers filed
        # under their ID number to their account: services.citizen's receiver, connected here.
        from neuguong.onestop.services import citizen  # noqa: F401
