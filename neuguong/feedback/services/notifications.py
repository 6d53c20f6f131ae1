"""The submitter's notifications (SMS, and email when given) and the agency's deadline warnings,
queued in the outbox inside the action's transaction: sent only if the change commits."""

from __future__ import annotations

from django.utils import timezone, translation

from neuguong.feedback import messages as m
from neuguong.feedback.models import FeedbackItem


def fmt(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _send(item: FeedbackItem, topic: str, addresses, message, **params) -> int:
    from neuguong.core.outbox import enqueue

    with translation.override("vi"):
        body = str(message) % {"code": item.code, **params}
        subject = str(m.SUBJECTS[topic])
    sent = 0
    for channel, to in addresses:
        if to:
            enqueue(
                channel=channel,
                to=to,
                subject=subject,
                body=body,
                topic=f"feedback.item.{topic}",
                obj=item,
            )
            sent += 1
    return sent


def submitter_addresses(item: FeedbackItem) -> list[tuple[str, str]]:
    email = item.submitter_email
    if not email and item.submitter_user is not None:
        email = item.submitter_user.email
    return [("sms", item.submitter_phone), ("email", email)]


def received(item: FeedbackItem) -> None:
    _send(item, "received", submitter_addresses(item), m.NOTIFY_RECEIVED, agency=item.agency.name)


def info_requested(item: FeedbackItem) -> None:
    _send(item, "info", submitter_addresses(item), m.NOTIFY_INFO, request=item.info_request)


def answered(item: FeedbackItem) -> None:
    _send(item, "answered", submitter_addresses(item), m.NOTIFY_ANSWERED)


def deadline_approaching(item: FeedbackItem, recipients: list[str]) -> int:
    """To the responsible agency's staff (their emails), by `neuguong feedback_remind`."""
    return _send(
        item, "due", [("email", to) for to in recipients], m.NOTIFY_DUE, due=fmt(item.due_at)
    )
