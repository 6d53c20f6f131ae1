"""The one dossier serialiser: what every reader of a dossier is told, in one place.

`dossier_public` is what anyone holding the code and second factor may know (no personal data, no
staff); `dossier_row` and `dossier_detail` add what staff see. The API schemas and the public
tracking page are built from these, so a field means the same thing at every door.
"""

from __future__ import annotations

from neuguong.onestop.constants import PORTAL_CODES, DossierState, StepResult
from neuguong.onestop.models import Dossier, DossierStep


def agency_ref(agency) -> dict:
    return {"id": agency.pk, "identifier_code": agency.identifier_code, "name": agency.name}


def user_label(user) -> str:
    return user.get_username() if user is not None else ""


def dossier_public(d: Dossier) -> dict:
    """The fields a citizen tracking the dossier sees."""
    return {
        "code": d.code,
        "procedure_code": d.procedure.code,
        "procedure_name": d.procedure.name,
        "state": d.state,
        "state_label": str(d.get_state_display()),
        "portal_code": PORTAL_CODES[DossierState(d.state)],
        "received_at": d.received_at,
        "appointment_at": d.appointment_at,
        "processing_ended_at": d.processing_ended_at,
        "returned_at": d.returned_at,
        "is_late": d.is_late,
    }


def step_public(s: DossierStep) -> dict:
    return {
        "order": s.order,
        "name": s.name,
        "started_at": s.started_at,
        "due_at": s.due_at,
        "completed_at": s.completed_at,
        "result": s.result,
        "result_label": str(StepResult(s.result).label) if s.result else "",
    }


def dossier_row(d: Dossier, *, masked: bool = True) -> dict:
    """A staff list row: personal data masked unless `masked` is False (an audited read)."""
    return {
        **dossier_public(d),
        # The API's name for the portal status code since v1 (the public payload says portal_code).
        "portal_status": PORTAL_CODES[DossierState(d.state)],
        "channel": d.channel,
        "applicant_name": d.applicant_name,
        "applicant_id_number": d.masked_id if masked else d.applicant_id_number,
        "applicant_phone": d.masked_phone if masked else d.applicant_phone,
        "receiving_agency": agency_ref(d.receiving_agency),
        "handling_agency": agency_ref(d.handling_agency),
        "late_by_rule": d.late_by_rule,
        "rescheduled": d.rescheduled,
    }


def dossier_detail(d: Dossier, *, masked: bool, allowed_actions: list[str]) -> dict:
    """The staff view of one dossier: its row, the clock, the slip and the timeline."""
    return {
        **dossier_row(d, masked=masked),
        "version": d.version,
        "applicant_address": "" if masked else d.applicant_address,
        "personal_data_masked": masked,
        "supplement_count": d.supplement_count,
        "payment_state": d.payment_state,
        "payment_method": d.payment_method,
        "fee": d.fee,
        "result_number": d.result_number,
        "result_signed_at": d.result_signed_at,
        "original_appointment_at": d.original_appointment_at,
        "steps": [
            {
                **step_public(s),
                "actor_kind": s.actor_kind,
                "agency": agency_ref(s.agency),
                "hours": s.hours,
                "handed_over_by": user_label(s.handed_over_by),
                "received_by": user_label(s.received_by),
            }
            for s in d.steps.all()
        ],
        "transitions": [
            {
                "action": t.action,
                "from_state": t.from_state,
                "to_state": t.to_state,
                "actor": user_label(t.actor),
                "at": t.at,
                "note": t.note,
            }
            for t in d.transitions.all()
        ],
        "allowed_actions": allowed_actions,
    }
