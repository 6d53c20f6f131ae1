"""The apology and new appointment (thư xin lỗi, hẹn lại), allowed once per dossier."""

from __future__ import annotations

from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.workflow import Change, refusal
from neuguong.onestop import validation
from neuguong.onestop.models import Apology, Dossier
from neuguong.onestop.services import deadlines, notifications
from neuguong.onestop.services import messages as m
from neuguong.onestop.services.intake import require_reason
from neuguong.onestop.services.workflow import DOSSIERS, now, pending_steps, person_of, steps_of


def apology_draft(
    dossier: Dossier, *, actor, reason: str, new_appointment_at=None, at=None, version=None
) -> Apology:
    """Draft the apology and new appointment for a dossier that is (or will be) late.

    The system names the step that overran and its agency (whose head must sign). The new
    appointment defaults to now + the working hours of the steps still to do. Allowed once.
    """
    at = now(at)
    reason = require_reason(reason)
    if new_appointment_at is not None:
        new_appointment_at = validation.clean_new_appointment(new_appointment_at, now=at)

    def change(locked):
        if locked.rescheduled:
            raise DomainError(m.APOLOGY_ONCE, code="apology_once")
        if Apology.objects.filter(dossier=locked).exists():
            raise DomainError(m.APOLOGY_EXISTS, code="apology_exists")
        step = deadlines.overrun_step(steps_of(locked), at)
        if step is None and not deadlines.is_overdue_now(locked, at):
            raise DomainError(m.APOLOGY_NOT_LATE, code="not_late")
        if step is None:
            step = locked.current_step
        new_at = new_appointment_at or deadlines.apology_default_appointment(
            locked.appointment_at, pending_steps(locked), at
        )
        if new_at <= locked.appointment_at or new_at <= at:
            raise DomainError(m.APOLOGY_BAD_DATE, code="apology_bad_date")
        apology = Apology.objects.create(
            dossier=locked,
            agency_id=step.agency_id if step else locked.handling_agency_id,
            step=step,
            reason=reason,
            old_appointment_at=locked.appointment_at,
            new_appointment_at=new_at,
            drafted_at=at,
            drafted_by=actor,
        )
        return Change(
            note=reason,
            data={
                "agency_id": apology.agency_id,
                "step": step.order if step else None,
                "new_appointment_at": new_at,
            },
            result=apology,
        )

    return DOSSIERS.apply(
        dossier, "draft_apology", actor=actor, at=at, change=change, version=version
    )


def apology_sign(dossier: Dossier, *, actor, at=None, version=None) -> Apology:
    """The head of the agency at fault (or their delegate for "apology_letter") signs: the dossier
    gets its new appointment, is marked rescheduled (once), and the citizen is notified. The steps
    after the overrun step move by the added working time; the overrun step keeps its due, so it is
    still judged late when handed over."""
    from neuguong.org.constants import DecisionKind
    from neuguong.org.selectors import sign_authority

    at = now(at)

    def change(locked):
        apology = Apology.objects.select_for_update().filter(dossier=locked).first()
        if apology is None:
            raise DomainError(m.APOLOGY_MISSING, code="apology_missing")
        if apology.signed_at or locked.rescheduled:
            raise DomainError(m.APOLOGY_ONCE, code="apology_once")
        person = person_of(actor)
        if not sign_authority(person, DecisionKind.APOLOGY_LETTER, apology.agency, at):
            raise refusal(
                NotAllowed(m.APOLOGY_SIGN_REFUSED, code="no_authority"),
                "apology_signature_refused",
                {
                    "agency_id": apology.agency_id,
                    "person_id": person.pk if person else None,
                    "at": at,
                },
            )
        if not locked.appointment_at or apology.new_appointment_at <= locked.appointment_at:
            # Signing must never bring the citizen's appointment forward (e.g. after a pause).
            raise DomainError(m.APOLOGY_OUTDATED, code="apology_outdated")
        apology.signed_by = person
        apology.signed_at = at
        apology.save(update_fields=["signed_by", "signed_at"])
        added = deadlines.hours_between(locked.appointment_at, apology.new_appointment_at)
        for step in pending_steps(locked):
            if step.pk != apology.step_id and step.due_at is not None:
                step.due_at = deadlines.add_hours(step.due_at, added)
                step.save(update_fields=["due_at"])
        locked.appointment_at = apology.new_appointment_at
        locked.rescheduled = True
        return Change(
            fields=["appointment_at", "rescheduled"],
            data={
                "agency_id": apology.agency_id,
                "person_id": person.pk,
                "appointment_at": locked.appointment_at,
            },
            notify=[notifications.apology],
            result=apology,
        )

    return DOSSIERS.apply(
        dossier, "sign_apology", actor=actor, at=at, change=change, version=version
    )
