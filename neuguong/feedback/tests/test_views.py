"""The web: scoping and roles for every staff URL, the form's 400s (nothing created), following an
item by code and second factor, the public pages without personal data, the denouncer's identity."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.feedback.constants import ItemState
from neuguong.feedback.models import AnswerTemplate, FeedbackItem
from neuguong.feedback.services import item_accept, item_answer, item_publish, item_start
from neuguong.feedback.tests.conftest import submit

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "feedback",
    "category_code": "infrastructure",
    "title": "Đường tổ 3 bị sạt",
    "body": "Mưa lớn làm sạt taluy, xe máy không đi được.",
    "submitter_name": "Lò Văn Thắng",
    "submitter_phone": "0912000111",
}


def _published(world):
    item = submit(world)
    item_accept(item, actor=world.head)
    item_start(item, actor=world.head)
    item_answer(item, actor=world.head, answer="Đã cho dọn đất đá, đường thông xe.")
    return item_publish(item, actor=world.head)


def test_staff_in_scope_see_the_queue_and_the_item(world, login):
    item = submit(world)
    client = login(world.head)
    assert item.code in client.get(reverse("feedback-queues"), {"q": "open"}).content.decode()
    page = client.get(reverse("feedback-item", args=[item.pk]))
    assert page.status_code == 200
    assert 'data-action="accept"' in page.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "citizen"])
def test_others_get_404_or_403_on_the_item(world, login, persona):
    item = submit(world)
    client = login(getattr(world, persona))
    assert client.get(reverse("feedback-item", args=[item.pk])).status_code in (403, 404)
    response = client.post(reverse("feedback-item-action", args=[item.pk, "accept"]))
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_the_commune_party_office_may_read_but_not_act(world, login):
    item = submit(world)
    client = login(world.party_office)
    page = client.get(reverse("feedback-item", args=[item.pk])).content.decode()
    assert 'data-action="accept"' not in page
    client.post(reverse("feedback-item-action", args=[item.pk, "accept"]), {"version": 0})
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_anonymous_is_sent_to_log_in(world, client):
    item = submit(world)
    assert client.get(reverse("feedback-queues")).status_code == 302
    assert client.get(reverse("feedback-item", args=[item.pk])).status_code == 302


def test_an_action_button_runs_the_service(world, login):
    item = submit(world)
    client = login(world.head)
    client.post(
        reverse("feedback-item-action", args=[item.pk, "accept"]), {"version": item.version}
    )
    item.refresh_from_db()
    assert item.state == ItemState.ACCEPTED


def test_a_stale_version_is_refused(world, login):
    item = submit(world)
    client = login(world.head)
    client.post(reverse("feedback-item-action", args=[item.pk, "accept"]), {"version": 99})
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_the_form_creates_an_item_and_shows_its_code(world, client):
    response = client.post(
        reverse("feedback-submit"), {**FORM, "commune_code": world.commune_b.code}
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert item.code in page
    assert item.agency == world.agency_b


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"body": ""},
        {"category_code": "nope"},
        {"submitter_phone": "123"},
        {"latitude": "91", "longitude": "1"},
        {"commune_code": "00000"},
        {"kind": "petition"},
        {"title": "x\x00y"},
    ],
)
def test_bad_input_answers_400_and_creates_nothing(world, client, bad):
    response = client.post(reverse("feedback-submit"), {**FORM, **bad})
    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()


def test_an_attachment_is_judged_by_its_content(world, client):
    fake = SimpleUploadedFile("anh.png", b"<html>not a picture</html>", content_type="image/png")
    response = client.post(reverse("feedback-submit"), {**FORM, "attachments": [fake]})
    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()
    png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32, content_type="image/png")
    assert (
        client.post(reverse("feedback-submit"), {**FORM, "attachments": [png]}).status_code == 302
    )
    assert FeedbackItem.objects.get().attachments.count() == 1


def test_following_needs_the_code_and_the_last_digits(world, client):
    item = submit(world)
    assert client.get(reverse("feedback-followed", args=[item.code])).status_code == 404
    wrong = client.post(reverse("feedback-follow"), {"code": item.code, "verify": "0000"})
    assert wrong.status_code == 400
    right = client.post(reverse("feedback-follow"), {"code": item.code.lower(), "verify": "5678"})
    assert right.status_code == 302
    assert client.get(right["Location"]).status_code == 200


def test_an_anonymous_follower_rates_and_reopens_once(world, client):
    item = _published(world)
    client.post(reverse("feedback-follow"), {"code": item.code, "verify": "5678"})
    client.post(
        reverse("feedback-followed-action", args=[item.code, "reopen"]),
        {"reason": "Đường vẫn chưa thông."},
    )
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS
    assert item.reopened_count == 1
    assert item.reopened_against == world.agency_a


def test_the_public_list_finds_published_items_without_diacritics(world, client):
    item = _published(world)
    submit(world, title="Chưa xử lý")
    page = client.get(reverse("feedback-public"), {"q": "lan chiem dat"}).content.decode()
    assert item.code in page
    assert "Chưa xử lý" not in page
    detail = client.get(reverse("feedback-public-item", args=[item.code])).content.decode()
    assert "Đã cho dọn đất đá" in detail
    for secret in ("0912345678", "Nguyễn Văn An", "Tổ 5"):
        assert secret not in detail


def test_denunciations_are_never_public(world, client):
    item = submit(world, kind="denunciation")
    FeedbackItem.objects.filter(pk=item.pk).update(state="closed", answer="Kết luận")
    assert client.get(reverse("feedback-public-item", args=[item.code])).status_code == 404


def test_only_the_handler_sees_the_denouncer_and_each_read_is_audited(world, login):
    item = submit(world, kind="denunciation")
    item_accept(item, actor=world.colleague)  # the accepting officer handles the case
    head = login(world.head).get(reverse("feedback-item", args=[item.pk]), {"identity": "1"})
    assert "Nguyễn Văn An" not in head.content.decode()
    handler = login(world.colleague).get(
        reverse("feedback-item", args=[item.pk]), {"identity": "1"}
    )
    assert "Nguyễn Văn An" in handler.content.decode()
    reads = AuditEvent.objects.filter(action="feedback.item.identity_read")
    assert reads.count() == 1


def test_bulk_answer_with_a_template(world, login):
    items = [submit(world, title=f"Ngập úng {n}") for n in range(3)]
    for item in items:
        item_accept(item, actor=world.head)
        item_start(item, actor=world.head)
    template = AnswerTemplate.objects.create(
        agency=world.agency_a, title="Ngập úng", body="Đã nạo vét cống thoát nước."
    )
    client = login(world.head)
    client.post(
        reverse("feedback-bulk"),
        {"items": [i.pk for i in items[:2]], "template": template.pk},
    )
    states = sorted(FeedbackItem.objects.values_list("state", flat=True))
    assert states == ["answered", "answered", "in_progress"]


def test_queue_query_count_does_not_grow_with_items(world, login, django_assert_max_num_queries):
    for n in range(15):
        submit(world, title=f"Mục {n}")
    client = login(world.head)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("feedback-queues")).status_code == 200


def test_the_form_renders_on_get(client, world):
    body = client.get(reverse("feedback-submit")).content.decode()
    assert "geo.js" in body
    assert io  # the module is used by uploads above


def test_a_citizen_lists_their_own_feedback(world, login):
    mine = submit(world, actor=world.citizen, title="Của tôi")
    submit(world, title="Của người khác")
    page = login(world.citizen).get(reverse("feedback-my-list")).content.decode()
    assert mine.code in page
    assert "Của người khác" not in page


def test_the_menu_offers_the_feedback_queues_to_staff(world, login):
    assert reverse("feedback-queues") in login(world.head).get("/").content.decode()


def test_a_published_complaint_decision_shows_no_complaint_text(world, client):
    item = submit(
        world, kind="complaint", body="Ông Nguyễn Văn An khiếu nại quyết định thu hồi đất."
    )
    FeedbackItem.objects.filter(pk=item.pk).update(
        state="published", answer="Giữ nguyên quyết định thu hồi.", published_at=item.submitted_at
    )
    page = client.get(reverse("feedback-public-item", args=[item.code])).content.decode()
    assert "Giữ nguyên quyết định" in page
    assert "Nguyễn Văn An" not in page


def test_the_item_page_shows_its_timeline_with_labels(world, login):
    from neuguong.feedback.audit_labels import ACTIONS

    item = submit(world)
    item_accept(item, actor=world.head)
    page = login(world.head).get(reverse("feedback-item", args=[item.pk])).content.decode()
    assert "audit-timeline" in page
    assert str(ACTIONS["accepted"]) in page
    assert "feedback.item.accepted" not in page


def test_each_role_opens_on_its_own_queue(world, login):
    from neuguong.org.tests import factories as f

    desk = f.UserFactory(username="desk_a_feedback")
    f.MembershipFactory(user=desk, role="reception", agency=world.agency_a)
    assert login(desk).get(reverse("feedback-queues")).context["queue"] == "new"
    assert login(world.head).get(reverse("feedback-queues")).context["queue"] == "answered"
    assert login(world.colleague).get(reverse("feedback-queues")).context["queue"] == "open"


def test_public_list_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    for n in range(12):
        item = submit(world, title=f"Đã trả lời {n}")
        FeedbackItem.objects.filter(pk=item.pk).update(
            state="published", answer="Xong", published_at=item.submitted_at
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("feedback-public")).status_code == 200
