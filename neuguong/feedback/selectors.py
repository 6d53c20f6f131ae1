"""Reads of items, scoped by org/access.py: staff see the items of the agencies in their scope,
citizens their own, the public only published feedback and complaint decisions (no personal data)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from neuguong.core.calendar.clock import add_working_days
from neuguong.core.roles import Role
from neuguong.core.text import fold
from neuguong.feedback.constants import (
    AT_RISK_WORKING_DAYS,
    OPEN_STATES,
    PUBLIC_STATES,
    ItemKind,
)
from neuguong.feedback.models import FeedbackItem
from neuguong.org.access import scope_for, user_roles


def item_list_for_user(user) -> QuerySet[FeedbackItem]:
    """The items `user` may see: staff by agency scope, a citizen their own, others nothing."""
    qs = FeedbackItem.objects.select_related("category", "agency", "commune")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_for(user)
    if scope.is_staff:
        agencies = scope.agency_ids()
        if agencies is None:
            return qs
        provinces = scope.province_codes()
        if provinces:
            qs = qs.filter(province_code__in=provinces)
        return qs.filter(agency_id__in=agencies)
    return qs.filter(submitter_user=user)


def get_item_for_user(user, pk) -> FeedbackItem:
    """The item, or Http404 when it is unknown or outside the user's scope (existence does not leak)."""
    item = item_list_for_user(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def may_see_identity(user, item: FeedbackItem) -> bool:
    """A denouncer's identity is for the handling officer alone (Law on Denunciations 2018: the
    denouncer's name, address and other information are kept confidential — Chapter VI on protecting
    denouncers, whose Art. 47 names who is protected; the article of the measure itself was not
    verified); other kinds: anyone who sees the item."""
    if item.kind != ItemKind.DENUNCIATION:
        return True
    return bool(getattr(user, "pk", None)) and item.handler_id == user.pk


def item_identity_for(user, item: FeedbackItem) -> dict | None:
    """The submitter's identity if `user` may see it; every read is audited (who read whose)."""
    from neuguong.core.audit import log_action

    if not may_see_identity(user, item):
        return None
    log_action(item, "feedback.item.identity_read", actor=user, data={"kind": item.kind})
    return {
        "name": item.submitter_name,
        "phone": item.submitter_phone,
        "id_number": item.submitter_id_number,
        "email": item.submitter_email,
        "address": item.address if item.kind == ItemKind.DENUNCIATION else "",
    }


def queue_for_user(user, queue: str, *, now: dt.datetime | None = None) -> QuerySet[FeedbackItem]:
    """A staff queue: `new` (submitted), `open` (work owed), `at_risk` (due within a working day),
    `late` (past due), `answered` (awaiting publication), `all`."""
    now = now or timezone.now()
    qs = item_list_for_user(user)
    if queue == "new":
        return qs.filter(state="submitted").order_by("due_at", "pk")
    if queue == "open":
        return qs.filter(state__in=OPEN_STATES).order_by("due_at", "pk")
    if queue == "at_risk":
        soon = add_working_days(now, AT_RISK_WORKING_DAYS)
        return qs.filter(state__in=OPEN_STATES, due_at__gte=now, due_at__lte=soon).order_by(
            "due_at"
        )
    if queue == "late":
        return qs.filter(state__in=OPEN_STATES, due_at__lt=now).order_by("due_at")
    if queue == "answered":
        return qs.filter(state="answered").order_by("due_at")
    return qs.order_by("-submitted_at", "-pk")


def public_items(query: str = "") -> QuerySet[FeedbackItem]:
    """Published feedback and complaint decisions; never denunciations. `query` matches without
    diacritics ("dat dai" finds "đất đai")."""
    qs = (
        FeedbackItem.objects.filter(state__in=PUBLIC_STATES)
        .exclude(kind=ItemKind.DENUNCIATION)
        .select_related("category", "agency", "commune")
        .order_by("-published_at", "-pk")
    )
    folded = fold(query or "").strip()
    for word in folded.split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def public_item(code: str) -> FeedbackItem | None:
    return public_items().filter(code=(code or "").strip().upper()[:30]).first()


def followed_item(code: str, verify: str) -> FeedbackItem | None:
    """The item `code` if `verify` is the last 4 digits of its submitter's phone (or citizen ID).
    An unknown code and a wrong second factor are indistinguishable."""
    code = (code or "").strip().upper()
    if not code or len(code) > 30:
        return None
    item = FeedbackItem.objects.select_related("category", "agency").filter(code=code).first()
    if item is None or not item.verify_matches(verify):
        return None
    return item


def is_staff_user(user) -> bool:
    return (
        bool(user_roles(user) - {Role.CITIZEN})
        if getattr(user, "is_authenticated", False)
        else False
    )


def queue_counts(user, *, now: dt.datetime | None = None) -> dict[str, int]:
    """The count of each queue, in one aggregate query."""
    from django.db.models import Count, Q

    now = now or timezone.now()
    soon = add_working_days(now, AT_RISK_WORKING_DAYS)
    open_ = Q(state__in=OPEN_STATES)
    return item_list_for_user(user).aggregate(
        new=Count("pk", filter=Q(state="submitted")),
        open=Count("pk", filter=open_),
        at_risk=Count("pk", filter=open_ & Q(due_at__gte=now, due_at__lte=soon)),
        late=Count("pk", filter=open_ & Q(due_at__lt=now)),
        answered=Count("pk", filter=Q(state="answered")),
        all=Count("pk"),
    )


def possible_duplicates(item: FeedbackItem) -> QuerySet[FeedbackItem]:
    """Open feedback items of the same agency, category and commune: candidates to merge."""
    return (
        FeedbackItem.objects.filter(
            kind=ItemKind.FEEDBACK,
            agency_id=item.agency_id,
            category_id=item.category_id,
            commune_id=item.commune_id,
            state__in=OPEN_STATES,
        )
        .exclude(pk=item.pk)
        .order_by("-submitted_at")
    )
