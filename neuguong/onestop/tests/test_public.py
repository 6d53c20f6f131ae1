"""Public tracking, rating and catalogue pages: the second factor, no personal data, the rate limit."""

import datetime as dt
import re

import pytest

from neuguong.onestop import services as s
from neuguong.onestop.models import Rating
from neuguong.onestop.ratelimit import LOOKUP_LIMIT
from neuguong.onestop.services.public import RATING_ALREADY
from neuguong.onestop.tests.conftest import MONDAY_9

pytestmark = pytest.mark.django_db

ID_NUMBER = "001234567890"
# CSRF tokens are masked differently on every response.
_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')
PHONE = "0912345678"


@pytest.fixture
def dossier(receive):
    return receive(name="Lò Thị Ánh Dương", id_number=ID_NUMBER, phone=PHONE, address="Bản Him Lam")


def _return(world, dossier):
    at = MONDAY_9
    s.dossier_start(dossier, actor=world.reception, at=at)
    s.dossier_complete_step(dossier, actor=world.head, at=at + dt.timedelta(hours=2))
    s.dossier_complete_step(dossier, actor=world.head, at=at + dt.timedelta(hours=3))
    s.dossier_return(dossier, actor=world.reception, at=at + dt.timedelta(hours=4))
    return dossier


def _api(client, code, verify, **extra):
    return client.get(f"/api/v1/public/dossiers/{code}", {"verify": verify}, **extra)


def test_it_tracks_a_dossier_with_either_second_factor_and_no_personal_data(dossier, client):
    for verify in ("5678", "7890"):
        response = _api(client, dossier.code, verify)
        assert response.status_code == 200
        body = response.json()
        assert body["code"] == dossier.code
        assert body["procedure_code"] == "1.001193"
        assert body["state"] == "accepted"
        assert body["state_label"]
        assert body["appointment_at"]
        assert [step["agency"] for step in body["steps"]][:2] == [
            dossier.receiving_agency.name,
            dossier.handling_agency.name,
        ]
        text = response.content.decode()
        for secret in ("Lò Thị Ánh Dương", ID_NUMBER, PHONE, "Bản Him Lam", "reception"):
            assert secret not in text


def test_a_wrong_second_factor_looks_exactly_like_an_unknown_code(dossier, client):
    wrong = _api(client, dossier.code, "0000")
    unknown = _api(client, "000.01.02.H18-251006-9999", "5678")
    missing = _api(client, dossier.code, "")

    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.content == unknown.content == missing.content


def test_lookups_are_rate_limited_per_client_address(dossier, client):
    for _ in range(LOOKUP_LIMIT):
        assert _api(client, dossier.code, "0000").status_code == 404

    refused = _api(client, dossier.code, "5678")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "Too many lookups" in refused.json()["detail"]
    assert "Quá nhiều lượt tra cứu" in refused.json()["detail"]
    # Another address has its own budget.
    assert _api(client, dossier.code, "5678", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_applicant_rates_a_returned_dossier_once_through_the_api(world, dossier, client):
    url = f"/api/v1/public/dossiers/{dossier.code}/rating"
    rating = {"verify": "5678", "value": "dissatisfied", "reasons": ["late", "repeat_visits"]}

    early = client.post(url, rating, content_type="application/json")
    assert early.status_code == 400
    assert early.json()["code"] == "rating_not_returned"

    _return(world, dossier)
    assert _api(client, dossier.code, "5678").json()["can_rate"] is True
    wrong = client.post(url, {**rating, "verify": "1111"}, content_type="application/json")
    assert wrong.status_code == 404

    first = client.post(url, rating, content_type="application/json")
    assert first.status_code == 201
    assert first.json()["value"] == "dissatisfied"

    second = client.post(url, {**rating, "value": "satisfied"}, content_type="application/json")
    assert second.status_code == 409
    assert second.json()["detail"] == str(RATING_ALREADY)
    assert Rating.objects.get(dossier=dossier).value == "dissatisfied"
    assert _api(client, dossier.code, "5678").json()["rating"] == "dissatisfied"


def test_an_unknown_rating_reason_is_refused(world, dossier, client):
    _return(world, dossier)
    response = client.post(
        f"/api/v1/public/dossiers/{dossier.code}/rating",
        {"verify": "5678", "value": "satisfied", "reasons": ["bribe"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_the_tracking_page_looks_up_and_rates_once(world, dossier, client):
    assert client.get(f"/tra-cuu/?code={dossier.code}").status_code == 200

    found = client.post("/tra-cuu/", {"code": dossier.code, "verify": "7890"})
    assert found.status_code == 200
    page = found.content.decode()
    assert dossier.code in page
    assert "Lò Thị Ánh Dương" not in page
    assert 'name="value"' not in page  # not returned yet: no rating form

    _return(world, dossier)
    rated = client.post(
        "/tra-cuu/",
        {"code": dossier.code, "verify": "7890", "value": "satisfied", "reasons": ["on_time"]},
    )
    assert rated.status_code == 200
    assert Rating.objects.get(dossier=dossier).reasons == ["on_time"]
    assert 'name="value"' not in rated.content.decode()

    again = client.post(
        "/tra-cuu/", {"code": dossier.code, "verify": "7890", "value": "dissatisfied"}
    )
    assert again.status_code == 200
    assert Rating.objects.get(dossier=dossier).value == "satisfied"


def test_the_tracking_page_answers_a_wrong_factor_like_an_unknown_code(dossier, client):
    wrong = client.post("/tra-cuu/", {"code": dossier.code, "verify": "0000"})
    unknown = client.post("/tra-cuu/", {"code": "000.01.02.H18-251006-9999", "verify": "0000"})

    assert wrong.status_code == unknown.status_code == 404

    def normalised(response, code):
        return _TOKEN.sub("", response.content.decode()).replace(code, "CODE")

    assert normalised(wrong, dossier.code) == normalised(unknown, "000.01.02.H18-251006-9999")


def test_the_tracking_page_is_rate_limited(dossier, client):
    for _ in range(LOOKUP_LIMIT):
        client.post("/tra-cuu/", {"code": dossier.code, "verify": "0000"})
    response = client.post("/tra-cuu/", {"code": dossier.code, "verify": "7890"})
    assert response.status_code == 429


def test_the_public_catalogue_is_searchable_without_diacritics(
    simple, linked, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/thu-tuc/", {"q": "khai sinh"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đăng ký khai sinh" in page
    assert "quyền sử dụng đất" not in page


def test_a_procedure_page_shows_the_expected_appointment(simple, linked, client):
    response = client.get(f"/thu-tuc/{linked.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert linked.name in page
    assert linked.steps.get(order=3).agency.name in page
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    assert response.context["expected"] > response.context["expected"].__class__.now(
        response.context["expected"].tzinfo
    )
