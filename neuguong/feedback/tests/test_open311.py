"""Open311 GeoReport v2: every endpoint in both formats with the specification's fields, its errors,
and the POST through the same intake (nothing created when refused)."""

import json
from xml.etree import ElementTree

import pytest

from neuguong.feedback.models import FeedbackItem, Open311Client
from neuguong.feedback.services import item_accept, item_answer, item_publish, item_start
from neuguong.feedback.tests.conftest import submit

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def key(db):
    return Open311Client.issue("Ứng dụng thử")[1]


def _json(response):
    return json.loads(response.content)


def _xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


def _post(client, **data):
    fields = {
        "service_code": "infrastructure",
        "description": "Đèn đường hỏng ở tổ 3.",
        "lat": "21.386",
        "long": "103.023",
        "phone": "0987654321",
        **data,
    }
    return client.post(f"{BASE}/requests.json", {k: v for k, v in fields.items() if v is not None})


def test_discovery_in_both_formats(client):
    body = _json(client.get(f"{BASE}/discovery.json"))
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(body)
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = _xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == [
        "text/xml",
        "application/json",
    ]


def test_services_are_the_seven_categories(client):
    services = _json(client.get(f"{BASE}/services.json"))
    assert len(services) == 7
    assert {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    } <= set(services[0])
    root = _xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert {s.findtext("service_code") for s in root} >= {"land", "site_clearance"}


def test_service_definition_lists_its_attributes(client, world):
    body = _json(client.get(f"{BASE}/services/land.json"))
    assert body["service_code"] == "land"
    attribute = body["attributes"][0]
    assert {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    } <= set(attribute)
    root = _xml(client.get(f"{BASE}/services/land.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/code").text == "commune_code"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_request_and_token_are_404_in_the_spec_format(client, db, fmt):
    for url in ("services/nope", "requests/PA-000000-XXXXX", "tokens/deadbeef"):
        response = client.get(f"{BASE}/{url}.{fmt}")
        assert response.status_code == 404
        if fmt == "json":
            assert _json(response)[0]["code"] == 404
            assert _json(response)[0]["description"]
        else:
            root = _xml(response)
            assert root.tag == "errors"
            assert root.find("error/code").text == "404"


def test_a_post_with_a_key_creates_an_item_and_answers_its_id(client, world, key):
    response = _post(client, api_key=key, **{"attribute[commune_code]": world.commune_a.code})
    assert response.status_code == 201
    body = _json(response)
    item = FeedbackItem.objects.get()
    assert body[0]["service_request_id"] == item.code
    assert item.channel == "open311"
    assert item.agency == world.agency_a
    detail = _json(client.get(f"{BASE}/requests/{item.code}.json"))[0]
    assert set(detail) >= REQUEST_FIELDS
    assert detail["status"] == "open"
    assert detail["expected_datetime"].endswith("+07:00")
    token = _json(client.get(f"{BASE}/tokens/{item.token}.json"))[0]
    assert token == {"service_request_id": item.code, "token": item.token}
    assert (
        _xml(client.get(f"{BASE}/tokens/{item.token}.xml")).find("request/service_request_id").text
        == item.code
    )


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"api_key": None}, 403),
        ({"api_key": "wrong"}, 403),
        ({"service_code": "nope"}, 404),
        ({"service_code": ""}, 400),
        ({"description": ""}, 400),
        ({"lat": None, "long": None}, 400),
        ({"lat": "999"}, 400),
        ({"phone": "12"}, 400),
        ({"description": "a\x00b"}, 400),
    ],
)
def test_a_refused_post_gets_the_spec_error_and_creates_nothing(client, world, key, data, status):
    data = {"api_key": key, **data}
    response = _post(client, **data)
    assert response.status_code == status
    assert _json(response)[0]["code"] == status
    assert not FeedbackItem.objects.exists()


def test_a_revoked_key_is_refused(client, world):
    from django.utils import timezone

    found, raw = Open311Client.issue("Cũ")
    Open311Client.objects.filter(pk=found.pk).update(revoked_at=timezone.now())
    assert _post(client, api_key=raw).status_code == 403


def test_requests_get_filters_and_answers_both_formats(client, world):
    open_item = submit(world)
    closed = submit(world, category_code="environment")
    from neuguong.feedback.services import item_reject

    item_reject(closed, actor=world.head, reason="Không thuộc thẩm quyền")
    # items of 2025 fall outside the default 90-day window: ask for the period
    period = {"start_date": "2025-10-01T00:00:00+07:00", "end_date": "2025-10-31T23:59:59+07:00"}
    rows = _json(client.get(f"{BASE}/requests.json", period))
    assert {r["service_request_id"] for r in rows} == {open_item.code, closed.code}
    rows = _json(client.get(f"{BASE}/requests.json", {**period, "status": "closed"}))
    assert [r["service_request_id"] for r in rows] == [closed.code]
    rows = _json(client.get(f"{BASE}/requests.json", {**period, "service_code": "land"}))
    assert [r["service_request_id"] for r in rows] == [open_item.code]
    rows = _json(
        client.get(
            f"{BASE}/requests.json", {"service_request_id": f"{closed.code},{open_item.code}"}
        )
    )
    assert len(rows) == 2
    assert _json(client.get(f"{BASE}/requests.json")) == []  # default window: the last 90 days
    root = _xml(client.get(f"{BASE}/requests.xml", period))
    assert root.tag == "service_requests"
    assert {child.tag for child in root.find("request")} >= REQUEST_FIELDS


@pytest.mark.parametrize(
    "params", [{"start_date": "yesterday"}, {"end_date": "2025-10-01"}, {"status": "done"}]
)
def test_bad_filters_are_400(client, db, params):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400
    assert _json(response)[0]["code"] == 400


def test_a_published_item_is_closed_with_its_answer_in_status_notes(client, world):
    item = submit(world)
    item_accept(item, actor=world.head)
    item_start(item, actor=world.head)
    item_answer(item, actor=world.head, answer="Đã yêu cầu tháo dỡ tường rào.")
    item_publish(item, actor=world.head)
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests/{item.code}.{fmt}")
        if fmt == "json":
            row = _json(response)[0]
            assert row["status"] == "closed"
            assert row["status_notes"] == "Đã yêu cầu tháo dỡ tường rào."
        else:
            assert _xml(response).find("request/status").text == "closed"


def test_no_personal_data_in_requests(client, world):
    item = submit(world)
    text = client.get(f"{BASE}/requests/{item.code}.json").content.decode()
    assert "0912345678" not in text
    assert "Nguyễn Văn An" not in text


def test_complaints_and_denunciations_are_not_requests(client, world):
    item = submit(world, kind="denunciation")
    assert client.get(f"{BASE}/requests/{item.code}.json").status_code == 404


def test_posts_are_rate_limited_per_client(client, world, key, monkeypatch):
    from neuguong.feedback.open311 import views

    monkeypatch.setattr(views, "POST_LIMIT", 2)
    assert [_post(client, api_key=key).status_code for _ in range(3)] == [201, 201, 429]
    assert FeedbackItem.objects.count() == 2
