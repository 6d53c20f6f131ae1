"""Audit registration: which fields each event snapshots, and the timeline's labels (issue 8)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _session_for_user(user, pk):
    from neuguong.feedback.reception.selectors import get_session_for_user

    return get_session_for_user(user, pk)


def _dialogue_for_user(user, pk):
    from neuguong.feedback.reception.selectors import get_dialogue_for_user

    return get_dialogue_for_user(user, pk)


def register_all() -> None:
    from neuguong.core.audit.registry import register
    from neuguong.feedback.reception.models import Dialogue, ReceptionSession, VoterRequest

    register(
        ReceptionSession,
        fields=(
            "state",
            "head",
            "position",
            "level",
            "unit",
            "scheduled_on",
            "held_at",
            "acknowledgement_due_at",
            "acknowledged_at",
        ),
        get_for_user=_session_for_user,
    )
    register(
        Dialogue,
        fields=(
            "state",
            "unit",
            "chair",
            "starts_at",
            "announced_at",
            "announcement_late",
            "held_at",
            "publish_due_at",
            "published_at",
            "publication_late",
        ),
        get_for_user=_dialogue_for_user,
    )
    register(VoterRequest, fields=("unit", "received_on", "signatures", "voters", "dialogue"))
    _register_labels()


def _register_labels() -> None:
    try:
        from neuguong.core.audit.labels import register as register_labels
    except ImportError:  # the shared timeline labels (issue 8) are not installed yet
        return
    from neuguong.feedback.reception.constants import DialogueState, SessionState

    def state_label(choices):
        def label(value):
            try:
                return str(choices(value).label)
            except ValueError:
                return value

        return label

    register_labels(
        "reception.session",
        actions={
            "planned": _("Reception day planned"),
            "held": _("Reception day held"),
            "citizen_recorded": _("Citizen received"),
            "matter_recorded": _("Matter recorded"),
            "acknowledged": _("Written acknowledgement sent"),
            "cancelled": _("Reception day cancelled"),
            "personal_data_read": _("Personal data viewed"),
        },
        fields={"from": _("From"), "to": _("To"), "due": _("Due"), "on_time": _("On time")},
        values={"from": state_label(SessionState), "to": state_label(SessionState)},
    )
    register_labels(
        "reception.dialogue",
        actions={
            "planned": _("Dialogue planned"),
            "announced": _("Dialogue announced"),
            "held": _("Dialogue held"),
            "participant_recorded": _("Participant recorded"),
            "issue_recorded": _("Issue recorded"),
            "published": _("Results published"),
            "cancelled": _("Dialogue cancelled"),
            "reminder_sent": _("Reminder sent"),
        },
        fields={"from": _("From"), "to": _("To"), "late": _("Late"), "due": _("Due")},
        values={"from": state_label(DialogueState), "to": state_label(DialogueState)},
    )
