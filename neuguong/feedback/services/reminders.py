"""Deadline approaching: the responsible agency's staff are told of items due within a working day."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from neuguong.core.audit import log_action
from neuguong.core.audit.hashing import jsonable
from neuguong.core.audit.models import AuditEvent
from neuguong.core.calendar.clock import add_working_days
from neuguong.feedback.constants import AT_RISK_WORKING_DAYS, OPEN_STATES
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.services import notifications

WARNED = "feedback.item.deadline_warned"


def agency_recipients(agency_id: int, at) -> list[str]:
    """The emails of the agency's staff members in office on that day."""
    from neuguong.core.roles import STAFF_ROLES
    from neuguong.org.models import Membership

    rows = (
        Membership.objects.valid_on(timezone.localdate(at))
        .filter(agency_id=agency_id, role__in=STAFF_ROLES)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(rows))


def items_remind_due(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Queue one warning per item and deadline; returns (items warned, messages queued)."""
    now = now or timezone.now()
    soon = add_working_days(now, AT_RISK_WORKING_DAYS)
    due = FeedbackItem.objects.filter(
        state__in=OPEN_STATES, due_at__gte=now, due_at__lte=soon
    ).select_related("agency")
    warned = AuditEvent.objects.filter(
        action=WARNED, object_id__in=[str(i.pk) for i in due]
    ).values_list("object_id", "data")
    done_keys = {(oid, str((data or {}).get("due_at"))) for oid, data in warned}
    items = sent = 0
    recipients: dict[int, list[str]] = {}
    for item in due:
        key = (str(item.pk), str(jsonable(item.due_at)))
        if key in done_keys:
            continue
        if item.agency_id not in recipients:
            recipients[item.agency_id] = agency_recipients(item.agency_id, now)
        with transaction.atomic():
            sent += notifications.deadline_approaching(item, recipients[item.agency_id])
            log_action(item, WARNED, actor="system:feedback_remind", data={"due_at": item.due_at})
        items += 1
    return items, sent
