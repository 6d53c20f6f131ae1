"""Services beyond the table: merging keeps the supporters, bulk answers are all or none, the
submitter's notifications, a follower acts only on their own item, reassignment with its reason."""

import pytest

from neuguong.core.audit.models import AuditEvent
from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.outbox.models import OutboxMessage
from neuguong.feedback.models import FeedbackItem, Supporter
from neuguong.feedback.services import (
    CodeHolder,
    item_accept,
    item_answer,
    item_merge,
    item_publish,
    item_rate,
    item_reassign,
    item_request_info,
    item_start,
    items_answer_bulk,
)
from neuguong.feedback.tests.conftest import submit

pytestmark = pytest.mark.django_db


def test_merging_keeps_every_supporter(world):
    kept = submit(world, title="Ngập úng tổ 3")
    first = submit(world, title="Ngập tổ 3", submitter_phone="0911111111")
    second = submit(world, title="Nước ngập", submitter_phone="0922222222")
    item_merge(first, actor=world.head, into=second)
    item_merge(second, actor=world.head, into=kept)
    kept.refresh_from_db()
    assert kept.supporters_count == 2
    assert set(Supporter.objects.filter(item=kept).values_list("phone", flat=True)) == {
        "0911111111",
        "0922222222",
    }
    assert FeedbackItem.objects.get(pk=first.pk).merged_into_id == second.pk
    assert FeedbackItem.objects.get(pk=second.pk).state == "merged"


def test_merging_into_another_agencys_item_is_refused(world):
    other = submit(world, commune_code=world.commune_b.code)
    item = submit(world)
    with pytest.raises(DomainError) as refused:
        item_merge(item, actor=world.admin, into=other)
    assert refused.value.code == "merge_target"
    assert FeedbackItem.objects.get(pk=item.pk).state == "submitted"


def test_a_bulk_answer_is_all_or_none(world):
    ready = submit(world)
    item_accept(ready, actor=world.head)
    item_start(ready, actor=world.head)
    not_ready = submit(world)
    with pytest.raises(DomainError):
        items_answer_bulk([ready, not_ready], actor=world.head, answer="Đã xử lý.")
    assert FeedbackItem.objects.get(pk=ready.pk).state == "in_progress"


def test_the_submitter_is_told_of_each_step(world):
    item = submit(world)
    item_accept(item, actor=world.head)
    item_request_info(item, actor=world.head, reason="Cần ảnh chụp hiện trường")
    topics = list(
        OutboxMessage.objects.filter(recipient="0912345678")
        .order_by("pk")
        .values_list("topic", flat=True)
    )
    assert topics == ["feedback.item.received", "feedback.item.info"]
    body = OutboxMessage.objects.get(topic="feedback.item.info").body
    assert "Cần ảnh chụp hiện trường" in body


def test_a_follower_acts_only_on_their_own_item(world):
    item = submit(world)
    other = submit(world)
    for done in (item, other):
        item_accept(done, actor=world.head)
        item_start(done, actor=world.head)
        item_answer(done, actor=world.head, answer="Xong.")
        item_publish(done, actor=world.head)
    with pytest.raises(NotAllowed):
        item_rate(other, actor=CodeHolder(item.pk), rating="satisfied")
    item_rate(item, actor=CodeHolder(item.pk), rating="satisfied")
    event = AuditEvent.objects.filter(action="feedback.item.rated").get()
    assert event.actor_label == "citizen:follower"


def test_reassigning_records_the_reason_and_both_agencies(world):
    item = submit(world)
    item_reassign(item, actor=world.head, agency=world.agency_b, reason="Thuộc địa bàn xã bên")
    assert item.agency == world.agency_b
    event = AuditEvent.objects.filter(action="feedback.item.reassigned").get()
    assert event.data["from_agency"] == world.agency_a.pk
    assert event.data["to_agency"] == world.agency_b.pk
    assert event.data["note"] == "Thuộc địa bàn xã bên"
