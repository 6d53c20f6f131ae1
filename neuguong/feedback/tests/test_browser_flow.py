"""The issue's "done when", in a real browser: a citizen submits feedback on a 390-pixel screen, the
agency answers and publishes it through the buttons, and Open311 `requests/{id}.json` shows the item
`closed` with the answer in `status_notes`.

Debian's chromium driven by Playwright; skipped, with the reason, where /usr/bin/chromium is missing.
"""

import importlib
import json
from pathlib import Path

import pytest

from neuguong.feedback.models import FeedbackItem

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ANSWER = "Đã yêu cầu hộ gia đình tháo dỡ tường rào lấn chiếm, trả lại lối đi chung."

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM}"
    ),
]


@pytest.fixture
def pw_browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _act(page, action, text=""):
    summary = page.locator(f'summary[data-action="{action}"]')
    if summary.count():
        summary.click()
        form = page.locator(f'details:has(summary[data-action="{action}"]) form')
        if text:
            form.locator("textarea").fill(text)
        form.locator("button[type=submit]").click()
    else:
        page.locator(f'button[data-action="{action}"]').click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_a_citizen_submits_on_a_phone_and_open311_shows_the_published_answer(
    live_server, world, pw_browser
):
    # A flush emptied the categories the migration seeded: put them back.
    from django.apps import apps

    importlib.import_module("neuguong.feedback.migrations.0002_seed_categories").seed(apps, None)
    base = live_server.url

    phone = pw_browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = phone.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/feedback/new/")
    _no_sideways_scroll(page)
    page.select_option("#id_category_code", "land")
    page.fill("#id_title", "Lấn chiếm lối đi chung")
    page.fill("#id_body", "Hộ gia đình ở tổ 5 xây tường rào chắn lối đi chung của xóm.")
    page.select_option("#id_commune_code", world.commune_a.code)
    page.fill("#id_submitter_phone", "0912345678")
    page.click("form.fb-form > button[type=submit]")
    page.wait_for_selector("#item-code")
    _no_sideways_scroll(page)
    code = page.inner_text("#item-code").strip()
    item = FeedbackItem.objects.get(code=code)
    assert item.agency == world.agency_a
    phone.close()

    desk = pw_browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = desk.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/login/")
    page.fill("#id_username", world.head.username)
    page.fill("#id_password", world.password)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/feedback/items/{item.pk}/")
    for action, text in (("accept", ""), ("start", ""), ("answer", ANSWER), ("publish", "")):
        _act(page, action, text)
    item.refresh_from_db()
    assert item.state == "published"

    response = page.request.get(f"{base}/open311/v2/requests/{code}.json")
    row = json.loads(response.text())[0]
    assert row["status"] == "closed"
    assert row["status_notes"] == ANSWER

    # The staff pages and the public answer also fit a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/feedback/?q=all", f"/feedback/items/{item.pk}/", "/feedback/public/?q=lan+chiem"):
        page.goto(f"{base}{url}")
        _no_sideways_scroll(page)
    assert code in page.content()
    page.goto(f"{base}/feedback/public/{code}/")
    _no_sideways_scroll(page)
    assert ANSWER in page.inner_text("#answer")
    desk.close()
