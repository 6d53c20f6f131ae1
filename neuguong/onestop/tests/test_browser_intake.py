"""In a real browser: a desk officer takes a dossier from intake to return through the buttons.

Debian's chromium driven by Playwright. Skipped, with the reason, where /usr/bin/chromium is missing
(CI installs it: `apt-get install -y chromium`).
"""

import re
from pathlib import Path

import pytest

from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)",
    ),
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop; Django's ORM calls in this test thread are still safe.
    # monkeypatch undoes it, so later tests (and their subprocesses) keep Django's async safety check.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def _login(page, base, user, password):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("networkidle")


def _act(page, action):
    """Press the button of one action; actions with a small form open it first, then confirm."""
    summary = page.locator(f'summary[data-action="{action}"]')
    if summary.count():
        summary.click()
        page.locator(f'details:has(summary[data-action="{action}"]) button[type=submit]').click()
    else:
        page.locator(f'button[data-action="{action}"]').click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_it_takes_a_dossier_from_intake_to_return_in_the_browser(
    live_server, world, simple, browser_page
):
    from playwright.sync_api import expect

    base, page = live_server.url, browser_page
    # The desk officer receives the dossier: the procedure is found by part of its name.
    _login(page, base, world.reception, world.password)
    page.goto(f"{base}/onestop/intake/")
    expect(page.locator("#procedure_q")).to_be_focused()
    page.keyboard.type("dang ky khai")
    # Nothing is chosen by itself (issue 8): the officer highlights the first line and picks it.
    expect(page.locator("#procedure-options .option").first).to_be_visible()
    expect(page.locator("#procedure-options input[type=radio]").first).not_to_be_checked()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#procedure-options input[type=radio]").first).to_be_checked()
    page.fill("#id_applicant_name", "Lò Thị Hoa")
    page.fill("#id_applicant_id_number", "011203000123")
    page.fill("#id_applicant_phone", "0912345678")
    page.fill("#id_applicant_address", "Bản Him Lam")
    page.press("#id_applicant_address", "Enter")  # Enter submits the intake
    page.wait_for_url(re.compile(r"/onestop/dossiers/.+\?received=1"))
    dossier = Dossier.objects.get(applicant_name="Lò Thị Hoa")
    assert dossier.state == DossierState.ACCEPTED

    # The receipt slip opens in its own tab, with the code on it.
    with page.context.expect_page() as slip_info:
        page.click("#print-receipt")
    slip = slip_info.value
    slip.wait_for_load_state()
    assert dossier.code in slip.content()
    slip.close()

    _act(page, "start")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROCESSING

    # The head of the commune People's Committee processes and signs.
    _login(page, base, world.head, world.password)
    page.goto(f"{base}/onestop/dossiers/{dossier.code}/")
    _act(page, "complete_step")
    _act(page, "complete_step")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DONE
    assert dossier.result_signed_by == world.head.person_obj

    # Back at the desk, the result is returned to the applicant.
    _login(page, base, world.reception, world.password)
    page.goto(f"{base}/onestop/dossiers/{dossier.code}/")
    _act(page, "return")
    expect(page.locator('[data-state="returned"]')).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED
    actions = list(dossier.transitions.order_by("at", "pk").values_list("action", flat=True))
    assert actions == [
        "receive",
        "start",
        "complete_step",
        "sign_result",
        "complete_step",
        "return",
    ]
