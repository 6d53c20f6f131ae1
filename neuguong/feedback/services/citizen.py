"""A citizen who signs in with the national identity gets the feedback filed under their ID number
(at a reception desk, in a dialogue, by a form that asked for it) on their own page, /feedback/mine/.

Denunciations are left out: the law keeps the denouncer's identity confidential, and a "linked to
this account" event in the audit log would name the denouncer to whoever reads it. The denouncer
follows the case with its code and second factor.
"""

from __future__ import annotations

from django.dispatch import receiver

from neuguong.core.audit import log_action
from neuguong.core.identity.signals import citizen_signed_in
from neuguong.feedback.constants import ItemKind
from neuguong.feedback.models import FeedbackItem


@receiver(citizen_signed_in, dispatch_uid="feedback-link-items")
def items_link_to_citizen(sender, *, user, identity, at=None, **kwargs) -> int:
    """Items whose submitter's ID number is the identity's, attached to no account, become the
    citizen's. Runs inside the sign-in transaction; audited per item (feedback.item.linked)."""
    number = (getattr(identity, "id_number", "") or "").strip()
    if not number:
        return 0
    rows = (
        FeedbackItem.objects.select_for_update()
        .filter(submitter_id_number=number, submitter_user__isnull=True)
        .exclude(kind=ItemKind.DENUNCIATION)
        .order_by("pk")
    )
    linked = 0
    for item in rows:
        item.submitter_user = user
        item.save(update_fields=["submitter_user"])
        log_action(item, "feedback.item.linked", actor=user)
        linked += 1
    return linked
