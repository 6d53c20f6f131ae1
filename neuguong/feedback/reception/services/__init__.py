"""Every write of the reception app: `session_*`, `dialogue_*` and `voter_request_record`."""

from neuguong.feedback.reception.services.dialogues import (
    dialogue_announce,
    dialogue_cancel,
    dialogue_hold,
    dialogue_plan,
    dialogue_publish,
    dialogue_record_issue,
    dialogue_record_participant,
    dialogue_send_reminders,
    voter_request_record,
)
from neuguong.feedback.reception.services.sessions import (
    position_of_term,
    session_acknowledge,
    session_cancel,
    session_hold,
    session_personal_data_read,
    session_plan,
    session_record_citizen,
    session_record_matter,
)

__all__ = [
    "dialogue_announce",
    "dialogue_cancel",
    "dialogue_hold",
    "dialogue_plan",
    "dialogue_publish",
    "dialogue_record_issue",
    "dialogue_record_participant",
    "dialogue_send_reminders",
    "position_of_term",
    "session_acknowledge",
    "session_cancel",
    "session_hold",
    "session_personal_data_read",
    "session_plan",
    "session_record_citizen",
    "session_record_matter",
    "voter_request_record",
]
