"""The citizen's notifications: SMS (and email when the applicant's account has one), queued in the
outbox inside the action's transaction, so they are sent only if the change commits."""

from __future__ import annotations

from django.utils import timezone, translation

from neuguong.onestop.models import Dossier
from neuguong.onestop.services import messages as m


def fmt(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def notify(dossier: Dossier, topic: str, message, **params) -> None:
    from neuguong.core.outbox import enqueue

    with translation.override("vi"):
        body = str(message) % {"code": dossier.code, **params}
        subject = str(m.SUBJECTS[topic])
    user = dossier.applicant_user if dossier.applicant_user_id else None
    addresses = [("sms", dossier.applicant_phone), ("email", user.email if user else "")]
    for channel, to in addresses:
        if to:
            enqueue(
                channel=channel,
                to=to,
                subject=subject,
                body=body,
                topic=f"onestop.dossier.{topic}",
                obj=dossier,
            )


def accepted(dossier: Dossier) -> None:
    notify(
        dossier,
        "accepted",
        m.NOTIFY_ACCEPTED,
        procedure=dossier.procedure.name,
        appointment=fmt(dossier.appointment_at),
    )


def result_ready(dossier: Dossier) -> None:
    notify(dossier, "result", m.NOTIFY_RESULT)


def supplement(reason: str):
    return lambda dossier: notify(dossier, "supplement", m.NOTIFY_SUPPLEMENT, reason=reason)


def apology(dossier: Dossier) -> None:
    notify(dossier, "apology", m.NOTIFY_APOLOGY, appointment=fmt(dossier.appointment_at))
