"""Duplicates and bulk work: merging an item into another (its submitter becomes a supporter of the
kept item), and answering many similar items with one saved template."""

from __future__ import annotations

from django.db import transaction

from neuguong.core.errors import DomainError
from neuguong.core.workflow import Change
from neuguong.feedback import messages as m
from neuguong.feedback import validation
from neuguong.feedback.constants import OPEN_STATES, ItemKind
from neuguong.feedback.models import AnswerTemplate, FeedbackItem, Supporter
from neuguong.feedback.services import actions
from neuguong.feedback.services.workflow import FEEDBACK, now


def item_merge(
    item: FeedbackItem, *, actor, into: FeedbackItem, at=None, version=None
) -> FeedbackItem:
    """Merge the duplicate `item` into `into` (same agency, still open): `item` ends `merged`, and its
    submitter and supporters become supporters of `into`."""
    at = now(at)
    if into.pk == item.pk:
        raise DomainError(m.MERGE_SELF, code="merge_self")

    def change(locked):
        target = FeedbackItem.objects.select_for_update().get(pk=into.pk)
        if (
            target.kind != ItemKind.FEEDBACK
            or target.state not in OPEN_STATES
            or target.agency_id != locked.agency_id
        ):
            raise DomainError(m.MERGE_TARGET, code="merge_target")
        moved = list(Supporter.objects.filter(item=locked))
        Supporter.objects.filter(item=locked).update(item=target)
        Supporter.objects.create(
            item=target,
            from_item=locked,
            name=locked.submitter_name,
            phone=locked.submitter_phone,
            user=locked.submitter_user,
            at=at,
        )
        target.supporters_count += len(moved) + 1
        target.save(update_fields=["supporters_count"])
        locked.merged_into = target
        locked.closed_at = at
        locked.due_at = None
        return Change(
            fields=["merged_into", "closed_at", "due_at"],
            data={"into": target.pk, "into_code": target.code},
        )

    return FEEDBACK.apply(item, "merge", actor=actor, at=at, change=change, version=version)


def items_answer_bulk(
    items, *, actor, template: AnswerTemplate | None = None, answer: str = "", at=None
) -> list[FeedbackItem]:
    """Answer each item with the same text (a template's, or `answer`): all or none."""
    text = validation.clean_answer(template.body if template is not None else answer)
    with transaction.atomic():
        return [actions.item_answer(item, actor=actor, answer=text, at=at) for item in items]
