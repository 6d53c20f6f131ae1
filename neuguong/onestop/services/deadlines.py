"""The one-stop clock, in one place: appointments, step dues, pauses, lateness and its attribution.

Deadlines are in working hours (8 = one working day, Decree 61/2018 Art. 31) on the calendar of
neuguong.core.calendar.clock. The services, the selectors, the pages and the bulk generator
(`neuguong seed`) all call these functions, so a dossier generated in bulk is judged exactly as one
handled at a desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from neuguong.core.calendar import clock
from neuguong.onestop.constants import ActorKind, DossierState, StepResult

# States in which the clock runs (a dossier awaiting a supplement is paused, not late).
CLOCK_RUNNING_STATES = (
    DossierState.ACCEPTED,
    DossierState.PROCESSING,
    DossierState.PAYMENT_REQUESTED,
)


def add_hours(start: dt.datetime, hours, *, cutoff: dt.time | None = None) -> dt.datetime:
    """`start` + `hours` working hours; with `cutoff`, a start after it counts from the next opening."""
    return clock.add_working_hours(start, Decimal(hours), cutoff=cutoff)


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    return Decimal(str(clock.working_hours_between(start, end)))


# ---- the appointment and the step dues ----------------------------------------------------------


def appointment_for(procedure, received_at: dt.datetime) -> dt.datetime:
    """The appointment of a dossier received at `received_at`: the legal deadline in working hours,
    counted from the next opening when received after the procedure's cut-off."""
    return add_hours(received_at, procedure.deadline_hours, cutoff=procedure.cutoff_time)


def expected_appointment(procedure, at: dt.datetime | None = None) -> dt.datetime:
    """ "If submitted now, the expected appointment is …" (public procedure page)."""
    return appointment_for(procedure, at or timezone.now())


def step_dues(hours: Sequence, start: dt.datetime, cutoff: dt.time | None = None) -> list:
    """The due moment of each step of a process control slip, each chained from the previous due.

    Only the first due applies the cut-off: the later ones chain from a due moment.
    """
    dues, due = [], start
    for i, step_hours in enumerate(hours):
        due = add_hours(due, step_hours, cutoff=cutoff if i == 0 else None)
        dues.append(due)
    return dues


def judge(due_at: dt.datetime | None, at: dt.datetime) -> str:
    """A hand-over's result: early (on an earlier day than due), on time (by the due moment), late."""
    if due_at is None or at <= due_at:
        if due_at and timezone.localdate(at) < timezone.localdate(due_at):
            return StepResult.EARLY
        return StepResult.ON_TIME
    return StepResult.LATE


def shift(moments: Iterable[dt.datetime | None], hours) -> list:
    """Move each moment by `hours` working hours (None stays None)."""
    return [add_hours(m, hours) if m is not None else None for m in moments]


# ---- lateness (Decision 766/QĐ-TTg) -------------------------------------------------------------


def due_for_lateness(dossier) -> dt.datetime | None:
    """The appointment lateness is judged against: the one before any apology (it moves only with
    supplement pauses), so a rescheduled dossier still counts as late."""
    return dossier.original_appointment_at or dossier.appointment_at


def is_late(dossier, at: dt.datetime | None = None) -> bool:
    """Late: late by rule (a second supplement request), or processing ended, or is still running
    at `at`, after the appointment. The SQL form of the same rule is `late_q`."""
    if dossier.late_by_rule:
        return True
    due = due_for_lateness(dossier)
    if due is None:
        return False
    end = dossier.processing_ended_at
    if end is None and dossier.state in CLOCK_RUNNING_STATES:
        end = at or timezone.now()
    return end is not None and end > due


def late_q(at: dt.datetime | None = None) -> Q:
    """`is_late` as a filter, so lists and indicators count in SQL what the page says."""
    at = at or timezone.now()
    return (
        Q(late_by_rule=True)
        | Q(state__in=CLOCK_RUNNING_STATES, original_appointment_at__lt=at)
        | Q(
            state__in=CLOCK_RUNNING_STATES,
            original_appointment_at__isnull=True,
            appointment_at__lt=at,
        )
        | Q(processing_ended_at__gt=F("original_appointment_at"))
    )


def is_overdue_now(dossier, at: dt.datetime) -> bool:
    """Past its (current) appointment or late by rule: an apology may be drafted."""
    return dossier.late_by_rule or bool(dossier.appointment_at and at > dossier.appointment_at)


def overrun_step(steps: Sequence, at: dt.datetime):
    """The step that overran: the first one handed over late, else the first one still open past
    its due time. `steps` are the dossier's steps in any order."""
    ordered = sorted(steps, key=lambda s: s.order)
    for step in ordered:
        if step.result == StepResult.LATE:
            return step
    for step in ordered:
        if step.completed_at is None and step.due_at and step.due_at < at:
            return step
    return None


def late_attribution(dossier, at: dt.datetime | None = None):
    """(step, agency, head) a late dossier is attributed to (DESIGN §3): the apology's step, else the
    first step handed over late, else the first overdue step. Heads are taken on the step's due date."""
    from neuguong.onestop.models import Apology
    from neuguong.org.selectors import head_of

    at = at or timezone.now()
    apology = (
        Apology.objects.filter(dossier=dossier).select_related("step__agency", "agency").first()
    )
    step = apology.step if apology and apology.step_id else None
    if step is None:
        step = overrun_step(list(dossier.steps.select_related("agency")), at)
    if step is None:
        return None, None, None
    return step, step.agency, head_of(step.agency, step.due_at or at)


# The steps an agency does the work of (an interconnected dossier's other agencies answer for these).
WORK_STEP_KINDS = (ActorKind.PROCESS, ActorKind.SIGN, ActorKind.HANDOVER)


def fault_agency_id(handling_agency_id: int, apology_agency_id: int | None, steps: Sequence) -> int:
    """The agency a late dossier counts as late for in the indicators (docs/indicators.md): the
    apology's agency, else the agency of the first work step handed over late, else the handling
    agency (a second supplement request, or the last step late at the desk). `steps` have `order`,
    `actor_kind`, `result` and `agency_id`, in any order. The services (when processing ends) and
    the seed both call it, and store the result as `Dossier.late_agency`."""
    if apology_agency_id:
        return apology_agency_id
    for step in sorted(steps, key=lambda s: s.order):
        if step.result == StepResult.LATE and step.actor_kind in WORK_STEP_KINDS:
            return step.agency_id
    return handling_agency_id


# ---- the apology's new appointment --------------------------------------------------------------


def apology_default_appointment(appointment_at, pending_steps: Sequence, at: dt.datetime):
    """Now (or the appointment, if later) + the working hours of the steps still to do (a day if
    none)."""
    remaining = sum((s.hours for s in pending_steps), Decimal(0)) or Decimal(8)
    return add_hours(max(at, appointment_at), remaining)


# ---- pauses (the applicant's time) --------------------------------------------------------------


def end_pause(dossier, at: dt.datetime, pending_steps: Sequence) -> tuple[Decimal, list[str]]:
    """End the dossier's open pause at `at` and move its clock by the working hours it lasted.

    The waiting time is the applicant's, not the agencies': the appointment, the original
    appointment (what lateness is judged against), every pending step's due and an unsigned
    apology's dates all move by it. Every way out of `supplement_requested` (receive_supplement,
    withdraw, stop) calls this, inside the action's transaction, with the dossier row locked.
    Returns (paused hours, the dossier fields it changed).
    """
    from neuguong.onestop.models import Apology, DossierPause, DossierStep

    pause = (
        DossierPause.objects.select_for_update()
        .filter(dossier_id=dossier.pk, ended_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if pause is None:
        return Decimal(0), []
    pause.ended_at = at
    pause.save(update_fields=["ended_at"])
    paused = hours_between(pause.started_at, at)
    if paused <= 0:
        return paused, []
    dossier.paused_hours += paused
    dossier.appointment_at, dossier.original_appointment_at = shift(
        (dossier.appointment_at, dossier.original_appointment_at), paused
    )
    moved = [step for step in pending_steps if step.due_at]
    for step in moved:
        step.due_at = add_hours(step.due_at, paused)
    DossierStep.objects.bulk_update(moved, ["due_at"])
    if not dossier.rescheduled:
        # A drafted, unsigned apology promised a date against the appointment that just moved.
        apology = (
            Apology.objects.select_for_update()
            .filter(dossier_id=dossier.pk, signed_at__isnull=True)
            .first()
        )
        if apology is not None:
            apology.old_appointment_at, apology.new_appointment_at = shift(
                (apology.old_appointment_at, apology.new_appointment_at), paused
            )
            apology.save(update_fields=["old_appointment_at", "new_appointment_at"])
    return paused, ["paused_hours", "appointment_at", "original_appointment_at"]
