"""Supplements and payment (the clock pauses), and the other endings: withdrawal and stop."""

from __future__ import annotations

from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.roles import Role
from neuguong.core.workflow import Change, refusal
from neuguong.onestop import validation
from neuguong.onestop.constants import TRANSITIONS, DossierState, PaymentMethod, PaymentState
from neuguong.onestop.models import Dossier, DossierPause
from neuguong.onestop.services import deadlines, notifications
from neuguong.onestop.services import messages as m
from neuguong.onestop.services.intake import require_reason
from neuguong.onestop.services.workflow import DOSSIERS, actor_roles, now, pending_steps


def dossier_request_supplement(
    dossier: Dossier, *, actor, reason: str, at=None, version=None
) -> Dossier:
    """processing → supplement_requested; the clock pauses. A second request makes the dossier late
    by rule (Decision 766/QĐ-TTg: requesting a supplement more than once counts as late)."""
    at = now(at)
    reason = require_reason(reason)

    def change(locked):
        locked.supplement_count += 1
        if locked.supplement_count >= 2:
            locked.late_by_rule = True
        DossierPause.objects.create(dossier=locked, started_at=at, reason=reason)
        return Change(
            fields=["supplement_count", "late_by_rule"],
            note=reason,
            data={"count": locked.supplement_count, "late_by_rule": locked.late_by_rule},
            notify=[notifications.supplement(reason)],
        )

    return DOSSIERS.apply(
        dossier, "request_supplement", actor=actor, at=at, change=change, version=version
    )


def citizen_only(actor) -> bool:
    """The actor holds no role but citizen's among those the table allows for receive_supplement."""
    roles = actor_roles(actor) & TRANSITIONS["receive_supplement"].roles
    return roles == {Role.CITIZEN}


def dossier_receive_supplement(dossier: Dossier, *, actor, at=None, version=None) -> Dossier:
    """supplement_requested → processing; the clock restarts and the appointment, the pending steps'
    due moments and an unsigned apology's dates move by the working time spent waiting.

    This is the desk's or the officer's action (the supplement arrived on paper or by other means). A
    citizen sends theirs only through services.citizen.dossier_supplement_online, with the files, each
    judged by its content: here a citizen is refused (403), nothing changes, and the attempt is put on
    record after the rollback (onestop.dossier.supplement_refused)."""
    at = now(at)

    def change(locked):
        if citizen_only(actor):
            raise refusal(
                NotAllowed(m.SUPPLEMENT_ONLINE_ONLY, code="supplement_online_only"),
                "supplement_refused",
                {"at": at},
            )
        paused, moved = deadlines.end_pause(locked, at, pending_steps(locked))
        return Change(
            fields=moved, data={"paused_hours": paused, "appointment_at": locked.appointment_at}
        )

    return DOSSIERS.apply(
        dossier, "receive_supplement", actor=actor, at=at, change=change, version=version
    )


def dossier_request_payment(dossier: Dossier, *, actor, amount, at=None, version=None) -> Dossier:
    at = now(at)
    amount = validation.clean_amount(amount)

    def change(locked):
        # A new obligation (e.g. the tax authority's notice): requested, not yet paid by any way.
        locked.fee = amount
        locked.payment_state = PaymentState.REQUESTED
        locked.payment_method = PaymentMethod.NOT_APPLICABLE
        locked.paid_at = None
        return Change(
            fields=["fee", "payment_state", "payment_method", "paid_at"],
            data={"amount": str(amount)},
        )

    return DOSSIERS.apply(
        dossier, "request_payment", actor=actor, at=at, change=change, version=version
    )


def dossier_confirm_payment(
    dossier: Dossier, *, actor, method=PaymentMethod.DESK, at=None, version=None
) -> Dossier:
    """payment_requested → processing: the fee is paid, at the desk (default) or online."""
    at = now(at)
    method = validation.clean_paid_method(method)

    def change(locked):
        if not locked.fee or locked.payment_state != PaymentState.REQUESTED:
            raise DomainError(m.NOTHING_TO_PAY, code="nothing_to_pay")
        locked.payment_state = PaymentState.PAID
        locked.payment_method = method
        locked.paid_at = at
        return Change(
            fields=["payment_state", "payment_method", "paid_at"], data={"payment_method": method}
        )

    return DOSSIERS.apply(
        dossier, "confirm_payment", actor=actor, at=at, change=change, version=version
    )


def _close(dossier, action, *, actor, reason, at, version):
    at = now(at)
    reason = require_reason(reason)

    def change(locked):
        fields = []
        if locked.state == DossierState.SUPPLEMENT_REQUESTED:
            # The wait was the applicant's: ending it here moves the clock as receive_supplement
            # does, or a dossier withdrawn while waiting would count as late against the agency.
            fields += deadlines.end_pause(locked, at, pending_steps(locked))[1]
        if locked.received_at and not locked.processing_ended_at:
            locked.processing_ended_at = at
            fields.append("processing_ended_at")
        return Change(fields=fields, note=reason)

    return DOSSIERS.apply(dossier, action, actor=actor, at=at, change=change, version=version)


def dossier_withdraw(dossier: Dossier, *, actor, reason: str, at=None, version=None) -> Dossier:
    """The applicant withdraws (in person at a desk, or online for their own dossier)."""
    return _close(dossier, "withdraw", actor=actor, reason=reason, at=at, version=version)


def dossier_stop(dossier: Dossier, *, actor, reason: str, at=None, version=None) -> Dossier:
    return _close(dossier, "stop", actor=actor, reason=reason, at=at, version=version)
