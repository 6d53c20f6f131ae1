"""Reads of dossiers and procedures, scoped to what a user may see (the same for web and API).

Scoping:
- inspector, admin (and province-wide staff): everything;
- head: every dossier received, handled or stepped through by an agency of their scope;
- reception: dossiers received at their desk(s), or received or handled in their agency scope;
- specialist: dossiers whose current or past step is at their agency, or handled in their scope;
- citizen: only their own (applicant_user);
- anyone else: nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from neuguong.core.roles import STAFF_ROLES, Role
from neuguong.core.text import fold
from neuguong.core.validation import INT64_MAX, ascii_digits, has_control_characters, parse_int
from neuguong.onestop.constants import (
    AT_RISK_HOURS,
    ActorKind,
    DossierState,
)
from neuguong.onestop.models import Dossier, DossierStep, Procedure
from neuguong.onestop.validation import CODE_MAX
from neuguong.org.access import scope_for, user_roles

ACTIVE_STATES = (
    DossierState.ACCEPTED,
    DossierState.PROCESSING,
    DossierState.SUPPLEMENT_REQUESTED,
    DossierState.PAYMENT_REQUESTED,
)
# The clock runs in these (not while a supplement is awaited).
RUNNING_STATES = (DossierState.ACCEPTED, DossierState.PROCESSING, DossierState.PAYMENT_REQUESTED)


def _base():
    return Dossier.objects.select_related(
        "procedure", "receiving_agency", "handling_agency", "current_step__agency"
    )


def dossier_scope_filter(user) -> Q | None:
    """A Q restricting dossiers to what `user` sees; None means everything. Raises nothing."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    scope = scope_for(user)
    if scope.is_global:
        return None
    roles = user_roles(user)
    q = Q(applicant_user=user) if Role.CITIZEN in roles else Q(pk__in=[])
    if not roles & STAFF_ROLES:
        return q
    agencies = scope.agency_ids() or set()
    staff = Q(pk__in=[])
    # Party-office staff and supervisors run reviews and monitor; they do not handle dossiers, so they see
    # no individual dossier (nor its applicant's personal data) — only the aggregated indicators.
    if Role.HEAD in roles:
        staff |= Q(receiving_agency_id__in=agencies) | Q(handling_agency_id__in=agencies)
        staff |= Q(
            Exists(DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=agencies))
        )
    if Role.RECEPTION in roles:
        staff |= Q(receiving_agency_id__in=agencies) | Q(handling_agency_id__in=agencies)
    if Role.SPECIALIST in roles:
        staff |= Q(handling_agency_id__in=agencies)
        staff |= Q(
            Exists(
                DossierStep.objects.filter(
                    dossier=OuterRef("pk"), agency_id__in=agencies, started_at__isnull=False
                )
            )
        )
    # Staff see only their provinces' dossiers: the distribution key comes first in every query.
    return q | (staff & Q(province_code__in=scope.province_codes() or ()))


def dossier_list_for_user(user):
    """Dossiers `user` may see, newest first, with what a list row shows."""
    q = dossier_scope_filter(user)
    qs = _base()
    return qs if q is None else qs.filter(q)


def _dossier_lookup(code_or_pk) -> dict:
    """{"pk": n} for an id (an int, or ASCII digits: "²" passes isdigit() and then breaks int()),
    else {"code": text}; Http404 for what no dossier can have (an id beyond int64, a code longer
    than the column)."""
    if isinstance(code_or_pk, int) and not isinstance(code_or_pk, bool):
        pk = code_or_pk if 1 <= code_or_pk <= INT64_MAX else None
    elif ascii_digits(str(code_or_pk)):
        pk = parse_int(str(code_or_pk))
    else:
        code = str(code_or_pk)
        if not code or len(code) > CODE_MAX or has_control_characters(code):
            raise Http404
        return {"code": code}
    if pk is None:
        raise Http404
    return {"pk": pk}


def get_dossier_for_user(user, code_or_pk) -> Dossier:
    """The dossier by code (or pk, for the audit registry): 404 if unknown, 403 if out of scope."""
    lookup = _dossier_lookup(code_or_pk)
    dossier = dossier_list_for_user(user).filter(**lookup).first()
    if dossier is None:
        if Dossier.objects.filter(**lookup).exists():
            raise PermissionDenied
        raise Http404
    return dossier


def is_staff_in_scope(user, dossier: Dossier) -> bool:
    """Staff who may see this dossier's personal data (citizens see their own separately)."""
    if not user.is_authenticated or not scope_for(user).is_staff:
        return False
    q = dossier_scope_filter(user)
    return q is None or Dossier.objects.filter(q, pk=dossier.pk).exists()


# ---- queues -----------------------------------------------------------------------------------


def _my_agencies(user):
    ids = scope_for(user).agency_ids()
    return ids


def queue_to_accept(user):
    """Online submissions (state new) waiting at the user's desks."""
    qs = dossier_list_for_user(user).filter(state=DossierState.NEW)
    ids = _my_agencies(user)
    return (qs if ids is None else qs.filter(receiving_agency_id__in=ids)).order_by(
        "submitted_at", "pk"
    )


def queue_my_steps(user):
    """Dossiers whose current step is at one of the user's agencies (including results to return)."""
    qs = dossier_list_for_user(user).filter(
        state__in=(*ACTIVE_STATES, DossierState.DONE), current_step__isnull=False
    )
    ids = _my_agencies(user)
    if ids is not None:
        qs = qs.filter(current_step__agency_id__in=ids)
    return qs.order_by("current_step__due_at", "pk")


def queue_at_risk(user, at=None):
    """Running dossiers due within one working day (not yet late), for the responsible heads."""
    from neuguong.onestop.services.deadlines import add_hours

    at = at or timezone.now()
    horizon = add_hours(at, AT_RISK_HOURS)
    qs = dossier_list_for_user(user).filter(
        state__in=RUNNING_STATES, appointment_at__gt=at, appointment_at__lte=horizon
    )
    return qs.order_by("appointment_at", "pk")


def queue_late(user, at=None):
    """Running dossiers past their appointment, late by rule, or finished after it."""
    at = at or timezone.now()
    qs = dossier_list_for_user(user)
    return late_filter(qs, at).order_by("appointment_at", "pk")


def late_filter(qs, at=None):
    """The late dossiers of `qs`, by the one rule (services.deadlines.late_q)."""
    from neuguong.onestop.services.deadlines import late_q

    return qs.filter(late_q(at))


def queue_awaiting_supplement(user):
    return (
        dossier_list_for_user(user)
        .filter(state=DossierState.SUPPLEMENT_REQUESTED)
        .order_by("updated_at", "pk")
    )


# ---- search and filters -----------------------------------------------------------------------


def dossier_search(qs, q: str):
    """Search by code, applicant name without diacritics ("nguyen van a"), or procedure name."""
    q = (q or "").strip()
    if not q:
        return qs
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def dossier_filter(
    qs,
    *,
    state: str = "",
    procedure: str = "",
    agency: int | None = None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    late: bool | None = None,
    q: str = "",
):
    """The list filters shared by the web list and the API. A value no dossier can match (an unknown
    state, an id beyond int64) matches nothing instead of reaching the database."""
    if state:
        if state not in DossierState.values:
            return qs.none()
        qs = qs.filter(state=state)
    if procedure:
        qs = qs.filter(procedure__code=procedure)
    if agency:
        if isinstance(agency, bool) or not 1 <= agency <= INT64_MAX:
            return qs.none()
        qs = qs.filter(Q(receiving_agency_id=agency) | Q(handling_agency_id=agency))
    if received_from:
        qs = qs.filter(received_at__date__gte=received_from)
    if received_to:
        qs = qs.filter(received_at__date__lte=received_to)
    if late is True:
        qs = late_filter(qs)
    elif late is False:
        qs = qs.exclude(pk__in=late_filter(Dossier.objects.all()).values("pk"))
    return dossier_search(qs, q)


# ---- procedures -------------------------------------------------------------------------------


def procedure_list(q: str = ""):
    qs = Procedure.objects.filter(is_active=True).prefetch_related("steps")
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("name")


def expected_appointment(procedure: Procedure, at=None):
    """ "If submitted now, the expected appointment is …" (public procedure page)."""
    from neuguong.onestop.services.deadlines import expected_appointment as expected

    return expected(procedure, at)


# ---- the dossier page -------------------------------------------------------------------------


def dossier_detail(dossier: Dossier) -> Dossier:
    """Load the timeline: steps with agencies and people, transitions with actors, pauses, documents."""
    from django.db.models import Prefetch

    from neuguong.onestop.models import DossierTransition

    return (
        _base()
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=DossierStep.objects.select_related(
                    "agency", "handed_over_by", "received_by"
                ).order_by("order"),
            ),
            Prefetch(
                "transitions",
                queryset=DossierTransition.objects.select_related("actor").order_by("at", "id"),
            ),
            "pauses",
            "documents",
        )
        .get(pk=dossier.pk)
    )


def late_attribution(dossier: Dossier, at=None):
    """(step, agency, head) a late dossier is attributed to (services.deadlines.late_attribution)."""
    from neuguong.onestop.services.deadlines import late_attribution as attribution

    return attribution(dossier, at)


def step_results_by_agency(qs_steps=None):
    """Counts of hand-over results per agency (for scorecards): {agency_id: {result: n}}."""
    from django.db.models import Count

    qs = qs_steps if qs_steps is not None else DossierStep.objects.all()
    rows = (
        qs.exclude(result="")
        .exclude(actor_kind=ActorKind.RETURN)
        .values("agency_id", "result")
        .annotate(n=Count("pk"))
    )
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["agency_id"], {})[row["result"]] = row["n"]
    return out
