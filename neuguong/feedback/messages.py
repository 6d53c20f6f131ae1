"""The feedback services' messages (tests reuse these constants)."""

from django.utils.translation import gettext_lazy as _

TRANSITION_REFUSED = _("The action “%(action)s” is not allowed while the item is “%(state)s”.")
ROLE_REFUSED = _("Your role does not allow the action “%(action)s” on this item.")
STALE_VERSION = _(
    "This item was changed by someone else after you opened it. Reload the page and try again."
)
NOT_OWN_ITEM = _("Only the person who submitted this item may do this.")
SCOPE_REFUSED = _("This item is handled by an agency outside your scope.")
CATEGORY_UNKNOWN = _("Unknown category “%(value)s”.")
COMMUNE_UNKNOWN = _("Unknown commune “%(value)s”.")
DOSSIER_UNKNOWN = _("No dossier has the code “%(value)s”.")
CHANNEL_UNKNOWN = _("Unknown channel “%(channel)s”.")
KIND_UNKNOWN = _("Unknown kind “%(kind)s”.")
NO_ROUTE = _("No agency is set to receive this category in this commune. Ask an administrator.")
REASON_REQUIRED = _("Give a reason.")
ANSWER_REQUIRED = _("Write the answer.")
RATING_INVALID = _("Choose satisfied, acceptable or dissatisfied.")
ALREADY_RATED = _("This answer has already been rated.")
REOPEN_ONCE = _("An item can be reopened only once.")
REOPEN_WINDOW = _("The time to reopen this item (%(days)s days after the answer) has passed.")
MERGE_SELF = _("An item cannot be merged into itself.")
MERGE_TARGET = _("Items can be merged only into an open feedback item of the same agency.")
AGENCY_SAME = _("The item is already with this agency.")
AGENCY_UNKNOWN = _("Unknown agency.")
EXTEND_LIMIT = _(
    "The deadline may be extended only for a complex case (once) or an especially complex one (twice)."
)
ANONYMOUS_DENUNCIATION = _("A denunciation must give the denouncer's name and contact.")
TOO_MANY_ATTACHMENTS = _("At most %(max)s attachments.")
COORDINATES_INVALID = _("Latitude must be between -90 and 90 and longitude between -180 and 180.")

# Notifications (Vietnamese is sent; the English msgids are the source).
SUBJECTS = {
    "received": _("Your feedback was received"),
    "info": _("More information is needed on your feedback"),
    "answered": _("Your feedback has been answered"),
    "due": _("A feedback deadline is approaching"),
}
NOTIFY_RECEIVED = _(
    "Your item %(code)s was received by %(agency)s. Follow it with the code and the last 4 digits "
    "of your phone number."
)
NOTIFY_INFO = _("Item %(code)s: more information is needed: %(request)s")
NOTIFY_ANSWERED = _("Item %(code)s has been answered. See the answer with your code.")
NOTIFY_DUE = _("Item %(code)s is due on %(due)s.")
UNKNOWN_ACTION = _("Unknown action “%(action)s”.")
