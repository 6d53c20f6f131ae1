"""Intake and numbering: desk intake, online submission, a desk accepting or refusing it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.request_cache import request_cache
from neuguong.core.workflow import Change
from neuguong.onestop import validation
from neuguong.onestop.constants import TRANSITIONS, ActorKind, Channel, DossierState
from neuguong.onestop.models import DailySequence, Dossier, DossierDocument, DossierStep
from neuguong.onestop.services import deadlines, notifications
from neuguong.onestop.services import messages as m
from neuguong.onestop.services.workflow import DOSSIERS, actor_agencies, actor_roles, now

RECEIVE = _("Receive")


@dataclass
class ApplicantData:
    name: str
    id_number: str
    phone: str = ""
    address: str = ""
    unit: object = None
    user: object = None

    def cleaned(self) -> ApplicantData:
        """The applicant through the one input schema every entry point uses
        (onestop.validation.clean_applicant); InvalidInput (400) when a field breaks it."""
        return ApplicantData(**validation.clean_applicant(asdict(self)))

    def validate(self) -> None:
        self.cleaned()


# ---- numbering ----------------------------------------------------------------------------------


def dossier_next_code(agency, day: dt.date) -> str:
    """Issue the next code of `agency` on `day`: <identifier>-<YYMMDD>-<NNNN>.

    Must run inside the intake transaction. The (agency, day) row is locked with
    select_for_update until commit, so concurrent intakes at one desk queue up and get consecutive
    numbers, and a rolled-back intake rolls its number back too: the day's sequence has no gaps.
    The first intake of a day creates the row; two first intakes racing collide on the unique
    constraint, and the loser (its savepoint rolled back) locks the winner's row and goes on.
    """
    return f"{agency.identifier_code}-{day:%y%m%d}-{_next_number(agency, day):04d}"


def _next_number(agency, day: dt.date) -> int:
    rows = DailySequence.objects.select_for_update()
    sequence = rows.filter(agency=agency, day=day).first()
    if sequence is None:
        try:
            with transaction.atomic():
                DailySequence.objects.create(agency=agency, day=day, last_number=1)
            return 1
        except IntegrityError:
            sequence = rows.get(agency=agency, day=day)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


# ---- the process control slip ---------------------------------------------------------------


def templates(procedure) -> list:
    return list(procedure.steps.select_related("agency").order_by("order"))


def step_agency(template, dossier: Dossier):
    if template.agency_id:
        return template.agency
    if template.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
        return dossier.receiving_agency
    return dossier.handling_agency


def default_handling_agency(procedure, receiving_agency):
    for step in templates(procedure):
        if step.actor_kind == ActorKind.PROCESS and step.agency_id:
            return step.agency
    # A one-stop desk receives for the agency it belongs to (e.g. the commune People's Committee).
    return receiving_agency.parent if receiving_agency.parent_id else receiving_agency


def build_steps(dossier: Dossier, start, received_by=None) -> list[DossierStep]:
    """The process control slip: one row per template step, dues from deadlines.step_dues."""
    rows = templates(dossier.procedure)
    if not rows:
        raise DomainError(m.NO_STEPS, code="no_steps")
    dues = deadlines.step_dues([t.hours for t in rows], start, dossier.procedure.cutoff_time)
    steps = [
        DossierStep(
            dossier=dossier,
            province_code=dossier.province_code,
            order=t.order,
            name=t.name,
            actor_kind=t.actor_kind,
            agency=step_agency(t, dossier),
            hours=t.hours,
            due_at=due,
        )
        for t, due in zip(rows, dues, strict=True)
    ]
    steps[0].started_at = start
    steps[0].received_by = received_by
    return DossierStep.objects.bulk_create(steps)


def enter_accepted(dossier: Dossier, at, actor) -> list[str]:
    """Received now: the appointment, its steps and the first step as current. Returns the fields."""
    dossier.received_at = at
    dossier.appointment_at = deadlines.appointment_for(dossier.procedure, at)
    dossier.original_appointment_at = dossier.appointment_at
    dossier.current_step = build_steps(dossier, at, received_by=actor)[0]
    return ["received_at", "appointment_at", "original_appointment_at", "current_step"]


def documents_create(dossier, documents, actor, at) -> None:
    """The dossier's documents: each file judged by its content (onestop.validation.clean_document),
    a paper document by its name alone."""
    for doc in documents:
        if isinstance(doc, dict):
            name, file, digitised = doc.get("name", ""), doc.get("file"), doc.get("digitised")
        else:
            name, file, digitised = getattr(doc, "name", str(doc)), doc, True
        size, ctype = 0, ""
        if file is not None and hasattr(file, "size"):
            ctype, size = validation.clean_document(file), file.size
        else:
            file = None
        DossierDocument.objects.create(
            dossier=dossier,
            name=validation.clean_document_name(name),
            file=file,
            size=size,
            content_type=ctype,
            digitised=bool(digitised),
            uploaded_by=actor,
            uploaded_at=at,
        )


# ---- intake ----------------------------------------------------------------------------------


def _new_dossier(*, procedure, applicant, receiving_agency, handling_agency, channel, state, at):
    applicant = applicant.cleaned()
    if not procedure.is_active:
        raise DomainError(m.PROCEDURE_INACTIVE, code="procedure_inactive")
    return Dossier.objects.create(
        code=dossier_next_code(receiving_agency, timezone.localdate(at)),
        procedure=procedure,
        procedure_name=procedure.name,
        province_code=procedure.province_code,
        receiving_agency=receiving_agency,
        handling_agency=handling_agency or default_handling_agency(procedure, receiving_agency),
        applicant_name=applicant.name.strip(),
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone or "",
        applicant_address=applicant.address or "",
        applicant_unit=applicant.unit,
        applicant_user=applicant.user,
        channel=channel,
        state=state,
        fee=procedure.fee,
        submitted_at=at,
    )


def _created(dossier: Dossier, action: str, *, actor, at, change: Change) -> None:
    """A new dossier's first transition row and audit event (from `new`)."""
    DOSSIERS.record(dossier, action, DossierState.NEW, actor=actor, at=at, change=change)
    DOSSIERS.log(dossier, action, DossierState.NEW, actor=actor, at=at, change=change)
    for send in change.notify:
        send(dossier)


def dossier_submit_online(
    *, procedure, applicant: ApplicantData, handling_agency, receiving_agency, documents=(), at=None
) -> Dossier:
    """A citizen's online submission: state `new`, with its code, until a desk accepts it."""
    at = now(at)
    with transaction.atomic():
        dossier = _new_dossier(
            procedure=procedure,
            applicant=applicant,
            receiving_agency=receiving_agency,
            handling_agency=handling_agency,
            channel=Channel.ONLINE,
            state=DossierState.NEW,
            at=at,
        )
        documents_create(dossier, documents, applicant.user, at)
        _created(dossier, "submit", actor=applicant.user, at=at, change=Change())
    return dossier


def dossier_receive(
    *,
    actor,
    receiving_agency,
    procedure,
    applicant: ApplicantData,
    channel=Channel.IN_PERSON,
    handling_agency=None,
    documents=(),
    at=None,
) -> Dossier:
    """Desk intake (in person or by post), at any desk for any procedure of the province (phi địa giới).

    The dossier is created directly as `accepted`, with its code, its process control slip and its
    appointment = received + the legal deadline in working hours (after the cut-off: from the next
    working day). Requires a desk role in scope of `receiving_agency`.
    """
    with request_cache():
        return _receive(
            actor=actor,
            receiving_agency=receiving_agency,
            procedure=procedure,
            applicant=applicant,
            channel=channel,
            handling_agency=handling_agency,
            documents=documents,
            at=now(at),
        )


def _receive(
    *, actor, receiving_agency, procedure, applicant, channel, handling_agency, documents, at
):
    if not actor_roles(actor) & TRANSITIONS["accept"].roles:
        raise NotAllowed(m.ROLE_REFUSED, code="role_not_allowed", action=str(RECEIVE))
    visible = actor_agencies(actor)
    if visible is not None and receiving_agency.pk not in visible:
        raise NotAllowed(m.SCOPE_REFUSED, code="out_of_scope")
    channel = validation.clean_channel(channel)
    with transaction.atomic():
        dossier = _new_dossier(
            procedure=procedure,
            applicant=applicant,
            receiving_agency=receiving_agency,
            handling_agency=handling_agency,
            channel=channel,
            state=DossierState.ACCEPTED,
            at=at,
        )
        dossier.save(update_fields=enter_accepted(dossier, at, actor))
        documents_create(dossier, documents, actor, at)
        change = Change(
            data={"code": dossier.code, "appointment_at": dossier.appointment_at},
            notify=[notifications.accepted],
        )
        _created(dossier, "receive", actor=actor, at=at, change=change)
    return dossier


def dossier_accept(dossier: Dossier, *, actor, at=None, version=None) -> Dossier:
    """A desk accepts an online submission: new → accepted, with its appointment and steps."""
    at = now(at)

    def change(locked):
        return Change(fields=enter_accepted(locked, at, actor), notify=[notifications.accepted])

    return DOSSIERS.apply(dossier, "accept", actor=actor, at=at, change=change, version=version)


def dossier_refuse(dossier: Dossier, *, actor, reason: str, at=None, version=None) -> Dossier:
    at = now(at)
    reason = require_reason(reason)
    return DOSSIERS.apply(
        dossier,
        "refuse",
        actor=actor,
        at=at,
        change=lambda locked: Change(note=reason),
        version=version,
    )


def require_reason(text) -> str:
    """A reason through the one input schema (onestop.validation.clean_reason)."""
    return validation.clean_reason(text)
