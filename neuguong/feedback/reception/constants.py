"""States and the two executable transition tables: reception sessions and dialogue conferences.

Reception session: planned → held → acknowledged (the written acknowledgement sent), or planned →
cancelled. Recording a citizen or a matter is an action on a held session that keeps its state.

Dialogue conference: planned → announced → held → published (the results made public), or
planned/announced → cancelled. Recording a participant or an issue keeps the state "held".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.roles import Role
from neuguong.core.workflow import Transition


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CANCELLED = "cancelled", _("Cancelled")


class DialogueState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Announced")
    HELD = "held", _("Held")
    PUBLISHED = "published", _("Results published")
    CANCELLED = "cancelled", _("Cancelled")


class Position(models.TextChoices):
    """The position a head receives citizens in (the rulebook's reception.minimum.<position>.<level>)."""

    GOV_CHAIR = "gov_chair", _("People's Committee chair")
    PARTY_HEAD = "party_head", _("Party committee secretary")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Language(models.TextChoices):
    VIETNAMESE = "vi", _("Vietnamese")
    THAI = "thai", _("Thái")
    HMONG = "hmong", _("H'Mông")
    OTHER = "other", _("Other minority language")


class DialogueFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class DialogueTrigger(models.TextChoices):
    ANNUAL = "annual", _("Annual dialogue")
    VOTER_REQUEST = "voter_request", _("Requested by voters")
    NECESSITY = "necessity", _("When necessary")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


# Staff who keep a head's reception schedule and dialogues: the head, their office staff, the party
# committee's office and the administrator. Inspectors and supervisors read; citizens never act.
KEEPERS = frozenset({Role.HEAD, Role.SPECIALIST, Role.RECEPTION, Role.PARTY_OFFICE, Role.ADMIN})
SIGNERS = frozenset({Role.HEAD, Role.PARTY_OFFICE, Role.ADMIN})

S = SessionState
SESSION_TRANSITIONS = {
    "hold": Transition(frozenset({S.PLANNED}), S.HELD, KEEPERS, _("Mark as held")),
    "record_citizen": Transition(frozenset({S.HELD}), None, KEEPERS, _("Record a citizen")),
    "record_matter": Transition(frozenset({S.HELD}), None, KEEPERS, _("Record a matter")),
    "acknowledge": Transition(
        frozenset({S.HELD}), S.ACKNOWLEDGED, SIGNERS, _("Send the written acknowledgement")
    ),
    "cancel": Transition(frozenset({S.PLANNED}), S.CANCELLED, KEEPERS, _("Cancel the session")),
}

D = DialogueState
DIALOGUE_TRANSITIONS = {
    "announce": Transition(frozenset({D.PLANNED}), D.ANNOUNCED, KEEPERS, _("Announce")),
    "hold": Transition(frozenset({D.ANNOUNCED}), D.HELD, KEEPERS, _("Mark as held")),
    "record_participant": Transition(frozenset({D.HELD}), None, KEEPERS, _("Record a participant")),
    "record_issue": Transition(frozenset({D.HELD}), None, KEEPERS, _("Record an issue")),
    "publish": Transition(frozenset({D.HELD}), D.PUBLISHED, SIGNERS, _("Publish the results")),
    "cancel": Transition(
        frozenset({D.PLANNED, D.ANNOUNCED}), D.CANCELLED, KEEPERS, _("Cancel the dialogue")
    ),
}

SESSION_VERBS = {
    "hold": "held",
    "record_citizen": "citizen_recorded",
    "record_matter": "matter_recorded",
    "acknowledge": "acknowledged",
    "cancel": "cancelled",
}
DIALOGUE_VERBS = {
    "announce": "announced",
    "hold": "held",
    "record_participant": "participant_recorded",
    "record_issue": "issue_recorded",
    "publish": "published",
    "cancel": "cancelled",
}
