"""States, kinds, channels and the three transition tables of the feedback workflow.

One item model carries three kinds, each with its own executable table (core.workflow):
- feedback (phản ánh, kiến nghị): submitted → accepted | rejected → (info requested ⇄ accepted) →
  in progress → answered → published → closed; the citizen rates, and may reopen once;
- complaints (khiếu nại, Law on Complaints 02/2011/QH13): accepted or refused, resolved by a decision
  (answered), the decision published without personal data, closed; the complainant may withdraw;
- denunciations (tố cáo, Law on Denunciations 25/2018/QH14): accepted or refused, resolved with an
  extension at most once (twice for a complex case), concluded (answered), closed; never published.

The tables are what runs: services apply them through services/workflow.py, the buttons and the API's
`allowed_actions` are computed from them, the workflow tests are generated from them and
docs/workflows/feedback-*.md are drawn from them (`neuguong feedback_workflow_diagram`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.roles import Role
from neuguong.core.workflow import Transition


class ItemKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback")
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")


class ItemState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    INFO_REQUESTED = "info_requested", _("Information requested")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another item")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    RECEPTION = "reception", _("Reception session")
    DIALOGUE = "dialogue", _("Dialogue conference")
    VISIT = "visit", _("Grassroots visit")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    ACCEPTABLE = "acceptable", _("Acceptable")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


# The seven categories of the issue, seeded by migration 0002 (admins add or retire others).
SEED_CATEGORIES = (
    ("land", _("Land"), "Đất đai"),
    ("site_clearance", _("Site clearance and compensation"), "Giải phóng mặt bằng, bồi thường"),
    ("policies", _("Policies and benefits"), "Chế độ, chính sách"),
    ("procedures", _("Administrative procedures"), "Thủ tục hành chính"),
    ("infrastructure", _("Infrastructure"), "Hạ tầng"),
    ("environment", _("Environment"), "Môi trường"),
    ("other", _("Other"), "Khác"),
)

S = ItemState

# Open311 GeoReport v2: "closed" is published, closed, rejected (and merged, withdrawn: nothing more
# will be done on this request); every other state is "open".
CLOSED_FOR_OPEN311 = frozenset({S.PUBLISHED, S.CLOSED, S.REJECTED, S.MERGED, S.WITHDRAWN})
FINAL_STATES = frozenset({S.CLOSED, S.REJECTED, S.MERGED, S.WITHDRAWN})
# States in which an agency still owes work (the at-risk and late queues).
OPEN_STATES = frozenset({S.SUBMITTED, S.ACCEPTED, S.INFO_REQUESTED, S.IN_PROGRESS, S.ANSWERED})
PUBLIC_STATES = frozenset({S.PUBLISHED, S.CLOSED})

_STAFF = frozenset({Role.RECEPTION, Role.SPECIALIST, Role.HEAD, Role.ADMIN})
_OFFICE = frozenset({Role.SPECIALIST, Role.HEAD, Role.ADMIN})
_LEAD = frozenset({Role.HEAD, Role.ADMIN})
_CITIZEN = frozenset({Role.CITIZEN})
_WORKING = frozenset({S.SUBMITTED, S.ACCEPTED, S.INFO_REQUESTED, S.IN_PROGRESS})

FEEDBACK_TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(frozenset({S.SUBMITTED}), S.ACCEPTED, _STAFF, _("Accept")),
    "reject": Transition(frozenset({S.SUBMITTED}), S.REJECTED, _STAFF, _("Reject")),
    "request_info": Transition(
        frozenset({S.ACCEPTED}), S.INFO_REQUESTED, _STAFF, _("Ask for more information")
    ),
    # The submitter answers the request (or the desk records their answer).
    "provide_info": Transition(
        frozenset({S.INFO_REQUESTED}),
        S.ACCEPTED,
        _STAFF | _CITIZEN,
        _("Provide the information"),
    ),
    "start": Transition(frozenset({S.ACCEPTED}), S.IN_PROGRESS, _STAFF, _("Start handling")),
    "answer": Transition(frozenset({S.IN_PROGRESS}), S.ANSWERED, _OFFICE, _("Answer")),
    "publish": Transition(frozenset({S.ANSWERED}), S.PUBLISHED, _LEAD, _("Publish the answer")),
    "close": Transition(frozenset({S.PUBLISHED}), S.CLOSED, _STAFF, _("Close")),
    "rate": Transition(frozenset({S.PUBLISHED, S.CLOSED}), None, _CITIZEN, _("Rate the answer")),
    # Once, within the rulebook's window; it counts against the agency (services check both).
    "reopen": Transition(
        frozenset({S.PUBLISHED, S.CLOSED}), S.IN_PROGRESS, _CITIZEN, _("Reopen (not satisfied)")
    ),
    "reassign": Transition(_WORKING, None, _OFFICE | {Role.RECEPTION}, _("Reassign")),
    "merge": Transition(_WORKING, S.MERGED, _OFFICE, _("Merge into another item")),
}

COMPLAINT_TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(frozenset({S.SUBMITTED}), S.ACCEPTED, _STAFF, _("Accept the complaint")),
    "reject": Transition(
        frozenset({S.SUBMITTED}), S.REJECTED, _STAFF, _("Refuse to accept the complaint")
    ),
    "start": Transition(frozenset({S.ACCEPTED}), S.IN_PROGRESS, _OFFICE, _("Start verification")),
    "answer": Transition(
        frozenset({S.IN_PROGRESS}), S.ANSWERED, _LEAD, _("Issue the resolution decision")
    ),
    "publish": Transition(frozenset({S.ANSWERED}), S.PUBLISHED, _LEAD, _("Publish the decision")),
    "close": Transition(frozenset({S.PUBLISHED}), S.CLOSED, _STAFF, _("Close")),
    "withdraw": Transition(
        frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS}),
        S.WITHDRAWN,
        _STAFF | _CITIZEN,
        _("Withdraw the complaint"),
    ),
    "reassign": Transition(
        frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS}), None, _LEAD, _("Reassign")
    ),
}

DENUNCIATION_TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(
        frozenset({S.SUBMITTED}), S.ACCEPTED, _OFFICE, _("Accept the denunciation")
    ),
    "reject": Transition(
        frozenset({S.SUBMITTED}), S.REJECTED, _OFFICE, _("Refuse to accept the denunciation")
    ),
    "start": Transition(frozenset({S.ACCEPTED}), S.IN_PROGRESS, _OFFICE, _("Start verification")),
    # Once for a complex case, twice for an especially complex one (services check the count).
    "extend": Transition(frozenset({S.IN_PROGRESS}), None, _LEAD, _("Extend the deadline")),
    "answer": Transition(frozenset({S.IN_PROGRESS}), S.ANSWERED, _LEAD, _("Issue the conclusion")),
    "close": Transition(frozenset({S.ANSWERED}), S.CLOSED, _OFFICE, _("Close")),
    "reassign": Transition(
        frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS}), None, _LEAD, _("Reassign")
    ),
}

TABLES: dict[str, dict[str, Transition]] = {
    ItemKind.FEEDBACK: FEEDBACK_TRANSITIONS,
    ItemKind.COMPLAINT: COMPLAINT_TRANSITIONS,
    ItemKind.DENUNCIATION: DENUNCIATION_TRANSITIONS,
}

# Rulebook keys this app reads. The feedback.deadline.* ones are seeded by the rules app (unverified);
# the others by this app's migration 0003 with their articles.
FEEDBACK_REOPEN_WINDOW_DAYS = "feedback.reopen_window_days"
COMPLAINT_ACCEPT_DAYS = "complaint.deadline.accept_days"
COMPLAINT_FIRST_DAYS = "complaint.deadline.first_days"
COMPLAINT_SECOND_DAYS = "complaint.deadline.second_days"
DENUNCIATION_ACCEPT_DAYS = "denunciation.deadline.accept_days"
DENUNCIATION_RESOLVE_DAYS = "denunciation.deadline.resolve_days"
DENUNCIATION_EXTENSION_DAYS = "denunciation.deadline.extension_days"

# Attachments: what a feedback attachment may be (judged by content, core.validation.validate_upload).
ATTACHMENT_MAX_COUNT = 5
# An item is "at risk" when its current deadline is within this many working days.
AT_RISK_WORKING_DAYS = 1
