"""One dossier's life in memory: the services' changes, row for row, without the database.

Each method mirrors the service of the same name (neuguong.onestop.services) on plain objects:
the same fields change, with the dates from `services.deadlines` (appointment, dues, judging,
pauses, apology), the state from the transition table (`constants.TRANSITIONS`, computed targets
included), the edit version bumped once per action, one transition row and one audit event per
action, the event's snapshot taken as `registry.snapshot` takes it (the registered fields, personal
ones as keyed hashes) plus the step fingerprint of `services.audit`. Every call is also kept in
`script`, so the same life can be replayed through the real services (seed/replay.py), and a test
holds the two paths together.

Not mirrored on purpose: the outbox (notifications of past events were sent long ago) and the
refusals (the story never attempts an action the services would refuse).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from neuguong.core.models import SearchableModel
from neuguong.onestop.constants import (
    TRANSITIONS,
    ActorKind,
    Channel,
    DossierState,
    PaymentMethod,
    PaymentState,
)
from neuguong.onestop.models import Dossier
from neuguong.onestop.seed.rows import ISO
from neuguong.onestop.seed.snapshot import Row, Snapshots, StepSim, plain
from neuguong.onestop.services import deadlines, payment
from neuguong.onestop.services.audit import step_fingerprint
from neuguong.onestop.services.workflow import VERBS
from neuguong.org.constants import UnitLevel

# Plain strings, not the enum members: the audit writer's fast path takes plain values only (the
# text is the same either way).
S: Any = type(
    "States", (), {name: str(member) for name, member in DossierState.__members__.items()}
)
PAID, REQUESTED = (str(p) for p in (PaymentState.PAID, PaymentState.REQUESTED))
CREATED_FROM = ""  # services.intake.CREATED_FROM: a new dossier's first row comes from no state
RATED = "onestop.dossier.rated"
RATING_ACTOR = "citizen:public"  # how services.public.dossier_rate names the rater


class DossierSim:
    """A dossier and its child rows as the services would leave them. Attributes are the Dossier
    model's attnames; `steps`, `transitions`, `pauses`, `apology`, `rating` and `events` are the
    rows to write."""

    search_fields = Dossier.search_fields
    search_text = property(SearchableModel.build_search_text)

    def __init__(self, ids, *, code, proc, desk, handling, applicant, channel, at, police=None):
        self._ids = ids
        self.id = ids.next("dossier")
        self.code = code
        self.procedure_id = proc.pk
        self.procedure_name = proc.name
        self.province_code = proc.province_code
        self.receiving_agency_id = desk
        self.handling_agency_id = handling
        self.applicant_name = applicant["name"]
        self.applicant_id_number = applicant["id_number"]
        self.applicant_phone = applicant["phone"]
        self.applicant_address = applicant["address"]
        self.applicant_unit_id = applicant["unit_id"]
        self.applicant_user_id = None
        self.channel = int(channel)
        self.state = S.NEW
        self.version = 0
        self._police = (police or {}).get(handling)
        # A fee is paid with the intake: online for an online submission, else at the desk.
        method = (
            (PaymentMethod.ONLINE if int(channel) == Channel.ONLINE else PaymentMethod.DESK)
            if proc.fee
            else None
        )
        self.paid = {"payment_method": str(method)} if method else None
        fees = payment.intake_payment(proc.fee, channel=int(channel), method=method, at=at)
        self.fee = fees["fee"]
        self.payment_state = fees["payment_state"]
        self.payment_method = fees["payment_method"]
        self.paid_at = fees["paid_at"]
        self.submitted_at = at
        self.received_at = None
        self.appointment_at = None
        self.original_appointment_at = None
        self.processing_ended_at = None
        self.returned_at = None
        self.supplement_count = 0
        self.late_by_rule = False
        self.rescheduled = False
        self.current_step: StepSim | None = None
        self.result_number = ""
        self.result_signed_by_id = None
        self.result_signed_at = None
        self.paused_hours = Decimal(0)
        # What the services store about the indicators' facts: set by seed/facts.stamp once the
        # story is played (the services: when processing ends and on every later change).
        self.processing_days: Decimal | None = None
        self.late_agency_id: int | None = None
        self.facts: dict = {}
        self.created_at = at
        self.updated_at = at
        self.proc = proc
        self.steps: list[StepSim] = []
        self.transitions: list[Row] = []
        self.pauses: list[Row] = []
        self.apology: Row | None = None
        self.rating: Row | None = None
        self.events: list[tuple] = []  # (action code, actor, data, state, at)
        self.script: list[tuple] = []  # (service name, actor pk or None, kwargs) for replay
        self._fingerprint: str | None = None
        self._snapshots = Snapshots()

    # ---- what the snapshot and the rows read -------------------------------------------------

    @property
    def pk(self) -> int:
        return self.id

    @property
    def current_step_id(self):
        return self.current_step.id if self.current_step is not None else None

    @property
    def is_late(self) -> bool:
        return deadlines.is_late(self, self.updated_at)

    def pending(self) -> list[StepSim]:
        return [s for s in self.steps if s.completed_at is None]

    def _steps_changed(self) -> None:
        self._fingerprint = None

    def release(self) -> None:
        """Drop the steps' links back to this dossier, so that reference counting frees its
        objects as soon as it is written, without waiting for the cyclic collector."""
        for step in self.steps:
            object.__setattr__(step, "_owner", None)

    def snapshot(self) -> dict:
        """registry.snapshot(dossier) for the row as it is now (seed/snapshot.py)."""
        if self._fingerprint is None:
            self._fingerprint = step_fingerprint(s.fingerprint_row() for s in self.steps)
        return self._snapshots.take(self, self._fingerprint)

    # ---- the workflow core, on plain objects ---------------------------------------------------

    def _log(self, action, from_state, actor, at, note, data) -> None:
        data = plain(data) if data else {}
        payload = {"from": from_state, "to": self.state, "at": ISO[at]}
        if note:
            payload["note"] = note
        payload.update(data)
        self.events.append(
            (
                f"onestop.dossier.{VERBS.get(action, action)}",
                actor.audit if actor is not None else None,
                payload,
                self.snapshot(),
                at,
            )
        )
        self.transitions.append(
            Row(
                dossier_id=self.id,
                province_code=self.province_code,
                action=action,
                from_state=from_state,
                to_state=self.state,
                actor_id=actor.pk if actor is not None else None,
                at=at,
                note=note,
                data=data,
            )
        )
        self.updated_at = at

    def _apply(self, action, from_state, actor, at, *, note="", data=None) -> None:
        """core.workflow.Workflow.apply_locked after the service's change: the target from the
        table, the version bumped, the transition row and the audit event."""
        target = TRANSITIONS[action].target_for(self)
        if target is not None:
            self.state = str(target)
        self.version += 1
        self._log(action, from_state, actor, at, note, data)

    def _keep(self, name, actor, **kwargs) -> None:
        self.script.append((name, actor.pk if actor is not None else None, kwargs))

    # ---- intake --------------------------------------------------------------------------------

    def _enter_accepted(self, actor, at) -> None:
        proc = self.proc
        self.received_at = at
        self.appointment_at = deadlines.appointment_for(proc, at)
        self.original_appointment_at = self.appointment_at
        dues = deadlines.step_dues([t.hours for t in proc.templates], at, proc.cutoff_time)
        self.steps = [
            StepSim(self._ids.next("step"), self, t, self._step_agency(t), due)
            for t, due in zip(proc.templates, dues, strict=True)
        ]
        self.steps[0].started_at = at
        self.steps[0].received_by_id = actor.pk
        self.current_step = self.steps[0]
        self._steps_changed()

    def _step_agency(self, template) -> int:
        """catalogue.resolve_step_agency on plain data."""
        if template.agency_id:
            return template.agency_id
        if template.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
            return self.receiving_agency_id
        if (
            template.actor_kind == ActorKind.HANDOVER
            and template.agency_level == UnitLevel.COMMUNE
            and self._police is not None
        ):
            return self._police
        return self.handling_agency_id

    def _payment_data(self) -> dict:
        """services.intake._payment_change on plain data."""
        if not self.fee:
            return {}
        return {
            "fee": str(self.fee),
            "payment_state": self.payment_state,
            "payment_method": self.payment_method,
        }

    def submit_online(self, at) -> None:
        self._keep("dossier_submit_online", None, at=at, paid=self.paid)
        self._log("submit", CREATED_FROM, None, at, "", self._payment_data() or None)

    def receive(self, actor, at) -> None:
        self._keep("dossier_receive", actor, at=at, paid=self.paid)
        self.state = S.ACCEPTED
        self._enter_accepted(actor, at)
        data = {"code": self.code, "appointment_at": self.appointment_at, **self._payment_data()}
        self._log("receive", CREATED_FROM, actor, at, "", data)

    def accept(self, actor, at) -> None:
        self._keep("dossier_accept", actor, at=at)
        from_state = self.state
        self._enter_accepted(actor, at)
        self._apply("accept", from_state, actor, at)

    def refuse(self, actor, reason, at) -> None:
        self._keep("dossier_refuse", actor, reason=reason, at=at)
        self._apply("refuse", self.state, actor, at, note=reason)

    # ---- steps and signing ---------------------------------------------------------------------

    def _hand_over(self, actor, at, note="") -> StepSim | None:
        steps = self.pending()
        current, following = steps[0], steps[1] if len(steps) > 1 else None
        current.completed_at = at
        current.handed_over_by_id = actor.pk
        if current.received_by_id is None:
            current.received_by_id = actor.pk
        current.result = str(deadlines.judge(current.due_at, at))
        if note:
            current.note = note
        if following is not None:
            following.started_at = at
        self.current_step = following
        return following

    def start(self, actor, at) -> None:
        self._keep("dossier_start", actor, at=at)
        from_state = self.state
        data = None
        steps = self.pending()
        if steps and steps[0].actor_kind == ActorKind.RECEIVE:
            done = steps[0]
            self._hand_over(actor, at)
            data = {"step": done.order, "result": done.result}
        self._apply("start", from_state, actor, at, data=data)

    def _sign(self, actor, at) -> None:
        """The composite first part of complete_step on an unsigned signing step (the signer is
        the head of the step's agency: services.steps.sign finds them `as_head`)."""
        from_state = self.state
        step = self.current_step
        assert step is not None  # signing is the current step's work
        self.result_signed_by_id = actor.person_id
        self.result_signed_at = at
        data = {
            "person_id": actor.person_id,
            "agency_id": step.agency_id,
            "result_number": self.result_number,
            "as_head": True,
            "delegation_id": None,
        }
        self._apply("sign_result", from_state, actor, at, data=data)

    def complete_step(self, actor, at, note="") -> None:
        self._keep("dossier_complete_step", actor, note=note, at=at)
        from_state = self.state
        done = self.current_step  # (signing leaves it as it is)
        assert done is not None  # the story completes open steps only
        if done.actor_kind == ActorKind.SIGN and not self.result_signed_at:
            self._sign(actor, at)
        following = self._hand_over(actor, at, note)
        if following is None or following.actor_kind == ActorKind.RETURN:
            self.processing_ended_at = at
        data = {"step": done.order, "agency_id": done.agency_id, "result": done.result}
        self._apply("complete_step", from_state, actor, at, note=note, data=data)

    def return_result(self, actor, at) -> None:
        self._keep("dossier_return", actor, at=at)
        from_state = self.state
        if self.pending():
            self._hand_over(actor, at)
        self.current_step = None
        self.returned_at = at
        self._apply("return", from_state, actor, at)

    # ---- supplements, payment, endings (services.pauses) -------------------------------------

    def request_supplement(self, actor, reason, at) -> None:
        self._keep("dossier_request_supplement", actor, reason=reason, at=at)
        from_state = self.state
        self.supplement_count += 1
        if self.supplement_count >= 2:
            self.late_by_rule = True
        self.pauses.append(
            Row(
                dossier_id=self.id,
                province_code=self.province_code,
                started_at=at,
                ended_at=None,
                reason=reason,
            )
        )
        data = {"count": self.supplement_count, "late_by_rule": self.late_by_rule}
        self._apply("request_supplement", from_state, actor, at, note=reason, data=data)

    def _end_pause(self, at) -> Decimal:
        """deadlines.end_pause on plain objects."""
        pause = next((p for p in reversed(self.pauses) if p.ended_at is None), None)
        if pause is None:
            return Decimal(0)
        pause.ended_at = at
        paused = deadlines.hours_between(pause.started_at, at)
        if paused <= 0:
            return paused
        self.paused_hours += paused
        self.appointment_at, self.original_appointment_at = deadlines.shift(
            (self.appointment_at, self.original_appointment_at), paused
        )
        for step in self.pending():
            if step.due_at:
                step.due_at = deadlines.add_hours(step.due_at, paused)
        apology = self.apology
        if not self.rescheduled and apology is not None and apology.signed_at is None:
            apology.old_appointment_at, apology.new_appointment_at = deadlines.shift(
                (apology.old_appointment_at, apology.new_appointment_at), paused
            )
        return paused

    def receive_supplement(self, actor, at) -> None:
        self._keep("dossier_receive_supplement", actor, at=at)
        from_state = self.state
        paused = self._end_pause(at)
        data = {"paused_hours": paused, "appointment_at": self.appointment_at}
        self._apply("receive_supplement", from_state, actor, at, data=data)

    def request_payment(self, actor, amount: Decimal, at) -> None:
        self._keep("dossier_request_payment", actor, amount=amount, at=at)
        from_state = self.state
        self.fee = amount
        self.payment_state = REQUESTED
        self.payment_method = str(PaymentMethod.NOT_APPLICABLE)
        self.paid_at = None
        self._apply("request_payment", from_state, actor, at, data={"amount": str(amount)})

    def confirm_payment(self, actor, at) -> None:
        self._keep("dossier_confirm_payment", actor, at=at)
        from_state = self.state
        self.payment_state = PAID
        self.payment_method = str(PaymentMethod.DESK)
        self.paid_at = at
        self._apply(
            "confirm_payment", from_state, actor, at, data={"payment_method": self.payment_method}
        )

    def _close(self, action, actor, reason, at) -> None:
        self._keep(f"dossier_{action}", actor, reason=reason, at=at)
        from_state = self.state
        if from_state == S.SUPPLEMENT_REQUESTED:
            self._end_pause(at)
        if self.received_at and not self.processing_ended_at:
            self.processing_ended_at = at
        self._apply(action, from_state, actor, at, note=reason)

    def withdraw(self, actor, reason, at) -> None:
        self._close("withdraw", actor, reason, at)

    def stop(self, actor, reason, at) -> None:
        self._close("stop", actor, reason, at)

    # ---- the apology (services.apology) ------------------------------------------------------

    def may_draft_apology(self, at) -> bool:
        return not self.rescheduled and self.apology is None and self.state in _APOLOGY_STATES

    def draft_apology(self, actor, reason, at) -> bool:
        """Draft when the services would accept it; False (nothing done) when they would refuse."""
        if not self.may_draft_apology(at):
            return False
        step = deadlines.overrun_step(self.steps, at)
        if step is None and not deadlines.is_overdue_now(self, at):
            return False
        if step is None:
            step = self.current_step
        new_at = deadlines.apology_default_appointment(self.appointment_at, self.pending(), at)
        if new_at <= self.appointment_at or new_at <= at:
            return False
        self._keep("apology_draft", actor, reason=reason, at=at)
        self.apology = Row(
            dossier_id=self.id,
            agency_id=step.agency_id if step else self.handling_agency_id,
            step_id=step.id if step else None,
            step=step,
            reason=reason,
            old_appointment_at=self.appointment_at,
            new_appointment_at=new_at,
            drafted_at=at,
            drafted_by_id=actor.pk,
            signed_by_id=None,
            signed_at=None,
        )
        data = {
            "agency_id": self.apology.agency_id,
            "step": step.order if step else None,
            "new_appointment_at": new_at,
        }
        self._apply("draft_apology", self.state, actor, at, note=reason, data=data)
        return True

    def sign_apology(self, actor, at) -> bool:
        apology = self.apology
        if (
            apology is None
            or apology.signed_at
            or self.rescheduled
            or self.state not in _APOLOGY_STATES
            or apology.new_appointment_at <= self.appointment_at
        ):
            return False
        self._keep("apology_sign", actor, at=at)
        from_state = self.state
        apology.signed_by_id = actor.person_id
        apology.signed_at = at
        assert self.appointment_at is not None  # set at acceptance, before any apology
        added = deadlines.hours_between(self.appointment_at, apology.new_appointment_at)
        for step in self.pending():
            if step.id != apology.step_id and step.due_at:
                step.due_at = deadlines.add_hours(step.due_at, added)
        self.appointment_at = apology.new_appointment_at
        self.rescheduled = True
        data = {
            "agency_id": apology.agency_id,
            "person_id": actor.person_id,
            "appointment_at": self.appointment_at,
        }
        self._apply("sign_apology", from_state, actor, at, data=data)
        return True

    # ---- the rating (services.public.dossier_rate) ---------------------------------------------

    def rate(self, value: str, reasons: list[str], at: dt.datetime) -> None:
        value = str(value)
        self.script.append(("dossier_rate", None, {"value": value, "reasons": reasons, "at": at}))
        self.rating = Row(
            dossier_id=self.id,
            value=value,
            reasons=reasons,
            comment="",
            created_at=at,
        )
        data = {"value": value, "reasons": reasons}
        self.events.append((RATED, RATING_ACTOR, data, self.snapshot(), at))


_APOLOGY_STATES = TRANSITIONS["draft_apology"].sources
