"""In a real browser: the staff dashboard fits a phone (390 px) and a desktop (1280 px) with no sideways scroll."""

import os
from pathlib import Path

import pytest

from neuguong.dashboards.tests.helpers import ended
from neuguong.onestop.tests.test_browser_intake import CHROMIUM, _login, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs chromium at {CHROMIUM}"),
]

SHOTS = os.environ.get("NEUGUONG_SCREENSHOTS")  # a directory: save the pages for a look


@pytest.mark.parametrize("width", [390, 1280])
def test_the_dashboard_fits_the_screen(world, live_server, browser_page, width):  # noqa: F811
    for late in (False, False, True):
        ended(world.agency_a, late=late)
    ended(world.agency_b)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, live_server.url, world.head, world.password)
    page.goto(f"{live_server.url}/dashboards/?period=2026-03")
    assert page.locator("h1").count() == 1
    assert world.agency_a.name in page.content()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-{width}.png", full_page=True)
    page.goto(f"{live_server.url}/dashboards/on-time/?period=2026-03&agency={world.agency_a.pk}")
    assert page.locator("table.cards tbody tr").count() == 3
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/on-time-{width}.png", full_page=True)
