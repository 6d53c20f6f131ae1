"""The public search matches only what the public page shows (issue 9 follow-up, privacy): a search by a
complainant's name never surfaces their complaint decision, and a denunciation is never found at all."""

import pytest
from django.urls import reverse

from neuguong.feedback import selectors
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.services import item_accept, item_answer, item_publish, item_start
from neuguong.feedback.tests.conftest import MONDAY_9, submit

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn An"


def _publish(item, world):
    item_accept(item, actor=world.head, at=MONDAY_9)
    item_start(item, actor=world.head, at=MONDAY_9)
    item_answer(item, actor=world.head, answer="Giữ nguyên quyết định thu hồi đất.", at=MONDAY_9)
    item_publish(item, actor=world.head, at=MONDAY_9)
    item.refresh_from_db()
    return item


def _found(client, query: str) -> str:
    return client.get(reverse("feedback-public"), {"q": query}).content.decode()


def test_a_complaint_decision_is_found_by_its_decision_not_by_the_complainants_name(world, client):
    item = _publish(
        submit(world, kind="complaint", body=f"Ông {NAME} khiếu nại quyết định thu hồi đất."),
        world,
    )
    assert item.state == "published"
    assert "nguyen van an" not in item.search_text
    assert not selectors.public_items("Nguyen Van An").exists()
    assert not selectors.public_items(NAME).exists()
    assert item.code not in _found(client, "nguyen van an")
    assert item.code in _found(client, "giu nguyen quyet dinh")  # what the page shows is found


def test_a_denunciation_is_never_in_the_index(world):
    item = submit(world, kind="denunciation", body=f"Ông {NAME} tố cáo cán bộ địa chính.")
    FeedbackItem.objects.filter(pk=item.pk).update(state="closed")
    item.refresh_from_db()
    item.answer = "Kết luận nội dung tố cáo."
    item.save()
    assert item.search_text == ""
    assert not selectors.public_items("to cao").exists()
    assert not selectors.public_items(item.code).exists()


def test_feedback_is_still_found_by_its_content(world):
    item = _publish(submit(world), world)
    assert selectors.public_items("lan chiem duong dat cong").filter(pk=item.pk).exists()


def test_no_demo_complainant_is_found_by_name(world, monkeypatch, client):
    from neuguong.demo import feedback as demo

    monkeypatch.setattr(demo, "BULK", 20)
    monkeypatch.setattr(demo, "COMPLAINTS", 12)
    monkeypatch.setattr(demo, "DENUNCIATIONS", 6)
    monkeypatch.setattr(demo, "LIVE", 0)
    demo.load_feedback()
    complaints = FeedbackItem.objects.filter(kind__in=["complaint", "denunciation"])
    published = complaints.filter(state__in=["published", "closed"], kind="complaint")
    assert published.exists()
    for item in complaints:
        assert item.submitter_name in item.body  # the statement names the complainant
        assert not selectors.public_items(item.submitter_name).exists(), item.submitter_name
    name = published.first().submitter_name
    page = _found(client, name)
    assert page.count(name) == 1  # only in the search box
    assert not any(code in page for code in complaints.values_list("code", flat=True))
