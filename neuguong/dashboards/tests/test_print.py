"""Printing (issue 10 §6): the dashboard, the drill-down lists and the public pages link the print
stylesheet, and it is served."""

import pytest
from django.test import override_settings

from neuguong.dashboards.tests.helpers import ended

pytestmark = pytest.mark.django_db

LINK = '<link rel="stylesheet" href="/static/dashboards/print.css" media="print">'


def test_every_indicator_page_links_the_print_stylesheet(world, login, client):
    ended(world.agency_a)
    a = world.agency_a.pk
    public = [
        "/cong-khai/?period=2026-03",
        f"/cong-khai/co-quan/{a}/?period=2026-03",
        f"/cong-khai/xa/{world.commune_a.pk}/?period=2026-03",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert LINK in response.content.decode(), url
    staff = login(world.head)
    for url in (
        "/dashboards/?period=2026-03",
        f"/dashboards/records/?item=3.3&period=2026-03&agency={a}",
        f"/dashboards/unit/?period=2026-03&agency={a}",
        f"/dashboards/on-time/?period=2026-03&agency={a}",
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert LINK in response.content.decode(), url


def test_the_print_stylesheet_is_served(client):
    # Served by WhiteNoise from the collected files in production; from the app's static folder here.
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        response = client.get("/static/dashboards/print.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = b"".join(response.streaming_content).decode()
    assert "@page { size: A4;" in css
    assert "thead { display: table-header-group; }" in css  # headers repeated on every sheet
    assert "details::details-content" in css  # the folded items print open
