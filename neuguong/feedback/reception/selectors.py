"""Reads: scoped lists and records, and the public calendar. Compliance and reports: compliance.py."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from neuguong.feedback.reception.constants import DialogueState, SessionState
from neuguong.feedback.reception.models import Dialogue, ReceptionSession, VoterRequest
from neuguong.org.access import require_staff, scope_for


def _scoped(user, qs):
    require_staff(user)
    units = scope_for(user).unit_ids()
    return qs if units is None else qs.filter(unit_id__in=units)


def session_list_for_user(user, *, state: str = "", month: tuple[int, int] | None = None):
    qs = _scoped(user, ReceptionSession.objects.select_related("head", "unit"))
    if state:
        qs = qs.filter(state=state)
    if month:
        qs = qs.filter(scheduled_on__year=month[0], scheduled_on__month=month[1])
    return qs.order_by("-scheduled_on", "-id")


def get_session_for_user(user, pk) -> ReceptionSession:
    """The session, or 404 whether it does not exist or lies outside the user's scope."""
    session = (
        _scoped(
            user, ReceptionSession.objects.select_related("head", "unit", "agency", "party_org")
        )
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def dialogue_list_for_user(user, *, state: str = "", year: int | None = None):
    qs = _scoped(user, Dialogue.objects.select_related("chair", "unit"))
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(starts_at__year=year)
    return qs.order_by("-starts_at", "-id")


def get_dialogue_for_user(user, pk) -> Dialogue:
    dialogue = _scoped(user, Dialogue.objects.select_related("chair", "unit")).filter(pk=pk).first()
    if dialogue is None:
        raise Http404
    return dialogue


def voter_request_list_for_user(user):
    return _scoped(user, VoterRequest.objects.select_related("unit", "dialogue"))


# ---- public ------------------------------------------------------------------------------------

PUBLIC_SESSION_STATES = (SessionState.PLANNED, SessionState.HELD, SessionState.ACKNOWLEDGED)
PUBLIC_DIALOGUE_STATES = (DialogueState.ANNOUNCED, DialogueState.HELD, DialogueState.PUBLISHED)


def public_sessions(*, since: dt.date | None = None, until: dt.date | None = None):
    """Reception days anyone may see: the head, the position, the place and the day. No citizen."""
    today = timezone.localdate()
    since = since or today - dt.timedelta(days=31)
    until = until or today + dt.timedelta(days=92)
    return (
        ReceptionSession.objects.filter(
            state__in=PUBLIC_SESSION_STATES, scheduled_on__gte=since, scheduled_on__lte=until
        )
        .select_related("head", "unit")
        .order_by("scheduled_on", "id")
    )


def public_dialogues(*, since: dt.date | None = None, until: dt.date | None = None):
    """Dialogues once announced (a planned one is not public yet)."""
    today = timezone.localdate()
    since = since or today - dt.timedelta(days=366)
    until = until or today + dt.timedelta(days=366)
    return (
        Dialogue.objects.filter(
            state__in=PUBLIC_DIALOGUE_STATES,
            starts_at__date__gte=since,
            starts_at__date__lte=until,
        )
        .select_related("chair", "unit")
        .order_by("starts_at", "id")
    )


def public_dialogue(pk) -> Dialogue:
    dialogue = (
        public_dialogues(since=dt.date(2000, 1, 1), until=dt.date(2100, 1, 1)).filter(pk=pk).first()
    )
    if dialogue is None:
        raise Http404
    return dialogue
