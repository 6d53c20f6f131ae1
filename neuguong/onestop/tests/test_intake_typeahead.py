"""The procedure typeahead (issue 8 §6): an exact code or name first, the plain procedure before its
variants, nothing chosen until the user picks, and Enter picking only the highlighted line.

Before: typing "khai sinh" pre-selected the interconnected 40-hour procedure (first by name, "Liên
thông …" sorting before "Đăng ký …") above the plain 8-hour one, and Enter filed it.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from neuguong.onestop.constants import ActorKind
from neuguong.onestop.lookup import procedure_matches
from neuguong.onestop.models import Dossier
from neuguong.onestop.tests.factories import procedure_with_steps
from neuguong.onestop.tests.test_browser_intake import CHROMIUM, _login, browser_page  # noqa: F401

pytestmark = pytest.mark.django_db

PLAIN = "Đăng ký khai sinh"
INTERCONNECTED = (
    "Liên thông các thủ tục hành chính: Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y "
    "tế cho trẻ em dưới 6 tuổi"
)


def _procedure(code, name, hours, **kwargs):
    receive = Decimal(1)
    return procedure_with_steps(
        [
            (ActorKind.RECEIVE, receive, None, "Tiếp nhận"),
            (ActorKind.PROCESS, Decimal(hours) - 2, None, "Xử lý"),
            (ActorKind.SIGN, 1, None, "Ký"),
            (ActorKind.RETURN, 0, None, "Trả kết quả"),
        ],
        code=code,
        name=name,
        **kwargs,
    )


@pytest.fixture
def births(world):
    return {
        "interconnected": _procedure("3.000722", INTERCONNECTED, 40),
        "plain": _procedure(
            "1.001193",
            PLAIN,
            8,
            required_documents=[
                {"name": "Tờ khai đăng ký khai sinh", "copies": 1, "original": True},
                {"name": "Giấy chứng sinh", "copies": 1, "original": True},
            ],
        ),
        "foreign": _procedure("1.001695", "Đăng ký khai sinh có yếu tố nước ngoài", 120),
        "again": _procedure("1.004884", "Đăng ký lại khai sinh", 40),
    }


def _codes(query):
    return [p.code for p in procedure_matches(query)]


def test_the_plain_procedure_comes_before_its_variants(births):
    codes = _codes("khai sinh")
    assert codes[0] == "1.001193"
    assert codes.index("1.001193") < codes.index("3.000722")
    assert set(codes) == {"3.000722", "1.001193", "1.001695", "1.004884"}


def test_an_exact_name_comes_first_without_diacritics(births):
    assert _codes("dang ky khai sinh")[0] == "1.001193"
    assert _codes("Đăng ký lại khai sinh")[0] == "1.004884"


def test_an_exact_code_comes_first(births):
    assert _codes("3.000722")[0] == "3.000722"
    assert _codes("1.001695")[0] == "1.001695"


def test_the_options_check_nothing_and_list_the_best_first(world, births, login):
    html = (
        login(world.reception)
        .get(reverse("onestop-procedure-lookup") + "?procedure_q=khai sinh")
        .content.decode()
    )
    assert " checked" not in html
    values = re.findall(r'name="procedure" value="(\d+)"', html)
    assert values[0] == str(births["plain"].pk)


# ---- in a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(
    not __import__("pathlib").Path(CHROMIUM).exists(), reason=f"needs chromium at {CHROMIUM}"
)
@pytest.mark.django_db(transaction=True)
def test_enter_picks_only_the_highlighted_line(live_server, world, births, browser_page):  # noqa: F811
    from playwright.sync_api import expect

    base, page = live_server.url, browser_page
    _login(page, base, world.reception, world.password)
    page.goto(f"{base}/onestop/intake/")
    page.keyboard.type("khai sinh")
    options = page.locator("#procedure-options .option")
    expect(options).to_have_count(4)
    radios = page.locator("#procedure-options input[type=radio]")

    # Enter with nothing highlighted picks nothing and submits nothing.
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url.endswith("/onestop/intake/")
    assert radios.evaluate_all("rs => rs.filter(r => r.checked).length") == 0
    assert not Dossier.objects.exists()

    # ArrowDown highlights the best match (the plain 8-hour procedure), still unchecked.
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_class(re.compile(r"\bactive\b"))
    expect(options.first).to_contain_text(PLAIN)
    expect(radios.first).not_to_be_checked()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")

    # Enter picks the highlighted line, loads its checklist and moves on to the applicant.
    page.keyboard.press("Enter")
    expect(radios.first).to_be_checked()
    expect(page.locator("#checklist-items")).to_contain_text("Giấy chứng sinh")
    expect(page.locator("#id_applicant_name")).to_be_focused()

    page.fill("#id_applicant_name", "Lò Thị Hoa")
    page.fill("#id_applicant_id_number", "011203000123")
    page.fill("#id_applicant_phone", "0912345678")
    for box in page.locator('#checklist-items input[name="received"]').all():
        box.check()
    page.press("#id_applicant_phone", "Enter")
    page.wait_for_url(re.compile(r"/onestop/dossiers/.+\?received=1"))
    dossier = Dossier.objects.get()
    assert dossier.procedure == births["plain"]
    assert sorted(dossier.documents.values_list("checklist_items", flat=True)) == [[0], [1]]


@pytest.mark.browser
@pytest.mark.skipif(
    not __import__("pathlib").Path(CHROMIUM).exists(), reason=f"needs chromium at {CHROMIUM}"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(("who", "path"), [("reception", "intake"), ("citizen", "submit")])
def test_the_intake_pages_fit_the_screen(
    live_server,
    world,
    births,
    browser_page,  # noqa: F811
    settings,
    width,
    who,
    path,
):
    from playwright.sync_api import expect

    from neuguong.core.identity.tests.browser import link_stand_in_resident, sign_in_with_stand_in

    base, page = live_server.url, browser_page
    page.set_viewport_size({"width": width, "height": 900})
    if who == "citizen":
        # Citizens sign in only through VNeID (here the demo's stand-in), never with a password.
        settings.DEMO_ALLOWED = True
        link_stand_in_resident(
            world.citizen, id_number="011090006666", subject="r-typeahead-citizen"
        )
        sign_in_with_stand_in(page, base, "011090006666")
    else:
        _login(page, base, getattr(world, who), world.password)
    page.goto(f"{base}/onestop/{path}/")
    page.locator("#procedure_q").focus()
    page.keyboard.type("khai sinh")
    expect(page.locator("#procedure-options .option")).to_have_count(4)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#checklist-items")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_lookup_reads_a_fixed_number_of_queries(
    world, births, login, django_assert_max_num_queries
):
    client = login(world.reception)
    url = reverse("onestop-procedure-lookup") + "?procedure_q="
    client.get(url + "khai sinh")
    # session, user, the matches, their steps, the menu's memberships: whatever the matches
    for query in ("khai sinh", "dang", "1.001193"):
        with django_assert_max_num_queries(6):
            assert client.get(url + query).status_code == 200
