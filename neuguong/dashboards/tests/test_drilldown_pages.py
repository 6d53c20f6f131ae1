"""The drill-down pages /dashboards/records/: who may open them, what they show (never the applicant),
bad input, and a query count that does not grow with the records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.drilldown import SPECS, figure_records, summarise
from neuguong.dashboards.templatetags.indicators import points
from neuguong.dashboards.tests import drilldown_data
from neuguong.dashboards.tests.helpers import MARCH, ended, facts_current

pytestmark = pytest.mark.django_db

URL = "/dashboards/records/"


@pytest.fixture
def varied(world):
    return drilldown_data.build(world)


def _get(client, **params):
    params.setdefault("period", "2026-03")
    return client.get(URL, params)


def test_every_item_opens_for_an_agency_a_commune_and_the_province(varied, login):
    client = login(varied.head)
    private = (
        drilldown_data.NAME,
        drilldown_data.ID_NUMBER,
        drilldown_data.PHONE,
        drilldown_data.ADDRESS,
    )
    for code in SPECS:
        for subject in ({"agency": varied.agency_a.pk}, {"unit": varied.commune_a.pk}, {}):
            response = _get(client, item=code, **subject)
            assert response.status_code == 200, (code, subject)
            body = response.content.decode()
            assert f"{code} · " in body
            for value in private:
                assert value not in body, (code, subject, value)


def test_the_page_says_which_figure_and_flags_each_record(varied, login):
    client = login(varied.head)
    body = _get(client, item="3.3", agency=varied.agency_a.pk).content.decode()
    assert varied.agency_a.name in body
    assert "n = 17 · nộp trực tuyến: 4" in body  # 17 received in March, 4 of them online
    assert body.count("<strong>nộp trực tuyến</strong>") == 4
    assert "dashboards/print.css" in body
    late = _get(client, item="2.1", agency=varied.department.pk).content.decode()
    assert (
        f"do: {varied.department.name}" in late
    )  # the interconnected dossier's step overran there
    feedback = _get(client, item="5.3", agency=varied.agency_a.pk).content.decode()
    assert "n = 6 · hài lòng: 2" in feedback
    assert "bị mở lại" in feedback  # why an item counts as unsatisfied
    days = _get(client, item="2.2", unit=varied.commune_b.pk).content.decode()
    listed = summarise("2.2", figure_records("2.2", MARCH, varied.head, unit=varied.commune_b))
    assert listed.n == 2
    assert listed.days
    assert f"n = 2 hồ sơ có kết quả · Σ {points(listed.days)} ngày làm việc" in days


def test_bad_input_is_a_400_with_the_message_in_both_languages(varied, login):
    client = login(varied.head)
    cases = [
        ({"item": "9.9"}, "Chọn một chỉ tiêu được đo"),
        ({}, "Chọn một chỉ tiêu được đo"),
        ({"item": "3.3", "period": "2026-13"}, "Hãy chọn một tháng (YYYY-MM)"),
        ({"item": "3.3", "agency": "x"}, "Hãy chọn một cơ quan hoặc một xã, phường."),
        ({"item": "3.3", "agency": "1", "unit": "1"}, "Hãy chọn một cơ quan hoặc một xã, phường."),
    ]
    for params, message in cases:
        response = _get(client, **params)
        assert response.status_code == 400, params
        assert message in response.content.decode(), params
    client.cookies["django_language"] = "en"
    response = _get(client, item="9.9")
    assert response.status_code == 400
    assert "Choose one of the measured items: 1.1, 1.3, 2.1" in response.content.decode()


def test_only_staff_of_the_province_may_open_it(varied, login, client):
    params = {"item": "3.3", "period": "2026-03", "agency": varied.agency_a.pk}
    anonymous = client.get(URL, params)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert login(varied.citizen).get(URL, params).status_code == 403
    for persona in ("head", "outsider", "specialist", "reception", "inspector", "admin"):
        assert login(getattr(varied, persona)).get(URL, params).status_code == 200, persona
    # A user of another province: 404 for this province's agency or commune, as for an unknown one.
    other = login(varied.other_user)
    assert other.get(URL, params).status_code == 404
    assert _get(other, item="3.3", unit=varied.commune_a.pk).status_code == 404
    assert _get(other, item="3.3", agency=10**9).status_code == 404
    own = _get(other, item="3.3").content.decode()
    assert "n = 2 · nộp trực tuyến: 2" in own  # its own province only


@pytest.mark.parametrize("code", ["2.1", "3.3", "3.2", "5.2", "5.4"])
def test_the_query_count_does_not_grow_with_the_records(
    varied, login, code, django_assert_max_num_queries
):
    client = login(varied.inspector)
    params = {"item": code, "period": "2026-03", "agency": varied.agency_a.pk}
    client.get(URL, params)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, params).status_code == 200
    for late in (True, False) * 30:  # past one page of 50
        ended(varied.agency_a, late=late)
    for _ in range(3):
        drilldown_data._answered(varied, varied.agency_a)
    facts_current()
    with django_assert_max_num_queries(6):
        assert client.get(URL, {**params, "page": 2}).status_code == 200
    with CaptureQueriesContext(connection) as many:
        client.get(URL, params)
    assert len(many) == len(few)
