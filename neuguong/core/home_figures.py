"""The figures of the staff home pages: the day's work, each a SQL COUNT over the list it links to.

Every figure starts from the one-stop queue the queues page lists (`neuguong.onestop.selectors`, scoped
through `org/access.py`), so the home and the queue never disagree. A figure narrower than its queue (the
results to return among my steps, the late dossiers attributed to my agency) adds its filter here, in
`QUEUE_FILTERS`, and names it in its link, so that the queues page can apply the same one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.onestop import selectors as onestop
from neuguong.onestop.constants import ActorKind, StepResult
from neuguong.org.access import scope_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Figure:
    key: str
    label: StrOrPromise
    value: int
    url: str
    tone: str = ""  # "", "warn" or "bad": how the card is marked when the value is not zero


def _queue_url(queue: str, **filters: str) -> str:
    return reverse("onestop-queues") + "?" + urlencode({"queue": queue, **filters})


def _agency_ids(user) -> set[int] | None:
    """The agencies of the user's memberships (None: province-wide, every agency)."""
    return scope_for(user).agency_ids()


def steps_of_kind(qs, kind: str):
    """Dossiers of `qs` whose current step is of this kind (sign: awaiting a signature; return: the
    result is ready to hand back)."""
    return qs.filter(current_step__actor_kind=kind)


def _first_step_agency(**filters):
    from neuguong.onestop.models import DossierStep

    return Subquery(
        DossierStep.objects.filter(dossier=OuterRef("pk"), **filters)
        .order_by("order")
        .values("agency_id")[:1]
    )


def attributed_to(qs, agency_ids: set[int] | None, at: dt.datetime | None = None):
    """The dossiers of `qs` whose lateness is attributed to one of `agency_ids`, by the rule of
    `services.deadlines.late_attribution` written in SQL: the apology's step, else the first step
    handed over late, else the first step still open past its due time."""
    from neuguong.onestop.models import Apology

    if agency_ids is None:
        return qs
    at = at or timezone.now()
    apology_step_agency = Subquery(
        Apology.objects.filter(dossier=OuterRef("pk"), step__isnull=False).values(
            "step__agency_id"
        )[:1]
    )
    return qs.annotate(
        _at_fault=Coalesce(
            apology_step_agency,
            _first_step_agency(result=StepResult.LATE),
            _first_step_agency(completed_at__isnull=True, due_at__lt=at),
        )
    ).filter(_at_fault__in=agency_ids)


# The filters a home figure adds to a queue: ?step=sign|return and ?attributed=mine.
QUEUE_FILTERS = {
    "step": lambda qs, user, value: (
        steps_of_kind(qs, value) if value in (ActorKind.SIGN, ActorKind.RETURN) else qs
    ),
    "attributed": lambda qs, user, value: (
        attributed_to(qs, _agency_ids(user)) if value == "mine" else qs
    ),
}


def received_today(user, day: dt.date):
    """Dossiers received (accepted at a desk or online) today at the user's desks."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    qs = onestop.dossier_list_for_user(user).filter(
        received_at__gte=start, received_at__lt=start + dt.timedelta(days=1)
    )
    ids = _agency_ids(user)
    return qs if ids is None else qs.filter(receiving_agency_id__in=ids)


def _register_url(user, day: dt.date) -> str:
    params = {"from": day.isoformat(), "to": day.isoformat()}
    ids = _agency_ids(user)
    if ids is not None and len(ids) == 1:
        params["agency"] = str(next(iter(ids)))
    return reverse("onestop-register") + "?" + urlencode(params)


def reception_figures(user, day: dt.date) -> list[Figure]:
    my_steps = onestop.queue_my_steps(user)
    return [
        Figure(
            "to_accept",
            _("Online dossiers to accept"),
            onestop.queue_to_accept(user).count(),
            _queue_url("to_accept"),
            "warn",
        ),
        Figure(
            "received_today",
            _("Received today"),
            received_today(user, day).count(),
            _register_url(user, day),
        ),
        Figure(
            "to_return",
            _("Results to return"),
            steps_of_kind(my_steps, ActorKind.RETURN).count(),
            _queue_url("my_steps", step=ActorKind.RETURN),
            "warn",
        ),
    ]


def specialist_figures(user, day: dt.date) -> list[Figure]:
    return [
        Figure(
            "my_steps", _("My steps"), onestop.queue_my_steps(user).count(), _queue_url("my_steps")
        ),
        Figure(
            "at_risk",
            _("At risk"),
            onestop.queue_at_risk(user).count(),
            _queue_url("at_risk"),
            "warn",
        ),
    ]


def head_figures(user, day: dt.date) -> list[Figure]:
    return [
        Figure(
            "to_sign",
            _("Awaiting my signature"),
            steps_of_kind(onestop.queue_my_steps(user), ActorKind.SIGN).count(),
            _queue_url("my_steps", step=ActorKind.SIGN),
            "warn",
        ),
        Figure(
            "at_risk",
            _("At risk"),
            onestop.queue_at_risk(user).count(),
            _queue_url("at_risk"),
            "warn",
        ),
        Figure(
            "late_mine",
            _("Late, attributed to my agency"),
            attributed_to(onestop.queue_late(user), _agency_ids(user)).count(),
            _queue_url("late", attributed="mine"),
            "bad",
        ),
    ]


def audit_summary(day: dt.date) -> dict:
    """The inspector's home: the last sealed digest and today's events (two small queries)."""
    from neuguong.core.audit.models import AuditDigest, AuditEvent

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return {
        "last_digest": AuditDigest.objects.order_by("-day").first(),
        "events_today": AuditEvent.objects.filter(created_at__gte=start).count(),
    }


def inspector_figures(user, day: dt.date) -> list[Figure]:
    late = onestop.queue_late(user)
    return [
        Figure("late", _("Late dossiers"), late.count(), _queue_url("late"), "bad"),
        Figure(
            "awaiting_supplement",
            _("Awaiting supplement"),
            onestop.queue_awaiting_supplement(user).count(),
            _queue_url("awaiting_supplement"),
        ),
        Figure(
            "received_today",
            _("Received today"),
            received_today(user, day).count(),
            _register_url(user, day),
        ),
    ]
