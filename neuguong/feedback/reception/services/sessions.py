"""Reception sessions: plan a head's day, hold it, record the citizens and their matters, acknowledge.

Every write is one action of constants.SESSION_TRANSITIONS applied by SESSIONS (services/workflow.py):
row lock, state and role check, scope, the change, the transition row, the audit event and the outbox
rows in one transaction. Planning creates the row (no state to come from) with its own audit event.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.errors import NotAllowed
from neuguong.core.outbox import enqueue
from neuguong.core.workflow import Change
from neuguong.feedback.reception import rules
from neuguong.feedback.reception import validation as v
from neuguong.feedback.reception.constants import KEEPERS, Level, Position
from neuguong.feedback.reception.models import ReceptionCitizen, ReceptionMatter, ReceptionSession
from neuguong.feedback.reception.services.feedback_link import submit_feedback_item
from neuguong.feedback.reception.services.workflow import SESSIONS, actor_roles, now, unit_in_scope
from neuguong.org.constants import AgencyKind, PartyOrgKind, PositionTitle
from neuguong.org.models import AdministrativeUnit

PLAN_REFUSED = _("Your role does not allow planning reception days.")
CITIZEN_NOT_AT_SESSION = _("That citizen was not received at this session.")


def position_of_term(term) -> tuple[str, str, AdministrativeUnit]:
    """(position, level, unit) of a head's term, or InvalidInput when the rulebook sets that
    position no reception minimum (a deputy, a department director…)."""
    if term.title == PositionTitle.HEAD and term.agency_id is not None:
        agency = term.agency
        if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
            return Position.GOV_CHAIR, agency.level, agency.unit
    if term.title == PositionTitle.SECRETARY and term.party_org_id is not None:
        org = term.party_org
        if org.kind == PartyOrgKind.PROVINCIAL_COMMITTEE:
            return Position.PARTY_HEAD, Level.PROVINCE, org.unit
        if org.kind == PartyOrgKind.COMMITTEE and org.unit_id is not None:
            return Position.PARTY_HEAD, org.unit.level, org.unit
    raise v.InvalidInput(v.NO_RECEPTION_DUTY, code="no_reception_duty", field="term")


def session_plan(
    *, actor, term, scheduled_on, location, note: str = "", at=None
) -> ReceptionSession:
    """Put a reception day of the head holding `term` on the schedule (state planned)."""
    scheduled_on = v.clean_date(scheduled_on, field="scheduled_on")
    location = v.clean_short(location, field="location", max_length=255)
    note = v.clean_long(note, field="note")
    position, level, unit = position_of_term(term)
    if not (actor_roles(actor) & KEEPERS):
        raise NotAllowed(PLAN_REFUSED, code="role_not_allowed")
    if not unit_in_scope(actor, unit.pk):
        raise NotAllowed(SESSIONS.role_refused, code="out_of_scope", action=_g("Plan"))
    with transaction.atomic():
        session = ReceptionSession.objects.create(
            province_code=unit.province_code,
            unit=unit,
            head_id=term.person_id,
            position=position,
            level=level,
            agency_id=term.agency_id,
            party_org_id=term.party_org_id,
            scheduled_on=scheduled_on,
            location=location,
            note=note,
        )
        log_action(
            session,
            "reception.session.planned",
            actor=actor,
            data={"at": now(at), "term": term.pk},
        )
    return session


def _remind_head(session: ReceptionSession) -> None:
    email = session.head.email
    if email and session.acknowledgement_due_at:
        enqueue(
            channel="email",
            to=email,
            subject=_g("Reception day: written acknowledgement due"),
            body=_g(
                "Send the written acknowledgement of the matters received on %(day)s by %(due)s."
            )
            % {
                "day": session.scheduled_on.strftime("%d/%m/%Y"),
                "due": session.acknowledgement_due_at.strftime("%d/%m/%Y"),
            },
            topic="reception.acknowledgement_due",
            obj=session,
        )


def session_hold(session, *, actor, held_at=None, note: str = "", at=None, version=None):
    """The head received citizens on the day: the acknowledgement falls due (rulebook, working days)."""
    note = v.clean_long(note, field="note")
    moment = now(held_at or at)

    def change(locked: ReceptionSession) -> Change:
        locked.held_at = moment
        locked.acknowledgement_due_at = rules.acknowledgement_due(moment)
        return Change(
            fields=("held_at", "acknowledgement_due_at"),
            note=note,
            data={"due": locked.acknowledgement_due_at},
            notify=[_remind_head],
        )

    return SESSIONS.apply(session, "hold", actor=actor, at=moment, change=change, version=version)


def session_record_citizen(
    session, *, actor, data: dict, at=None, version=None
) -> ReceptionCitizen:
    """Record a citizen received (their personal data stays on the row, never in the audit log)."""
    cleaned = v.clean_citizen(data)
    moment = now(at)

    def change(locked: ReceptionSession) -> Change:
        citizen = ReceptionCitizen.objects.create(
            session=locked, province_code=locked.province_code, recorded_at=moment, **cleaned
        )
        return Change(
            data={
                "citizen": citizen.pk,
                "language": citizen.language,
                "interpreter": bool(citizen.interpreter),
            },
            result=citizen,
        )

    return SESSIONS.apply(
        session, "record_citizen", actor=actor, at=moment, change=change, version=version
    )


def session_record_matter(
    session, *, actor, summary, category_code, detail: str = "", citizen=None, at=None, version=None
) -> ReceptionMatter:
    """Record a matter raised at the session; it becomes a feedback item (channel "reception")."""
    summary = v.clean_short(summary, field="summary")
    detail = v.clean_long(detail, field="detail")
    category_code = v.clean_short(category_code, field="category_code", max_length=40)
    moment = now(at)

    def change(locked: ReceptionSession) -> Change:
        if citizen is not None and citizen.session_id != locked.pk:
            raise v.InvalidInput(
                CITIZEN_NOT_AT_SESSION, code="citizen_not_at_session", field="citizen"
            )
        matter = ReceptionMatter.objects.create(
            session=locked,
            citizen=citizen,
            province_code=locked.province_code,
            category_code=category_code,
            summary=summary,
            detail=detail,
            recorded_at=moment,
        )
        matter.feedback_item = submit_feedback_item(
            category_code=category_code,
            title=summary,
            body=detail or summary,
            commune_code=locked.unit.code,
            channel="reception",
            actor=actor,
            source_object=matter,
            at=moment,
            submitter_name=citizen.full_name if citizen else "",
            submitter_phone=citizen.phone if citizen else "",
            submitter_id_number=citizen.id_number if citizen else "",
            address=citizen.address if citizen else "",
        )
        if matter.feedback_item is not None:
            matter.save(update_fields=["feedback_item"])
        return Change(
            data={"matter": matter.pk, "category": category_code, "item": matter.feedback_item_id},
            result=matter,
        )

    return SESSIONS.apply(
        session, "record_matter", actor=actor, at=moment, change=change, version=version
    )


def _tell_citizens(session: ReceptionSession) -> None:
    for phone in session.citizens.exclude(phone="").values_list("phone", flat=True):
        enqueue(
            channel="sms",
            to=phone,
            subject="",
            body=_g(
                "Your matters raised at the reception day of %(day)s were answered in writing (%(ref)s)."
            )
            % {
                "day": session.scheduled_on.strftime("%d/%m/%Y"),
                "ref": session.acknowledgement_ref,
            },
            topic="reception.acknowledged",
            obj=session,
        )


def session_acknowledge(session, *, actor, reference, note: str = "", at=None, version=None):
    """The written acknowledgement was sent; on time when by the due moment."""
    reference = v.clean_short(reference, field="reference", max_length=100)
    note = v.clean_long(note, field="note")
    moment = now(at)

    def change(locked: ReceptionSession) -> Change:
        locked.acknowledged_at = moment
        locked.acknowledgement_ref = reference
        due = locked.acknowledgement_due_at
        return Change(
            fields=("acknowledged_at", "acknowledgement_ref"),
            note=note,
            data={"on_time": due is None or moment <= due},
            notify=[_tell_citizens],
        )

    return SESSIONS.apply(
        session, "acknowledge", actor=actor, at=moment, change=change, version=version
    )


def session_cancel(session, *, actor, reason, at=None, version=None):
    reason = v.clean_short(reason, field="reason", max_length=500)
    return SESSIONS.apply(
        session,
        "cancel",
        actor=actor,
        at=now(at),
        change=lambda locked: Change(note=reason),
        version=version,
    )


def session_personal_data_read(session, *, actor, via: str) -> bool:
    """May `actor` see the citizens' ID numbers, phones and addresses unmasked? Staff in scope may;
    the read is audited (reception.session.personal_data_read, with the entry point)."""
    from neuguong.org.access import scope_for

    if not scope_for(actor).is_staff or not unit_in_scope(actor, session.unit_id):
        return False
    with transaction.atomic():
        log_action(session, "reception.session.personal_data_read", actor=actor, data={"via": via})
    return True
