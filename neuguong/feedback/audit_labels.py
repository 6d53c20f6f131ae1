"""Human labels for the feedback audit codes (feedback.item.<verb>), for the audit timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from neuguong.feedback.constants import Channel, ItemKind, ItemState, Rating

ACTIONS = {
    "submitted": _("Item submitted"),
    "accepted": _("Item accepted"),
    "rejected": _("Item rejected"),
    "info_requested": _("More information requested"),
    "info_provided": _("Information provided"),
    "started": _("Handling started"),
    "answered": _("Answered"),
    "published": _("Answer published"),
    "closed": _("Item closed"),
    "rated": _("Answer rated"),
    "reopened": _("Reopened by the citizen"),
    "reassigned": _("Reassigned to another agency"),
    "merged": _("Merged into another item"),
    "withdrawn": _("Withdrawn"),
    "extended": _("Deadline extended"),
    "identity_read": _("Submitter's identity read"),
    "linked": _("Linked to the citizen's account"),
}
FIELDS = {
    "channel": _("Channel"),
    "kind": _("Kind"),
    "agency": _("Agency"),
    "due_at": _("Deadline"),
    "late": _("Late"),
    "rating": _("Rating"),
    "from_agency": _("From agency"),
    "to_agency": _("To agency"),
    "into_code": _("Kept item"),
    "against": _("Counts against"),
}


def _choice(enum):
    def label(value):
        try:
            return str(enum(value).label)
        except ValueError:
            return str(value)

    return label


def register_labels(labels) -> None:
    labels.register(
        "feedback.item",
        actions=ACTIONS,
        fields=FIELDS,
        values={
            "from": _choice(ItemState),
            "to": _choice(ItemState),
            "channel": _choice(Channel),
            "kind": _choice(ItemKind),
            "rating": _choice(Rating),
        },
        public_actions={
            "submitted",
            "accepted",
            "rejected",
            "info_requested",
            "info_provided",
            "started",
            "answered",
            "published",
            "closed",
            "rated",
            "reopened",
        },
        public_fields={"due_at", "rating"},
        tones={"rejected": "bad", "reopened": "warn", "published": "ok", "answered": "ok"},
    )
