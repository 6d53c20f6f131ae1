"""The base layout (issue 8 §1): the authority and product name, the favicon, the menus per role, and
the 403/404 pages in both languages."""

import pytest
from django.test import override_settings
from django.urls import reverse

from neuguong.core.menus import menu_for


@pytest.fixture
def world(module_world):
    return module_world


def _keys(items):
    """{top key: [entry keys]} of a menu."""
    return {i.key: [e.key for e in i.entries] for i in items}


def test_the_header_names_the_authority_beside_the_product_name(db, client):
    body = client.get(reverse("home")).content.decode()
    header = body.split("<header", 1)[1].split("</header>", 1)[0]
    assert '<span class="authority">UBND tỉnh Điện Biên</span>' in header
    assert '<span class="product">Nêu gương</span>' in header
    assert "neuguong" not in header.lower()  # the unaccented name is for code and commands


@override_settings(AUTHORITY_NAME="UBND tỉnh Lai Châu")
def test_the_authority_is_configurable(db, client):
    body = client.get(reverse("home")).content.decode()
    assert '<span class="authority">UBND tỉnh Lai Châu</span>' in body
    assert "Điện Biên</span>" not in body


def test_the_favicon_is_served_locally(db, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    body = client.get(reverse("home")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in body


def test_a_visitor_sees_the_citizen_menu(db, client):
    from django.contrib.auth.models import AnonymousUser

    keys = _keys(menu_for(AnonymousUser()))
    assert list(keys) == ["onestop-procedures", "onestop-submit", "onestop-track", "voice"]
    # citizens' voice (issue 9): one dropdown, so the bar stays one line at 1280 px
    assert keys["voice"] == [
        "feedback-submit",
        "feedback-follow",
        "feedback-public",
        "reception-public",
    ]
    body = client.get(reverse("home")).content.decode()
    assert 'data-menu="onestop-submit"' in body
    assert 'data-menu="voice"' in body
    assert reverse("feedback-submit") in body
    assert reverse("login") in body


def test_a_signed_in_citizen_also_gets_their_pages(world):
    keys = _keys(menu_for(world.citizen))
    assert "feedback-submit" in keys["voice"]
    assert keys["mine"] == ["onestop-my-dossiers", "feedback-my-list"]


def test_staff_do_not_get_the_citizens_voice_group(world):
    for user in (world.reception, world.head, world.admin):
        keys = _keys(menu_for(user))
        assert "voice" not in keys
        assert "feedback-submit" not in str(keys)


def test_a_citizen_sees_procedures_submit_track_and_their_dossiers(world):
    keys = _keys(menu_for(world.citizen))
    assert "onestop-my-dossiers" in keys or "onestop-my-dossiers" in keys.get("mine", [])
    assert {"onestop-procedures", "onestop-submit", "onestop-track"} <= set(keys)
    assert not {"onestop", "org", "oversight", "admin"} & set(keys)


def test_the_reception_officer_gets_the_one_stop_group_with_intake(world):
    keys = _keys(menu_for(world.reception))
    assert keys["onestop"][:3] == ["onestop-queues", "onestop-search", "onestop-intake"]
    assert "onestop-register" in keys["onestop"]
    assert "org-unit-tree" in keys["org"]
    assert "org-quota-report" in keys["org"]
    assert "onestop-submit" not in keys
    assert "oversight" not in keys  # the indicators alone: a plain link
    assert "dashboards-province" in keys


def test_a_specialist_and_a_head_do_not_receive_dossiers(world):
    for user in (world.specialist, world.head):
        keys = _keys(menu_for(user))
        assert "onestop-queues" in keys["onestop"]
        assert "onestop-intake" not in keys["onestop"]


def test_the_inspector_gets_inspection_but_not_administration(world):
    keys = _keys(menu_for(world.inspector))
    assert "audit-digests" in keys["oversight"]
    assert "dashboards-province" in keys["oversight"]
    assert "admin" not in keys
    assert "admin:index" not in keys


def test_the_admin_gets_the_administration_link(world):
    keys = _keys(menu_for(world.admin))
    # A dropdown: the staff pages of the common admin tasks, then the Django admin (issue 8 §8).
    assert keys["admin"] == [
        "org-delegation-create",
        "api-tokens",
        "onestop-catalogue-import",
        "admin:index",
    ]
    assert "onestop-intake" in keys["onestop"]


def test_party_staff_see_the_registry_but_no_dossier_queues(world):
    for user in (world.party_office, world.supervisor):
        keys = _keys(menu_for(user))
        assert "org" in keys
        assert "onestop" not in keys


def test_the_current_page_is_marked_in_the_menu(world, login):
    body = login(world.reception).get(reverse("org-agency-list")).content.decode()
    assert 'data-menu="org"' in body
    nav = body.split('class="nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("org-agency-list")}" aria-current="page"' in nav
    assert 'class="nav-item nav-group active"' in nav


def test_the_menu_is_one_button_on_a_phone(db, client):
    body = client.get(reverse("home")).content.decode()
    assert body.count('<details class="menu"') == 1
    assert '<summary class="menu-button"' in body


def test_the_not_found_page_speaks_both_languages_and_leads_home(db, client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert 'lang="en">Page not found.' in body
    assert f'href="{reverse("home")}"' in body


def test_the_forbidden_page_speaks_both_languages_and_leads_home(world, login):
    response = login(world.citizen).get(reverse("org-agency-list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Không có quyền truy cập" in body
    assert "Access denied." in body
    assert 'data-error="403"' in body


def test_a_lone_entry_shows_under_its_short_label(world):
    item = next(i for i in menu_for(world.reception) if i.key == "dashboards-province")
    assert item.label == "Chỉ số"  # not "Service quality (Decision 766)"
