"""One service per row of the tables (constants.TABLES), applied through `workflow_for(item)`.

Each validates its parameters first (feedback.validation), then applies its action; its `change`
makes only what is particular to it. Every service takes `at` (default now), so the demo replays
history through the same code, and `version` (the edit token), so a stale page is refused.
"""

from __future__ import annotations

from django.utils import timezone

from neuguong.core.errors import DomainError
from neuguong.core.workflow import Change
from neuguong.feedback import messages as m
from neuguong.feedback import validation
from neuguong.feedback.constants import ItemKind, ItemState
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.services import deadlines, notifications
from neuguong.feedback.services.workflow import now, workflow_for
from neuguong.org.models import Agency


def _apply(item, action, *, actor, at, change, version):
    return workflow_for(item).apply(
        item, action, actor=actor, at=now(at), change=change, version=version
    )


def item_accept(
    item: FeedbackItem, *, actor, is_complex=None, is_remote=None, at=None, version=None
) -> FeedbackItem:
    """Accept (thụ lý): the handling deadline starts now. A complaint's complexity and area, known at
    acceptance, lengthen its period (Law on Complaints, Art. 28 and 37)."""
    at = now(at)

    def change(locked):
        fields = ["accepted_at", "due_at"]
        locked.accepted_at = at
        if is_complex is not None:
            locked.is_complex = bool(is_complex)
            fields.append("is_complex")
        if is_remote is not None:
            locked.is_remote = bool(is_remote)
            fields.append("is_remote")
        locked.due_at = deadlines.handling_due(locked, at)
        if locked.handler_id is None and locked.kind != ItemKind.FEEDBACK and actor is not None:
            locked.handler = actor
            fields.append("handler")
        return Change(fields=fields, data={"due_at": locked.due_at})

    return _apply(item, "accept", actor=actor, at=at, change=change, version=version)


def item_reject(item: FeedbackItem, *, actor, reason: str, at=None, version=None) -> FeedbackItem:
    reason = validation.clean_reason(reason)

    def change(locked):
        locked.reject_reason = reason
        locked.closed_at = now(at)
        locked.due_at = None
        return Change(fields=["reject_reason", "closed_at", "due_at"], note=reason)

    return _apply(item, "reject", actor=actor, at=at, change=change, version=version)


def item_request_info(
    item: FeedbackItem, *, actor, reason: str, at=None, version=None
) -> FeedbackItem:
    """Ask the submitter for more information; the handling clock stops until they answer."""
    reason = validation.clean_reason(reason)
    at = now(at)

    def change(locked):
        locked.info_request = reason
        late = at > deadlines.request_info_due(locked, locked.submitted_at)
        locked.due_at = None
        return Change(
            fields=["info_request", "due_at"],
            note=reason,
            data={"late": late},
            notify=[notifications.info_requested],
        )

    return _apply(item, "request_info", actor=actor, at=at, change=change, version=version)


def item_provide_info(
    item: FeedbackItem, *, actor, information: str, at=None, version=None
) -> FeedbackItem:
    """The submitter's answer; the handling period counts again from now."""
    information = validation.clean_reason(information, field="information")
    at = now(at)

    def change(locked):
        locked.body = f"{locked.body}\n\n— {timezone.localtime(at):%d/%m/%Y}: {information}"
        locked.due_at = deadlines.handling_due(locked, at)
        return Change(fields=["body", "due_at"], note=information)

    return _apply(item, "provide_info", actor=actor, at=at, change=change, version=version)


def item_start(item: FeedbackItem, *, actor, at=None, version=None) -> FeedbackItem:
    def change(locked):
        if locked.handler_id is None and getattr(actor, "pk", None):
            locked.handler = actor
            return Change(fields=["handler"])
        return None

    return _apply(item, "start", actor=actor, at=at, change=change, version=version)


def item_answer(item: FeedbackItem, *, actor, answer: str, at=None, version=None) -> FeedbackItem:
    """The official answer (a complaint's decision, a denunciation's conclusion). Feedback and
    complaints then owe publication within the rulebook's period."""
    answer = validation.clean_answer(answer)
    at = now(at)

    def change(locked):
        late = bool(locked.due_at and at > locked.due_at)
        locked.answer = answer
        locked.answered_at = at
        locked.answered_by = actor if getattr(actor, "pk", None) else None
        # Kept for 5.2/5.3 before due_at moves on: the handling deadline of this answer, and late if
        # this answer or an earlier one (before a reopen) was late: the worst is kept.
        locked.answer_due_at = locked.due_at
        locked.answered_late = bool(locked.answered_late or late)
        locked.due_at = (
            None if locked.kind == ItemKind.DENUNCIATION else deadlines.publish_due(locked, at)
        )
        return Change(
            fields=[
                "answer",
                "answered_at",
                "answered_by",
                "answer_due_at",
                "answered_late",
                "due_at",
            ],
            data={"late": late, "answer_due_at": locked.answer_due_at},
            notify=[notifications.answered],
        )

    return _apply(item, "answer", actor=actor, at=at, change=change, version=version)


def item_publish(item: FeedbackItem, *, actor, at=None, version=None) -> FeedbackItem:
    at = now(at)

    def change(locked):
        locked.published_at = at
        locked.due_at = None
        return Change(fields=["published_at", "due_at"])

    return _apply(item, "publish", actor=actor, at=at, change=change, version=version)


def item_close(item: FeedbackItem, *, actor, at=None, version=None) -> FeedbackItem:
    at = now(at)

    def change(locked):
        locked.closed_at = at
        locked.due_at = None
        return Change(fields=["closed_at", "due_at"])

    return _apply(item, "close", actor=actor, at=at, change=change, version=version)


def item_withdraw(item: FeedbackItem, *, actor, reason: str, at=None, version=None) -> FeedbackItem:
    reason = validation.clean_reason(reason)
    at = now(at)

    def change(locked):
        locked.closed_at = at
        locked.due_at = None
        return Change(fields=["closed_at", "due_at"], note=reason)

    return _apply(item, "withdraw", actor=actor, at=at, change=change, version=version)


def item_rate(
    item: FeedbackItem, *, actor, rating: str, comment: str = "", at=None, version=None
) -> FeedbackItem:
    rating = validation.clean_rating(rating)
    comment = validation.clean_comment(comment)
    at = now(at)

    def change(locked):
        if locked.rating:
            raise DomainError(m.ALREADY_RATED, code="already_rated")
        locked.rating, locked.rating_comment, locked.rated_at = rating, comment, at
        return Change(fields=["rating", "rating_comment", "rated_at"], data={"rating": rating})

    return _apply(item, "rate", actor=actor, at=at, change=change, version=version)


def item_reopen(item: FeedbackItem, *, actor, reason: str, at=None, version=None) -> FeedbackItem:
    """The unsatisfied submitter reopens the item once, within the rulebook's window after the
    answer. It goes back to "in progress" with a new handling deadline, and counts against the
    agency that answered."""
    reason = validation.clean_reason(reason)
    at = now(at)

    def change(locked):
        if locked.reopened_count >= 1:
            raise DomainError(m.REOPEN_ONCE, code="reopen_once")
        window = deadlines.reopen_window_days(locked.answered_at or at)
        answered = locked.published_at or locked.answered_at or at
        if (at - answered).days >= window:
            raise DomainError(m.REOPEN_WINDOW, code="reopen_window", days=window)
        locked.reopened_count += 1
        locked.reopened_at = at
        locked.reopened_against_id = locked.agency_id
        locked.closed_at = None
        locked.due_at = deadlines.handling_due(locked, at)
        if not locked.rating:
            locked.rating, locked.rated_at = "dissatisfied", at
        return Change(
            fields=[
                "reopened_count",
                "reopened_at",
                "reopened_against",
                "closed_at",
                "due_at",
                "rating",
                "rated_at",
            ],
            note=reason,
            data={"against": locked.agency_id},
        )

    return _apply(item, "reopen", actor=actor, at=at, change=change, version=version)


def item_reassign(
    item: FeedbackItem, *, actor, agency: Agency | int, reason: str, at=None, version=None
) -> FeedbackItem:
    """Hand the item to another agency, with a reason (the routing got it wrong)."""
    reason = validation.clean_reason(reason)
    target = agency if isinstance(agency, Agency) else Agency.objects.filter(pk=agency).first()
    if target is None:
        raise validation.InvalidInput(m.AGENCY_UNKNOWN, code="unknown_agency", field="agency")

    def change(locked):
        if locked.agency_id == target.pk:
            raise DomainError(m.AGENCY_SAME, code="same_agency")
        previous = locked.agency_id
        locked.agency = target
        locked.handler = None
        return Change(
            fields=["agency", "handler"],
            note=reason,
            data={"from_agency": previous, "to_agency": target.pk},
        )

    return _apply(item, "reassign", actor=actor, at=at, change=change, version=version)


def item_extend(item: FeedbackItem, *, actor, reason: str, at=None, version=None) -> FeedbackItem:
    """Extend a denunciation's deadline: once, twice for a complex case (Law on Denunciations,
    Art. 30)."""
    reason = validation.clean_reason(reason)
    at = now(at)

    def change(locked):
        if locked.extensions >= deadlines.extension_limit(locked):
            raise DomainError(m.EXTEND_LIMIT, code="extend_limit")
        locked.due_at = deadlines.extension_due(locked, at)
        locked.extensions += 1
        return Change(fields=["due_at", "extensions"], note=reason, data={"due_at": locked.due_at})

    return _apply(item, "extend", actor=actor, at=at, change=change, version=version)


def item_is_open(item: FeedbackItem) -> bool:
    return item.state not in (ItemState.CLOSED, ItemState.REJECTED, ItemState.MERGED)
