"""Labels of the one-stop shop's audit codes (`onestop.dossier.*`, `onestop.procedure.*`) for the
human-readable timeline (core/audit/labels.py); registered from OnestopConfig.ready().

The verbs are those of services/workflow.py VERBS, the refusals it puts on record, and the events the
services write themselves (personal-data read, receipt printed, rating). A verb missing here still reads
as a generic Vietnamese label, never as its code; tests/test_timeline checks that every VERBS value has one.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from neuguong.core.audit.labels import (
    choices_formatter,
    decimal_formatter,
    money_formatter,
    register,
)

DOSSIER_ACTIONS = {
    "received": _("Received at the desk"),
    "submitted": _("Submitted online"),
    "accepted": _("Dossier accepted"),
    "refused": _("Refused at intake"),
    "started": _("Processing started"),
    "step_completed": _("Step completed"),
    "supplement_requested": _("Supplement requested"),
    "supplement_received": _("Supplement received"),
    "payment_requested": _("Payment requested"),
    "payment_confirmed": _("Payment confirmed"),
    "result_signed": _("Result signed"),
    "finished": _("Processing finished"),
    "returned": _("Result returned"),
    "withdrawn": _("Withdrawn"),
    "stopped": _("Stopped"),
    "apology_drafted": _("Apology drafted"),
    "apology_signed": _("Apology signed, new appointment"),
    "signature_refused": _("Signature refused: no authority to sign"),
    "apology_signature_refused": _("Apology signature refused: no authority to sign"),
    "supplement_refused": _("Supplement refused: a citizen sends it online with its files"),
    # services/citizen.py: a sign-in links the dossiers filed under the citizen's ID number.
    "linked": _("Dossier linked to the citizen's account"),
    "personal_data_read": _("Personal data viewed"),
    "receipt_printed": _("Receipt printed"),
    "rated": _("Rated by the applicant"),
}

# What the applicant may read on the public tracking page: the dossier's progress, not the office's
# internal events (who read their data, a refused signature, a draft apology).
PUBLIC_ACTIONS = {
    "received",
    "submitted",
    "accepted",
    "refused",
    "started",
    "step_completed",
    "supplement_requested",
    "supplement_received",
    "payment_requested",
    "payment_confirmed",
    "result_signed",
    "finished",
    "returned",
    "withdrawn",
    "stopped",
    "apology_signed",
    "rated",
}
# Agencies, steps, dates and results; never a person, a note written by staff or a result number.
PUBLIC_FIELDS = {
    "state",
    "appointment_at",
    "new_appointment_at",
    "step",
    "result",
    "agency_id",
    "count",
    "paused_hours",
    "amount",
    "value",
}

TONES = {
    "refused": "bad",
    "stopped": "bad",
    "withdrawn": "bad",
    "signature_refused": "bad",
    "apology_signature_refused": "bad",
    "supplement_refused": "bad",
    "supplement_requested": "warn",
    "payment_requested": "warn",
    "apology_drafted": "warn",
    "apology_signed": "warn",
    "result_signed": "ok",
    "finished": "ok",
    "returned": "ok",
}

VIA = {"web": _("Web page"), "api": "API"}


def _procedure_fields(names: Any) -> str:
    """["name", "steps"] → "Tên thủ tục, Các bước": the changed fields by their verbose names."""
    from neuguong.core.audit.labels import field_label
    from neuguong.onestop.models import Procedure

    out = []
    for name in names if isinstance(names, list) else [names]:
        if name == "steps":
            out.append(str(_("Steps")))
        else:
            out.append(field_label("onestop.procedure.updated", str(name), Procedure))
    return ", ".join(out)


def register_labels() -> None:
    from neuguong.onestop.constants import DossierState, RatingValue, StepResult
    from neuguong.onestop.services.public import RATING_REASONS

    register(
        "onestop.dossier",
        actions=DOSSIER_ACTIONS,
        fields={
            "state": _("State"),
            "code": _("Dossier code"),
            "appointment_at": _("Appointment"),
            "new_appointment_at": _("New appointment"),
            "step": _("Step"),
            "result": _("Result"),
            "agency_id": _("Agency"),
            "person_id": _("Official"),
            "count": _("Supplement request number"),
            "late_by_rule": _("Late by rule"),
            "paused_hours": _("Paused (working hours)"),
            "amount": _("Amount"),
            "via": _("Viewed through"),
            "format": _("Format"),
            "value": _("Rating"),
            "reasons": _("Reasons"),
            "result_number": _("Result number"),
            "as_head": _("Signed as the head"),
            "delegation_id": _("Delegation"),
            # A supplement the citizen sent online (services/citizen.py).
            "files": _("Files sent"),
            "online": _("Sent online"),
        },
        values={
            "state": choices_formatter(DossierState),
            "result": choices_formatter(StepResult),
            "value": choices_formatter(RatingValue),
            "reasons": choices_formatter(RATING_REASONS),
            "amount": money_formatter,
            "paused_hours": decimal_formatter,
            "via": choices_formatter(VIA),
            "format": lambda v: str(v).upper(),
        },
        public_actions=PUBLIC_ACTIONS,
        public_fields=PUBLIC_FIELDS,
        tones=TONES,
    )
    register(
        "onestop.procedure",
        actions={"created": _("Procedure created"), "updated": _("Procedure updated")},
        fields={"changed": _("Changed fields"), "steps": _("Number of steps")},
        values={"changed": _procedure_fields},
    )
