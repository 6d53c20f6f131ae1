from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "neuguong.feedback"
    label = "feedback"
    verbose_name = _("Feedback and reception")

    def ready(self):
        from neuguong.core.audit.registry import register
        from neuguong.feedback.models import FeedbackItem
        from neuguong.feedback.selectors import get_item_for_user

        register(
            FeedbackItem,
            # What decides what the citizen is owed (deadlines, answer), who handles it and who
            # the submitter is, so editing any of it in SQL shows in `audit verify`.
            fields=(
                "kind",
                "state",
                "category",
                "agency",
                "handler",
                "submitter_name",
                "submitter_phone",
                "submitter_id_number",
                "submitter_email",
                "submitted_at",
                "accepted_at",
                "answered_at",
                "published_at",
                "due_at",
                "answer",
                "rating",
                "reopened_count",
                "extensions",
                "merged_into",
            ),
            personal=(
                "submitter_name",
                "submitter_phone",
                "submitter_id_number",
                "submitter_email",
            ),
            get_for_user=get_item_for_user,
        )
        self._register_labels()
        # A citizen's sign-in (core.identity.signals.citizen_signed_in) links the items filed under
        # their ID number to their account: the receiver connects on import.
        from neuguong.feedback.services import citizen  # noqa: F401

    def _register_labels(self) -> None:
        try:
            from neuguong.core.audit import labels
        except ImportError:  # issue 8's labels land separately
            return
        from neuguong.feedback.audit_labels import register_labels

        register_labels(labels)
