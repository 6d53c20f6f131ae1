"""In a real browser at 390 px: the lists and the step tables become cards, nothing scrolls sideways, and
the result column of a step is on screen (issue 8). At 1280 px the same tables stay tables."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from neuguong.onestop import services as s
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.test_browser_intake import CHROMIUM, CHROMIUM_ARGS, _login, pytestmark  # noqa: F401

PHONE = "0912345678"


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _shot(page, name: str) -> None:
    """A full-page screenshot into $NEUGUONG_SCREENSHOTS, when set (to look at the layout)."""
    folder = os.environ.get("NEUGUONG_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _sideways(page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.django_db(transaction=True)
def test_lists_and_steps_fit_a_phone(live_server, world, receive, browser):
    dossier = receive(phone=PHONE)
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(minutes=30))
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=2))
    for _ in range(3):
        receive()
    base = live_server.url
    from django.urls import reverse

    urls = [
        reverse("onestop-queues") + "?queue=my_steps",
        reverse("onestop-search") + "?q=nguyen",
        reverse("onestop-dossier", args=[dossier.code]),
        reverse("org-unit-tree"),
        reverse("org-agency-list"),
        reverse("org-person-list"),
        reverse("org-delegation-list"),
        reverse("org-quota-report"),
    ]
    phone = _page(browser, 390)
    _login(phone, base, world.head, world.password)
    for url in urls:
        phone.goto(base + url)
        phone.wait_for_load_state("networkidle")
        assert _sideways(phone) <= 0, url
    # On the dossier page the step table is cards: each result cell is within the screen.
    phone.goto(base + reverse("onestop-dossier", args=[dossier.code]))
    assert phone.locator("table.steps thead").is_hidden()
    _shot(phone, "dossier-390")
    result = phone.locator('table.steps td[data-label="Kết quả"]').first
    box = result.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390

    # The citizen's tracking page, anonymous.
    phone.context.clear_cookies()
    phone.goto(base + reverse("onestop-track"))
    phone.wait_for_load_state("networkidle")
    phone.fill("input[name=code]", dossier.code)
    phone.fill("input[name=verify]", PHONE[-4:])
    phone.locator("form.stack button[type=submit]").first.click()
    phone.wait_for_load_state("networkidle")
    assert phone.locator("table.steps").count() == 1
    assert _sideways(phone) <= 0
    assert phone.locator("#history").is_visible()
    _shot(phone, "track-390")

    wide = _page(browser, 1280)
    _login(wide, base, world.head, world.password)
    wide.goto(base + reverse("onestop-dossier", args=[dossier.code]))
    assert wide.locator("table.steps thead").is_visible()
    assert _sideways(wide) <= 0
