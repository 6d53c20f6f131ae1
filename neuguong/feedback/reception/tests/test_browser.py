"""In a real browser, at 390 px and 1280 px: every reception page fits the screen (no sideways scroll),
and the head records a citizen and a matter at a reception day through the forms on a phone.

Debian's chromium driven by Playwright; skipped where /usr/bin/chromium is missing.
"""

import datetime as dt
from pathlib import Path

import pytest

from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import SessionState
from neuguong.feedback.reception.models import ReceptionSession
from neuguong.feedback.reception.tests.conftest import local
from neuguong.onestop.tests.test_browser_intake import CHROMIUM, _login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM}"
    ),
]


@pytest.fixture
def browser_page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from neuguong.onestop.tests.test_browser_intake import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_the_pages_fit_a_phone_and_a_desk_screen_and_a_matter_is_recorded(
    live_server, world, chair_term, browser_page
):
    page, base = browser_page, live_server.url
    day = dt.date.today() - dt.timedelta(days=1)
    session = s.session_plan(
        actor=world.head,
        term=chair_term,
        scheduled_on=day,
        location="Trụ sở UBND phường Điện Biên Phủ",
    )
    session = s.session_hold(
        session, actor=world.head, held_at=local(day.year, day.month, day.day, 9)
    )
    d = s.dialogue_plan(
        actor=world.head,
        unit=world.commune_a,
        chair=world.head.person_obj,
        topic="Giải phóng mặt bằng đường vành đai phía Tây và tái định cư cho các hộ dân bản Him Lam",
        starts_at=local(2026, 12, 20, 8),
        location="Hội trường UBND phường",
    )
    s.dialogue_announce(d, actor=world.head, at=local(2026, 12, 1, 8))
    _login(page, base, world.head, world.password)
    urls = [
        "/reception/",
        f"/reception/sessions/{session.pk}/",
        "/reception/sessions/new/",
        "/reception/compliance/?month=2026-11",
        "/reception/report/?year=2026&period=9m",
        "/reception/dialogues/",
        f"/reception/dialogues/{d.pk}/",
        "/reception/dialogues/new/",
        "/reception/dialogues/compliance/",
        "/reception/public/",
        f"/reception/public/dialogues/{d.pk}/",
    ]
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            response = page.goto(base + url)
            assert response.status == 200, url
            assert fits(page), f"{url} scrolls sideways at {width} px"

    # On the phone, the head records a Thái-speaking citizen with an interpreter, then a matter.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/reception/sessions/{session.pk}/")
    form = page.locator('form[action$="/actions/record_citizen/"]')
    form.locator('input[name="full_name"]').fill("Lò Thị Hoa")
    form.locator('input[name="phone"]').fill("0912345678")
    form.locator('select[name="language"]').select_option("thai")
    form.locator('input[name="interpreter"]').fill("Lò Văn Mai")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    form = page.locator('form[action$="/actions/record_matter/"]')
    form.locator('input[name="summary"]').fill("Tranh chấp ranh giới đất")
    form.locator('select[name="category_code"]').select_option("land")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "******5678" in page.content()
    assert "0912345678" not in page.content()
    assert fits(page)
    session = ReceptionSession.objects.get(pk=session.pk)
    assert session.state == SessionState.HELD
    assert session.matters.get().feedback_item.channel == "reception"
