"""/api/v1/feedback/: the same services and scoping as the web; bad input is a 400, nothing created."""

import pytest

from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.tests.conftest import submit

pytestmark = pytest.mark.django_db

BODY = {
    "category_code": "environment",
    "title": "Khói từ lò gạch",
    "body": "Lò gạch đốt ban đêm, khói vào nhà dân.",
    "commune_code": "03127",
    "submitter_phone": "0912000222",
}


def test_a_citizen_submits_and_lists_their_own(world, login):
    client = login(world.citizen)
    response = client.post("/api/v1/feedback/items", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    item = FeedbackItem.objects.get()
    assert item.submitter_user == world.citizen
    assert item.channel == "api"
    submit(world)  # someone else's
    rows = client.get("/api/v1/feedback/items").json()
    assert [r["code"] for r in rows["items"]] == [item.code]


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"category_code": "nope"},
        {"submitter_phone": "99"},
        {"kind": "petition"},
        {"latitude": "1e999", "longitude": "1"},
        {"body": "a\x00b"},
    ],
)
def test_bad_input_is_400_and_creates_nothing(world, login, bad):
    response = login(world.citizen).post(
        "/api/v1/feedback/items", {**BODY, **bad}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()


def test_anonymous_gets_401(world, client):
    assert client.get("/api/v1/feedback/items").status_code == 401
    response = client.post("/api/v1/feedback/items", BODY, content_type="application/json")
    assert response.status_code == 401


def test_staff_act_through_the_table(world, login):
    item = submit(world)
    client = login(world.head)
    got = client.get(f"/api/v1/feedback/items/{item.pk}").json()
    assert "accept" in got["allowed_actions"]
    response = client.post(
        f"/api/v1/feedback/items/{item.pk}/actions/accept",
        {"version": got["version"]},
        content_type="application/json",
    )
    assert response.json()["state"] == "accepted"
    again = client.post(
        f"/api/v1/feedback/items/{item.pk}/actions/accept", {}, content_type="application/json"
    )
    assert again.status_code == 409


def test_out_of_scope_is_404_and_a_role_outside_the_table_403(world, login):
    item = submit(world)
    assert login(world.outsider).get(f"/api/v1/feedback/items/{item.pk}").status_code == 404
    response = login(world.party_office).post(
        f"/api/v1/feedback/items/{item.pk}/actions/accept", {}, content_type="application/json"
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == "submitted"


def test_a_stale_version_is_409(world, login):
    item = submit(world)
    response = login(world.head).post(
        f"/api/v1/feedback/items/{item.pk}/actions/accept",
        {"version": 7},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_a_missing_reason_is_400(world, login):
    item = submit(world)
    response = login(world.head).post(
        f"/api/v1/feedback/items/{item.pk}/actions/reject", {}, content_type="application/json"
    )
    assert response.status_code == 400
