"""In a real browser, printed (Chromium's print emulation): the dashboard, a drill-down list and a public
card at 1280 and 390 px: no menu, no form or button, the folded items open, the charts kept, links as
plain text, no sideways scroll; and the drill-down pages fit the screen too."""

import os
from pathlib import Path

import pytest

from neuguong.dashboards.tests import drilldown_data
from neuguong.onestop.tests.test_browser_intake import CHROMIUM, _login, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs chromium at {CHROMIUM}"),
]

SHOTS = os.environ.get("NEUGUONG_SCREENSHOTS")  # a directory: save the pages for a look

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
VISIBLE = "(s) => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null).length"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_pages_print_on_a4(world, live_server, browser_page, width):  # noqa: F811
    drilldown_data.build(world)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, live_server.url, world.head, world.password)
    a = world.agency_a.pk
    pages = {
        "dashboard": "/dashboards/?period=2026-03",
        "records": f"/dashboards/records/?item=2.1&period=2026-03&agency={a}",
        "unit": f"/dashboards/unit/?period=2026-03&agency={a}",
        "card": f"/cong-khai/co-quan/{a}/?period=2026-03",
    }
    for name, path in pages.items():
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(OVERFLOW) <= 0, (name, "screen")
        page.emulate_media(media="print")
        assert page.evaluate(OVERFLOW) <= 0, (name, "print")
        for hidden in ("header.topbar", "footer", "form", "button", ".btn", ".pager-links"):
            assert page.evaluate(VISIBLE, hidden) == 0, (name, hidden)
        assert page.evaluate(VISIBLE, "table") >= 1, name
        for link in page.locator("main table a, main p a").all()[:5]:  # links print as their text
            assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
            assert link.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/print-{name}-{width}.png", full_page=True)
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}{pages['dashboard']}")
    # The items folded under <details> on screen print open; the three charts are on the page.
    assert page.locator("details table").first.is_visible()
    assert page.evaluate(VISIBLE, "img[src*='/charts/']") == 3
    sizes = page.evaluate(
        "[...document.querySelectorAll(\"img[src*='/charts/']\")].map(i => i.naturalWidth)"
    )
    assert all(sizes), sizes  # each chart loaded
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    if SHOTS:
        Path(f"{SHOTS}/dashboard-{width}.pdf").write_bytes(pdf)
