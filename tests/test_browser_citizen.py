"""In a real browser at 390 px, a citizen's whole visit (issue 8, "Done when"): sign in through the
stand-in VNeID (the OpenID Connect code flow, for real), submit online with the required documents,
follow the dossier on their own view, send the supplement an officer asked for, and rate the result.
Staff act through the services in between. Every page is checked for sideways scrolling.

Debian's chromium driven by Playwright; skipped where /usr/bin/chromium is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PHONE, DESKTOP = 390, 1280
SHOTS = Path("/tmp/neuguong-citizen-shots")
ID_NUMBER = "011195004321"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)",
    ),
]


@pytest.fixture
def phone(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": PHONE, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def _fits(page, shot: str = "") -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways at {width[1]} px: {width}"
    if shot:  # kept for a look (not compared)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}-{width[1]}.png"), full_page=True)


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


@pytest.mark.django_db(transaction=True)
def test_a_citizens_whole_visit_at_390_px(live_server, world, settings, phone):
    from playwright.sync_api import expect

    from neuguong.core.identity.demo_provider import create_demo_resident
    from neuguong.core.identity.models import CitizenIdentity
    from neuguong.onestop import services as s
    from neuguong.onestop.constants import ActorKind, DossierState
    from neuguong.onestop.models import Dossier, Rating
    from neuguong.onestop.tests.factories import procedure_with_steps

    settings.DEMO_ALLOWED = True
    procedure = procedure_with_steps(
        [
            (ActorKind.RECEIVE, 4, None, "Tiếp nhận hồ sơ"),
            (ActorKind.PROCESS, 16, None, "Thẩm định"),
            (ActorKind.SIGN, 4, None, "Ký kết quả"),
            (ActorKind.RETURN, 0, None, "Trả kết quả"),
        ],
        code="1.001193",
        name="Đăng ký khai sinh",
    )
    procedure.required_documents = [
        {"name": "Tờ khai đăng ký khai sinh", "copies": 1, "original": True, "required": True},
        {"name": "Giấy chứng sinh", "copies": 1, "original": True, "required": True},
    ]
    procedure.save()
    create_demo_resident(
        subject="r-hoa",
        id_number=ID_NUMBER,
        full_name="Quàng Thị Hoa",
        phone="0913000222",
        birth_date=dt.date(1995, 8, 2),
    )
    world.head.first_name = "Lường Thị Chủ"
    world.head.save()
    base, page = live_server.url, phone

    # 1. Sign in: the portal's login page sends the citizen to the stand-in VNeID and back.
    page.goto(f"{base}/login/")
    _fits(page)
    page.click("[data-vneid-sign-in]")
    page.wait_for_url(re.compile(r"/vneid-demo/login/"))
    expect(page.locator(".demo-banner")).to_contain_text("VNeID mô phỏng")
    _fits(page, "stand-in-login")
    page.fill("#id_number", ID_NUMBER)
    page.fill("#password", settings.DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/vneid-demo/" not in url and "/oidc/" not in url)
    identity = CitizenIdentity.objects.get(id_number=ID_NUMBER)
    citizen = identity.user

    # 2. Submit online: the name and ID come from the identity; a file for each required document.
    page.goto(f"{base}/onestop/submit/")
    _fits(page)
    expect(page.locator("#id_applicant_id_number")).to_have_value(ID_NUMBER)
    page.locator("#procedure_q").type("khai sinh")
    # The typeahead answers after a pause: wait for the answer to the whole query, then pick it.
    page.wait_for_load_state("networkidle")
    expect(page.locator("#procedure-options .option").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#procedure-options input[type=radio]").first).to_be_checked()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#checklist-items")).to_be_visible(timeout=30000)
    page.set_input_files("#item-0", _pdf("to-khai.pdf"))
    page.set_input_files("#item-1", _pdf("giay-chung-sinh.pdf"))
    page.select_option("#id_receiving_agency", str(world.desk_a.pk))
    if not page.input_value("#id_applicant_phone"):
        page.fill("#id_applicant_phone", identity.phone)
    _fits(page)
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/onestop/mine/$"))
    dossier = Dossier.objects.get(applicant_user=citizen)
    assert dossier.state == DossierState.NEW
    assert dossier.applicant_id_number == ID_NUMBER
    assert dossier.documents.count() >= 2
    _fits(page)

    # 3. Follow it on their own view; the desk accepts it, an officer asks for a supplement.
    page.click(f"a[href='/onestop/mine/{dossier.code}/']")
    page.wait_for_url(re.compile(rf"/onestop/mine/{re.escape(dossier.code)}/$"))
    _fits(page)
    s.dossier_accept(dossier, actor=world.reception)
    s.dossier_start(dossier, actor=world.reception)
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="Giấy chứng sinh chụp mờ, xin gửi lại bản rõ"
    )
    page.reload()
    expect(page.locator("#supplement")).to_contain_text("Giấy chứng sinh chụp mờ")
    _fits(page, "citizen-dossier-supplement")
    html = page.content()
    assert "Lường Thị Chủ" not in html  # no staff name
    assert "onestop.dossier" not in html  # no audit code

    # 4. Send the supplement.
    page.fill("#supplement-name", "Giấy chứng sinh (bản rõ)")
    page.set_input_files("#supplement-files", _pdf("giay-chung-sinh-ro.pdf"))
    page.click("#supplement button[type=submit]")
    page.wait_for_url(re.compile(rf"/onestop/mine/{re.escape(dossier.code)}/$"))
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROCESSING
    assert dossier.documents.filter(name="Giấy chứng sinh (bản rõ)", uploaded_by=citizen).exists()
    _fits(page)

    # 5. The result is processed, signed and returned; the citizen rates it.
    s.dossier_complete_step(dossier, actor=world.head)
    s.dossier_complete_step(dossier, actor=world.head)
    s.dossier_return(dossier, actor=world.reception)
    page.reload()
    expect(page.locator("#rate")).to_be_visible()
    _fits(page, "citizen-dossier-rate")
    page.check("#rate input[name=value][value=satisfied]")
    page.click("#rate button[type=submit]")
    page.wait_for_url(re.compile(rf"/onestop/mine/{re.escape(dossier.code)}/$"))
    assert Rating.objects.get(dossier=dossier).value == "satisfied"
    expect(page.locator("#rate")).to_have_count(0)
    _fits(page, "citizen-dossier-rated")

    # The same pages on a desktop screen.
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    for path, shot in (
        (f"/onestop/mine/{dossier.code}/", "citizen-dossier-rated"),
        ("/onestop/mine/", "my-dossiers"),
        ("/vneid-demo/login/", "stand-in-login"),
    ):
        page.goto(f"{base}{path}")
        _fits(page, shot)
