"""The SVG charts: their own URLs, no script or inline style, the figures written out, constant queries."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.tests.helpers import ended

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _clean(body: str) -> ET.Element:
    assert "<script" not in body
    assert "style=" not in body
    assert "<style" not in body
    assert "http" not in body.replace(
        "http://www.w3.org/2000/svg", ""
    )  # nothing loaded from elsewhere
    return ET.fromstring(body.encode())


def test_late_by_agency(march, login):
    response = login(march.head).get("/dashboards/charts/late-by-agency.svg", {"period": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = _clean(response.content.decode())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert march.department.name in texts  # the interconnected dossier's step overran there
    assert march.agency_a.name in texts
    desc = root.find(f"{SVG}desc").text
    assert f"{march.agency_a.name}: 2." in desc


def test_trend(march, login):
    response = login(march.head).get("/dashboards/charts/trend.svg", {"period": "2026"})
    assert response.status_code == 200
    root = _clean(response.content.decode())
    desc = root.find(f"{SVG}desc").text
    assert "03/2026: 9" in desc  # received in March (one ends in April)
    assert re.search(r"04/2026: 0 [^,]+, 1 ", desc)  # the April end
    assert root.find(f"{SVG}polyline") is not None


def test_charts_refuse_bad_input_and_outsiders(march, login):
    client = login(march.head)
    assert client.get("/dashboards/charts/trend.svg", {"period": "x"}).status_code == 400
    assert (
        client.get("/dashboards/charts/late-by-agency.svg", {"period": "2026-13"}).status_code
        == 400
    )
    assert login(march.citizen).get("/dashboards/charts/trend.svg").status_code == 403


def test_chart_query_count_is_constant(march, login):
    client = login(march.inspector)
    url = "/dashboards/charts/late-by-agency.svg"
    client.get(url, {"period": "2026-03"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"period": "2026-03"})
    for _ in range(10):
        ended(march.department, late=True)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"period": "2026-03"})
    assert len(many) == len(few)
