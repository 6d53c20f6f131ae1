"""In a real browser, with no login: the public pages fit a phone (390 px) and a desktop (1280 px)."""

import os
from pathlib import Path

import pytest

from neuguong.dashboards.tests.helpers import ended
from neuguong.onestop.tests.test_browser_intake import CHROMIUM, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs chromium at {CHROMIUM}"),
]

SHOTS = os.environ.get("NEUGUONG_SCREENSHOTS")  # a directory: save the pages for a look


@pytest.mark.parametrize("width", [390, 1280])
def test_the_public_pages_fit_the_screen(world, live_server, browser_page, width):  # noqa: F811
    for late in (False, False, True):
        ended(world.agency_a, late=late)
    ended(world.agency_b)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in (
        ("cong-khai", "/cong-khai/?period=2026-03"),
        ("co-quan", f"/cong-khai/co-quan/{world.agency_a.pk}/?period=2026-03"),
        ("du-lieu-mo", "/cong-khai/du-lieu-mo/"),
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.goto(f"{live_server.url}/cong-khai/?period=2026-03")
    assert world.agency_a.name in page.content()
