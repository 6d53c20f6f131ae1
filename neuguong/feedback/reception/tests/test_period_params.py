"""A malformed ?year= / ?month= / ?period= answers a clear 400 (web and API), never a 500 (fuzz finding:
?year=675126 raised "year out of range" in dt.date())."""

import pytest

from neuguong.feedback.reception.validation import clean_month, clean_year

pytestmark = pytest.mark.django_db

BAD_YEARS = ["675126", "-1", "0", "1999", "2101", "２０２６", "20x6", "9" * 5000]
BAD_MONTHS = [
    "2026-13",
    "2026-00",
    "675126-01",
    "2026",
    "2026-1-1",
    "abcd-ef",
    "-2026-01",
    "２０２６-01",
]


@pytest.mark.parametrize("value", BAD_YEARS)
@pytest.mark.parametrize(
    "url", ["/api/v1/reception/dialogues", "/api/v1/reception/dialogues/compliance"]
)
def test_the_api_refuses_a_bad_year_with_a_400(login, world, url, value):
    response = login(world.head).get(url, {"year": value})
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] in ("invalid_year", "invalid")


@pytest.mark.parametrize("value", BAD_MONTHS)
@pytest.mark.parametrize("url", ["/api/v1/reception/sessions", "/api/v1/reception/compliance"])
def test_the_api_refuses_a_bad_month_with_a_400(login, world, url, value):
    response = login(world.head).get(url, {"month": value})
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "invalid_month"


@pytest.mark.parametrize(
    ("url", "param", "value"),
    [
        ("/reception/", "month", "2026-13"),
        ("/reception/compliance/", "month", "675126-01"),
        ("/reception/report/", "year", "675126"),
        ("/reception/dialogues/", "year", "675126"),
        ("/reception/dialogues/compliance/", "year", "675126"),
    ],
)
def test_the_web_pages_refuse_a_bad_period_with_a_clear_400(login, world, url, param, value):
    response = login(world.head).get(url, {param: value})
    assert response.status_code == 400
    text = response.content.decode()
    assert "2000" in text
    assert "2100" in text
    assert "Enter a" in text  # the English beside the Vietnamese


def test_good_and_empty_periods_still_answer(login, world):
    client = login(world.head)
    assert client.get("/api/v1/reception/dialogues/compliance", {"year": 2026}).status_code == 200
    assert client.get("/api/v1/reception/compliance", {"month": "2026-03"}).status_code == 200
    assert client.get("/reception/compliance/").status_code == 200
    assert client.get("/reception/report/", {"year": "2026", "period": "m٣"}).status_code == 404


def test_the_rules():
    assert clean_year("") is None
    assert clean_year(2026) == 2026
    assert clean_year("2026") == 2026
    assert clean_month("2026-3") == (2026, 3)
    assert clean_month(None) is None
