"""Intake and numbering: desk intake, online submission, a desk accepting or refusing it.

Both intakes check the procedure's required documents through one rule (services.checklist) and
record the payment through one rule (services.payment / validation.clean_payment). A new dossier's
first history row has no `from_state`: "→ accepted (received at the desk)", "→ new (submitted
online)"."""

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
from neuguong.onestop.services import checklist, deadlines, notifications, payment
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
    """Who performs a template step for this dossier (catalogue.resolve_step_agency): a fixed
    agency, the desk for receive and return, the commune police for a commune hand-over with no
    fixed agency, else the handling agency."""
    from neuguong.onestop.catalogue import resolve_step_agency

    return resolve_step_agency(
        template,
        handling_agency=dossier.handling_agency,
        receiving_agency=dossier.receiving_agency,
    )


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


def documents_create(dossier, documents, actor, at, *, digitised_allowed: bool = True) -> None:
    """The dossier's documents: each file judged by its content (onestop.validation.clean_document),
    a paper document by its name alone; `checklist_items` says which checklist items it answers.
    Only the desk digitises (`digitised_allowed`); a citizen's upload never is."""
    for doc in documents:
        items: list[int] = []
        if isinstance(doc, dict):
            name, file, digitised = doc.get("name", ""), doc.get("file"), doc.get("digitised")
            items = checklist.clean_items(dossier.procedure, doc.get("checklist_items", ()))
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
            digitised=bool(digitised) and digitised_allowed and file is not None,
            checklist_items=items,
            uploaded_by=actor,
            uploaded_at=at,
        )


# ---- intake ----------------------------------------------------------------------------------


def _paper(procedure, received) -> list[dict]:
    """The checklist items the desk ticked as received on paper, as documents without a file."""
    items = checklist.checklist(procedure)
    return [
        {"name": items[i]["name"], "file": None, "digitised": False, "checklist_items": [i]}
        for i in received
    ]


def _new_dossier(
    *, procedure, applicant, receiving_agency, handling_agency, channel, state, at, paid=None
):
    applicant = applicant.cleaned()
    if not procedure.is_active:
        raise DomainError(m.PROCEDURE_INACTIVE, code="procedure_inactive")
    paid = paid or {}
    fees = payment.intake_payment(
        procedure.fee,
        channel=channel,
        state=paid.get("payment_state"),
        method=paid.get("payment_method"),
        at=at,
    )
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
        submitted_at=at,
        **fees,
    )


# The first history row of a dossier comes from no state: it did not exist before.
CREATED_FROM = ""


def _created(dossier: Dossier, action: str, *, actor, at, change: Change) -> None:
    """A new dossier's first transition row and audit event (from no state: "→ accepted")."""
    DOSSIERS.record(dossier, action, CREATED_FROM, actor=actor, at=at, change=change)
    DOSSIERS.log(dossier, action, CREATED_FROM, actor=actor, at=at, change=change)
    for send in change.notify:
        send(dossier)


def dossier_submit_online(
    *,
    procedure,
    applicant: ApplicantData,
    handling_agency,
    receiving_agency,
    documents=(),
    at=None,
    paid=None,
) -> Dossier:
    """A citizen's online submission: state `new`, with its code, until a desk accepts it.

    Refused (400, nothing created) without a file for each required document of the procedure's
    checklist (each document's `checklist_items` says which items it answers). `paid`: optional
    {"payment_state", "payment_method"} ("paid" online, or "requested" to pay later)."""
    at = now(at)
    documents = list(documents)
    checklist.check_online(procedure, [d for d in documents if isinstance(d, dict)])
    with transaction.atomic():
        dossier = _new_dossier(
            procedure=procedure,
            applicant=applicant,
            receiving_agency=receiving_agency,
            handling_agency=handling_agency,
            channel=Channel.ONLINE,
            state=DossierState.NEW,
            at=at,
            paid=paid,
        )
        documents_create(dossier, documents, applicant.user, at, digitised_allowed=False)
        _created(dossier, "submit", actor=applicant.user, at=at, change=_payment_change(dossier))
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
    received_items=None,
    supplement_missing=False,
    paid=None,
) -> Dossier:
    """Desk intake (in person or by post), at any desk for any procedure of the province (phi địa giới).

    The dossier is created directly as `accepted`, with its code, its process control slip and its
    appointment = received + the legal deadline in working hours (after the cut-off: from the next
    working day). Requires a desk role in scope of `receiving_agency`.

    The checklist: `received_items` are the checklist indexes the desk ticked (None: not recorded,
    the API's older callers; every required item is then taken as received). A required item
    neither ticked nor answered by a document is missing: refused (400, nothing created), unless
    `supplement_missing`, when the dossier is received, handed over for processing and a supplement
    is requested for exactly the missing items (the supplement request slip is ready to print).
    `paid`: {"payment_state", "payment_method"} (a fee is "requested" unless paid at the desk).
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
            received_items=received_items,
            supplement_missing=supplement_missing,
            paid=paid,
        )


def _receive(
    *,
    actor,
    receiving_agency,
    procedure,
    applicant,
    channel,
    handling_agency,
    documents,
    at,
    received_items=None,
    supplement_missing=False,
    paid=None,
):
    if not actor_roles(actor) & TRANSITIONS["accept"].roles:
        raise NotAllowed(m.ROLE_REFUSED, code="role_not_allowed", action=str(RECEIVE))
    visible = actor_agencies(actor)
    if visible is not None and receiving_agency.pk not in visible:
        raise NotAllowed(m.SCOPE_REFUSED, code="out_of_scope")
    channel = validation.clean_channel(channel)
    documents = list(documents)
    ticked = checklist.clean_items(procedure, received_items or (), field="received_items")
    answered = set(ticked) | checklist.answered_by(d for d in documents if isinstance(d, dict))
    if received_items is None:
        answered |= {i["index"] for i in checklist.checklist(procedure)}
    missing = checklist.check_desk(procedure, answered, supplement=bool(supplement_missing))
    with transaction.atomic():
        dossier = _new_dossier(
            procedure=procedure,
            applicant=applicant,
            receiving_agency=receiving_agency,
            handling_agency=handling_agency,
            channel=channel,
            state=DossierState.ACCEPTED,
            at=at,
            paid=paid,
        )
        dossier.save(update_fields=enter_accepted(dossier, at, actor))
        with_files = checklist.answered_by(
            d for d in documents if isinstance(d, dict) and d.get("file") is not None
        )
        paper = [i for i in ticked if i not in with_files]
        documents_create(dossier, [*_paper(procedure, paper), *documents], actor, at)
        change = _payment_change(dossier)
        change.data = {
            "code": dossier.code,
            "appointment_at": dossier.appointment_at,
            **(change.data or {}),
            **({"missing_documents": missing} if missing else {}),
        }
        change.notify = [notifications.accepted]
        _created(dossier, "receive", actor=actor, at=at, change=change)
        if missing:
            _request_missing(dossier, missing, actor=actor, at=at)
    return dossier


def _payment_change(dossier: Dossier) -> Change:
    """The payment facts of a new dossier, for its first history row and audit event."""
    if not dossier.fee:
        return Change()
    return Change(
        data={
            "fee": str(dossier.fee),
            "payment_state": dossier.payment_state,
            "payment_method": dossier.payment_method,
        }
    )


def _request_missing(dossier: Dossier, missing: list[int], *, actor, at) -> None:
    """Received with documents missing: hand over for processing and request the supplement, in
    the intake's transaction (a refusal of either rolls the intake back)."""
    from neuguong.onestop.services import pauses, steps

    steps.dossier_start(dossier, actor=actor, at=at)
    reason = checklist.supplement_reason(dossier.procedure, missing)
    pauses.dossier_request_supplement(dossier, actor=actor, reason=reason, at=at)


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
