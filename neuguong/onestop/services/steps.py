"""Steps and signing: hand-overs along the process control slip, the signature, the return."""

from __future__ import annotations

from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.workflow import Change, refusal
from neuguong.onestop import validation
from neuguong.onestop.constants import ActorKind
from neuguong.onestop.models import Dossier, DossierStep
from neuguong.onestop.services import deadlines, notifications
from neuguong.onestop.services import messages as m
from neuguong.onestop.services.workflow import DOSSIERS, now, pending_steps, person_of


def hand_over(dossier: Dossier, steps: list[DossierStep], actor, at, note="") -> DossierStep | None:
    """Complete the first of `steps` (the current one) and start the next; returns the next one.

    The process control slip records who received the dossier at each step: the first step's
    receiver is the intake officer; at a later step nobody is recorded when it is handed to the
    agency, so the officer who acts on it (signs it, or completes it) is its receiver.
    """
    current, following = steps[0], steps[1] if len(steps) > 1 else None
    current.completed_at = at
    current.handed_over_by = actor
    if current.received_by_id is None:
        current.received_by = actor
    current.result = deadlines.judge(current.due_at, at)
    fields = ["completed_at", "handed_over_by", "received_by", "result"]
    if note:
        current.note = note
        fields.append("note")
    current.save(update_fields=fields)
    if following is not None:
        following.started_at = at
        following.save(update_fields=["started_at"])
    dossier.current_step = following
    return following


def dossier_start(dossier: Dossier, *, actor, at=None, version=None) -> Dossier:
    """accepted → processing: the desk hands the dossier over to the first processing step."""
    at = now(at)

    def change(locked):
        steps = pending_steps(locked)
        if not steps or steps[0].actor_kind != ActorKind.RECEIVE:
            return Change()
        done = steps[0]
        hand_over(locked, steps, actor, at)
        return Change(fields=["current_step"], data={"step": done.order, "result": done.result})

    return DOSSIERS.apply(dossier, "start", actor=actor, at=at, change=change, version=version)


# ---- signing -------------------------------------------------------------------------------------


def sign_agency(dossier: Dossier, steps: list[DossierStep]):
    """The agency signing: the current sign step's, else the next pending sign step's (finish signs
    before that step is reached), else the handling agency."""
    step = dossier.current_step if dossier.current_step_id else None
    if step is not None and step.actor_kind == ActorKind.SIGN:
        return step.agency
    for pending in steps:
        if pending.actor_kind == ActorKind.SIGN:
            return pending.agency
    return dossier.handling_agency


def sign(locked: Dossier, *, actor, at, result_number="", mark_received=True) -> Change:
    """The signature, on a locked dossier: checks authority (org.selectors.sign_authority), which
    refuses a signer who is neither the head nor holds a delegation in force, and puts the refusal on
    record after the rollback (onestop.dossier.signature_refused)."""
    from neuguong.org.selectors import sign_authority

    if locked.result_signed_at:
        raise DomainError(m.ALREADY_SIGNED, code="already_signed")
    person = person_of(actor)
    steps = pending_steps(locked)
    agency = sign_agency(locked, steps)
    authority = sign_authority(person, locked.procedure, agency, at)
    if not authority.allowed:
        raise refusal(
            NotAllowed(m.SIGN_NOT_AUTHORISED if person else m.NOT_A_PERSON, code="no_authority"),
            "signature_refused",
            {"agency_id": agency.pk, "person_id": person.pk if person else None, "at": at},
        )
    locked.result_signed_by = person
    locked.result_signed_at = at
    locked.result_number = result_number or locked.result_number
    if mark_received and locked.current_step_id:
        step = next((s for s in steps if s.pk == locked.current_step_id), None)
        if step is not None and step.actor_kind == ActorKind.SIGN and not step.received_by_id:
            step.received_by = actor
            step.save(update_fields=["received_by"])
            locked.current_step = step
    return Change(
        fields=["result_signed_by", "result_signed_at", "result_number"],
        data={
            "person_id": person.pk,
            "agency_id": agency.pk,
            "result_number": locked.result_number,
            "as_head": authority.as_head,
            "delegation_id": authority.delegation.pk if authority.delegation else None,
        },
    )


def dossier_sign_result(
    dossier: Dossier, *, actor, result_number: str = "", at=None, version=None
) -> Dossier:
    """Sign the result for the signing agency (the current sign step's agency, else the handling
    agency). Without authority: NotAllowed, nothing changes, and the attempt is audited."""
    at = now(at)
    result_number = validation.clean_result_number(result_number)
    return DOSSIERS.apply(
        dossier,
        "sign_result",
        actor=actor,
        at=at,
        change=lambda locked: sign(locked, actor=actor, at=at, result_number=result_number),
        version=version,
    )


def _sign_first(locked: Dossier, actor, at) -> None:
    """The composite part of complete_step and finish: an unsigned signing step is signed by the
    actor first, as its own `sign_result` action, in the same transaction."""
    DOSSIERS.apply_locked(
        locked,
        "sign_result",
        actor=actor,
        at=at,
        change=lambda d: sign(d, actor=actor, at=at, mark_received=False),
    )


def dossier_complete_step(
    dossier: Dossier, *, actor, note: str = "", at=None, version=None
) -> Dossier:
    """Hand the current step over to the next, recording who, when and the result (early / on time
    / late against the step's due time). Completing the last work step moves the dossier to `done`
    (the table's computed target). A signing step needs the signature: if there is none, the actor
    signs here first, in the same transaction (the same authority check as dossier_sign_result)."""
    at = now(at)
    note = validation.clean_note(note)

    def change(locked):
        steps = pending_steps(locked)
        if not steps or steps[0].actor_kind == ActorKind.RETURN:
            raise DomainError(m.NO_CURRENT_STEP, code="no_current_step")
        if steps[0].actor_kind == ActorKind.SIGN and not locked.result_signed_at:
            _sign_first(locked, actor, at)
            steps = pending_steps(locked)
        done = steps[0]
        following = hand_over(locked, steps, actor, at, note)
        fields = ["current_step"]
        notify = []
        if following is None or following.actor_kind == ActorKind.RETURN:
            locked.processing_ended_at = at
            fields.append("processing_ended_at")
            notify.append(notifications.result_ready)
        return Change(
            fields=fields,
            note=note,
            data={"step": done.order, "agency_id": done.agency_id, "result": done.result},
            notify=notify,
        )

    return DOSSIERS.apply(
        dossier, "complete_step", actor=actor, at=at, change=change, version=version
    )


def dossier_finish(dossier: Dossier, *, actor, note: str = "", at=None, version=None) -> Dossier:
    """processing → done without the remaining work steps (they are closed as handed over now).

    A remaining signing step is never closed unsigned: the actor signs it first, in the same
    transaction; without authority the whole action is refused and the refusal audited.
    """
    at = now(at)
    note = validation.clean_note(note)

    def change(locked):
        steps = [s for s in pending_steps(locked) if s.actor_kind != ActorKind.RETURN]
        if not locked.result_signed_at and any(s.actor_kind == ActorKind.SIGN for s in steps):
            _sign_first(locked, actor, at)
            steps = [s for s in pending_steps(locked) if s.actor_kind != ActorKind.RETURN]
        while steps:
            hand_over(locked, steps, actor, at, note)
            steps = steps[1:]
        locked.current_step = next(iter(pending_steps(locked)), None)
        locked.processing_ended_at = at
        return Change(
            fields=["processing_ended_at", "current_step"],
            note=note,
            notify=[notifications.result_ready],
        )

    return DOSSIERS.apply(dossier, "finish", actor=actor, at=at, change=change, version=version)


def dossier_return(dossier: Dossier, *, actor, at=None, version=None) -> Dossier:
    """done → returned: the desk hands the result to the applicant (completing the return step)."""
    at = now(at)

    def change(locked):
        steps = pending_steps(locked)
        if steps:
            hand_over(locked, steps[:1], actor, at)
        locked.current_step = None
        locked.returned_at = at
        return Change(fields=["returned_at", "current_step"])

    return DOSSIERS.apply(dossier, "return", actor=actor, at=at, change=change, version=version)
