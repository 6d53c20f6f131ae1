"""Every number of the staff dashboard links to the records behind it (issue 10 §3): the province's items,
the league tables' totals, group points, rates and n, and the unit page those lead to."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.drilldown import SPECS
from neuguong.dashboards.tests import drilldown_data
from neuguong.dashboards.tests.helpers import ended, facts_current

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(world):
    return drilldown_data.build(world)


def _hrefs(body: str) -> set[str]:
    return {h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', body)}


def test_the_dashboard_links_every_item_and_every_league_figure(varied, login):
    body = login(varied.head).get("/dashboards/", {"period": "2026-03"}).content.decode()
    links = _hrefs(body)
    for code in SPECS:  # every measured item of the province, each to its records
        assert f"/dashboards/records/?item={code}&period=2026-03" in links, code
    a, commune_a = varied.agency_a.pk, varied.commune_a.pk
    assert f"/dashboards/unit/?period=2026-03&agency={a}" in links  # the total
    assert f"/dashboards/unit/?period=2026-03&agency={a}#g-online" in links  # a group's points
    assert f"/dashboards/records/?item=2.1&period=2026-03&agency={a}" in links  # the n
    assert f"/dashboards/on-time/?period=2026-03&agency={a}" in links  # the rate
    assert f"/dashboards/unit/?period=2026-03&unit={commune_a}" in links
    assert "/dashboards/charts/satisfaction.svg?period=2026-03" in body


def test_the_unit_page_links_each_of_its_items(varied, login):
    client = login(varied.head)
    a = varied.agency_a
    response = client.get("/dashboards/unit/", {"period": "2026-03", "agency": a.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert a.name in body
    links = _hrefs(body)
    assert f"/dashboards/records/?item=3.3&period=2026-03&agency={a.pk}" in links
    assert f"/dashboards/records/?item=5.3&period=2026-03&agency={a.pk}" in links
    assert 'id="g-satisfaction"' in body
    province = client.get("/dashboards/unit/", {"period": "2026-03"}).content.decode()
    assert '/dashboards/records/?item=5.4&amp;period=2026-03"' in province
    assert client.get("/dashboards/unit/", {"period": "x"}).status_code == 400
    assert client.get("/dashboards/unit/", {"agency": "1", "unit": "2"}).status_code == 400
    other = login(varied.other_user)
    assert other.get("/dashboards/unit/", {"agency": a.pk}).status_code == 404


def test_the_unit_page_query_count_does_not_grow(varied, login):
    client = login(varied.inspector)
    params = {"period": "2026-03", "unit": varied.commune_a.pk}
    client.get("/dashboards/unit/", params)
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboards/unit/", params)
    for late in (True, False) * 5:
        ended(varied.agency_b, late=late)
    facts_current()
    with CaptureQueriesContext(connection) as many:
        assert client.get("/dashboards/unit/", params).status_code == 200
    assert len(many) == len(few)
