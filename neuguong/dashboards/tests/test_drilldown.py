"""Drill-down: the records behind each on-time rate add up to the dashboard's figure, late ones marked."""

import pytest

from neuguong.dashboards.selectors import progress_records, province_dashboard
from neuguong.dashboards.tests.helpers import MARCH

pytestmark = pytest.mark.django_db


def test_the_listed_records_add_up_to_every_figure(march):
    board = province_dashboard(MARCH, march.inspector)
    for score in board.agencies:
        records = progress_records(MARCH, march.inspector, agency=score.unit)
        assert records.count() == score.counts.ended, score.unit
        assert records.filter(late_here=True).count() == score.counts.late, score.unit
    for score in board.communes:
        records = progress_records(MARCH, march.inspector, unit=score.unit)
        assert records.count() == score.counts.ended, score.unit
        assert records.filter(late_here=True).count() == score.counts.late, score.unit
    everything = progress_records(MARCH, march.inspector)
    assert everything.count() == board.province.counts.ended
    assert everything.filter(late_here=True).count() == board.province.counts.late


def test_a_late_interconnected_dossier_names_the_agency_at_fault(march):
    a, dept = march.agency_a, march.department
    in_a = {d.pk: d for d in progress_records(MARCH, march.inspector, agency=a)}
    in_dept = list(progress_records(MARCH, march.inspector, agency=dept))
    assert len(in_dept) == 1
    linked = in_dept[0]
    assert (linked.late_here, linked.fault_agency_id) == (True, dept.pk)
    assert in_a[linked.pk].late_here is False  # A did its own step on time


ON_TIME_URL = "/dashboards/on-time/"


def test_the_drilldown_page_lists_the_records_and_the_agency_at_fault(march, login):
    client = login(march.head)
    dept = march.department
    response = client.get(ON_TIME_URL, {"period": "2026-03", "agency": dept.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 hồ sơ được tính: 0 đúng hạn, 1 quá hạn." in body
    assert f"do: {dept.name}" in body
    page_a = client.get(ON_TIME_URL, {"period": "2026-03", "agency": march.agency_a.pk})
    text = page_a.content.decode()
    assert "7 hồ sơ được tính: 5 đúng hạn, 2 quá hạn." in text
    assert (
        f"quá hạn tại: {dept.name}" in text
    )  # the linked dossier: on time for A, late at the department
    assert "Nguyễn Văn An" not in text  # no applicant data on the page
    province = client.get(ON_TIME_URL, {"period": "2026-03"}).content.decode()
    assert "8 hồ sơ được tính: 5 đúng hạn, 3 quá hạn." in province


def test_the_drilldown_refuses_bad_input(march, login):
    client = login(march.head)
    for params in ({"agency": "x"}, {"agency": "1", "unit": "1"}, {"period": "2026-3"}):
        assert client.get(ON_TIME_URL, params).status_code == 400, params
    assert client.get(ON_TIME_URL, {"agency": 10**9}).status_code == 404
    assert login(march.citizen).get(ON_TIME_URL).status_code == 403


def test_the_dashboard_links_each_rate_to_its_records(march, login):
    body = login(march.head).get("/dashboards/", {"period": "2026-03"}).content.decode()
    assert f"/dashboards/on-time/?period=2026-03&amp;agency={march.agency_a.pk}" in body
    assert f"/dashboards/on-time/?period=2026-03&amp;unit={march.commune_a.pk}" in body


def test_the_drilldown_query_count_does_not_grow_with_the_dossiers(march, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from neuguong.dashboards.tests.helpers import ended

    client = login(march.inspector)
    params = {"period": "2026-03", "agency": march.agency_a.pk}
    client.get(ON_TIME_URL, params)
    with CaptureQueriesContext(connection) as few:
        client.get(ON_TIME_URL, params)
    for late in (True, False) * 10:
        ended(march.agency_a, late=late)
    with CaptureQueriesContext(connection) as many:
        assert client.get(ON_TIME_URL, params).status_code == 200
    assert len(many) == len(few)
