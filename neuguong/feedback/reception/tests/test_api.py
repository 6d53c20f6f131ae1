"""The API runs the same services and scoping as the web: a walk through both workflows, refusals."""

import pytest

from neuguong.feedback.reception.constants import DialogueState, SessionState
from neuguong.feedback.reception.models import ReceptionSession

pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_a_reception_day_through_the_api(login, world, chair_term):
    client = login(world.head)
    r = post(
        client,
        "/api/v1/reception/sessions",
        {"term_id": chair_term.pk, "scheduled_on": "2026-12-07", "location": "UBND"},
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["allowed_actions"] == ["hold", "cancel"]
    assert post(client, f"/api/v1/reception/sessions/{pk}/actions/hold").status_code == 200
    r = post(
        client,
        f"/api/v1/reception/sessions/{pk}/actions/record_citizen",
        {
            "params": {
                "full_name": "Lò Văn Hoa",
                "id_number": "011090001234",
                "language": "thai",
                "interpreter": "Lò Thị Mai",
            }
        },
    )
    assert r.status_code == 200
    assert r.json()["citizens"][0]["id_number"] == "********1234"
    r = post(
        client,
        f"/api/v1/reception/sessions/{pk}/actions/record_matter",
        {"params": {"summary": "Cấp giấy chứng nhận đất chậm", "category_code": "land"}},
    )
    assert r.status_code == 200
    assert r.json()["matters"][0]["feedback_item_id"] is not None
    r = post(
        client,
        f"/api/v1/reception/sessions/{pk}/actions/acknowledge",
        {"params": {"reference": "3/TB"}},
    )
    assert r.json()["state"] == SessionState.ACKNOWLEDGED
    listing = client.get("/api/v1/reception/sessions").json()
    assert listing["count"] == 1
    assert "011090001234" not in str(listing)


def test_a_bad_parameter_is_a_400_and_changes_nothing(login, world, held):
    session = held()
    r = post(
        login(world.head),
        f"/api/v1/reception/sessions/{session.pk}/actions/record_citizen",
        {"params": {"full_name": "A", "language": "hmong"}},
    )
    assert r.status_code == 400
    assert r.json()["code"] == "interpreter_required"
    assert session.citizens.count() == 0


def test_the_wrong_state_is_a_409(login, world, planned):
    session = planned()
    r = post(
        login(world.head),
        f"/api/v1/reception/sessions/{session.pk}/actions/acknowledge",
        {"params": {"reference": "x"}},
    )
    assert r.status_code == 409


def test_outside_the_scope_is_a_404(login, world, planned):
    session = planned()
    assert login(world.outsider).get(f"/api/v1/reception/sessions/{session.pk}").status_code == 404
    r = post(login(world.outsider), f"/api/v1/reception/sessions/{session.pk}/actions/hold")
    assert r.status_code == 404
    assert ReceptionSession.objects.get(pk=session.pk).state == SessionState.PLANNED


def test_citizens_are_refused(login, world, planned):
    planned()
    assert login(world.citizen).get("/api/v1/reception/sessions").status_code == 403


def test_a_dialogue_through_the_api(login, world):
    client = login(world.head)
    r = post(
        client,
        "/api/v1/reception/dialogues",
        {
            "unit_code": world.commune_a.code,
            "chair_id": world.head.person_obj.pk,
            "topic": "Chợ mới",
            "starts_at": "2026-12-20T08:00:00+07:00",
            "location": "Nhà văn hóa",
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = post(client, f"/api/v1/reception/dialogues/{pk}/actions/announce")
    assert r.json()["state"] == DialogueState.ANNOUNCED
    compliance = client.get("/api/v1/reception/dialogues/compliance", {"year": 2026}).json()
    # announced, not yet held; the head sees only their own commune
    assert compliance["communes_without"] == [world.commune_a.code]


def test_the_monthly_compliance_endpoint(login, world, held):
    held()
    rows = login(world.admin).get("/api/v1/reception/compliance", {"month": "2026-01"}).json()
    row = next(r for r in rows if r["person_id"] == world.head.person_obj.pk)
    assert (row["required"], row["held"], row["below_minimum"]) == (5, 1, True)
