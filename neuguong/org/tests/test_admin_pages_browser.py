"""In a real browser, at 390 and 1280 px: the staff administration pages (delegation, API tokens,
catalogue import) fit the screen, with no sideways scroll, and a token issued shows once."""

from pathlib import Path

import pytest
from django.urls import reverse

from neuguong.onestop.tests.test_browser_intake import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs chromium at {CHROMIUM}"),
]

PAGES = ("org-delegation-create", "api-tokens", "onestop-catalogue-import")


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_the_admin_pages_fit_a_phone_and_a_desktop(browser, live_server, world):
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", world.admin.username)
        page.fill("#id_password", world.password)
        page.click("form.stack button[type=submit]")
        page.wait_for_load_state("networkidle")
        for name in PAGES:
            response = page.goto(live_server.url + reverse(name))
            assert response is not None
            assert response.status == 200, name
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (name, width, scroll)
        # Issue a token: shown once on the answer, as a card on a phone, never again on the list.
        page.goto(live_server.url + reverse("api-tokens"))
        page.select_option("#id_user", str(world.head.pk))
        page.fill("#id_name", "bảng theo dõi")
        page.click("form.card button[type=submit]")
        page.wait_for_load_state("networkidle")
        raw = page.inner_text("code.token")
        assert raw.startswith("ng_")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.goto(live_server.url + reverse("api-tokens"))
        assert raw not in page.content()
        context.close()
