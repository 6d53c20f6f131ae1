"""The citizen's sign-in end to end against the live server: the portal (relying party) sends the
browser to the stand-in provider, which signs the resident in on its own page; the code comes back
to the portal, which redeems it over HTTP (token), checks the ID token against the provider's keys,
reads the userinfo, and signs the citizen in with an identity made from the claims."""

import datetime as dt
import re

import pytest
import requests
from django.conf import settings
from oauth2_provider.models import AccessToken, Grant, IDToken

from neuguong.core.identity.config import DEMO_PROVIDER
from neuguong.core.identity.demo_provider import RESIDENT_SESSION_KEY, create_demo_resident
from neuguong.core.identity.models import CitizenIdentity
from neuguong.core.roles import Role
from neuguong.org.access import user_roles

ID_NUMBER = "011190001234"


@pytest.fixture
def demo(settings):
    settings.DEMO_ALLOWED = True


@pytest.fixture
def resident(transactional_db):
    return create_demo_resident(
        subject="r-mai",
        id_number=ID_NUMBER,
        full_name="Lò Thị Mai",
        phone="0912345678",
        email="mai@example.vn",
        birth_date=dt.date(1990, 5, 1),
    )


def _form(html: str) -> dict:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    nxt = re.search(r'name="next" value="([^"]*)"', html).group(1).replace("&amp;", "&")
    return {"csrfmiddlewaretoken": token, "next": nxt}


def sign_in(base: str, id_number: str, password: str) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    page = browser.get(f"{base}/oidc/authenticate/?next=/onestop/mine/", timeout=30)
    assert page.status_code == 200, page.text[:500]
    assert "/vneid-demo/login/" in page.url
    assert "VNeID mô phỏng" in page.text  # labelled as the stand-in
    done = browser.post(
        page.url,
        data={**_form(page.text), "id_number": id_number, "password": password},
        timeout=30,
    )
    return browser, done


def test_it_signs_a_citizen_in_through_the_code_flow(live_server, demo, resident):
    browser, done = sign_in(live_server.url, ID_NUMBER, settings.DEMO_PASSWORD)

    assert done.status_code == 200, done.text[:800]
    assert done.url == f"{live_server.url}/onestop/mine/"
    hops = [r.url for r in done.history]
    assert any("/vneid-demo/authorize/" in u for u in hops)
    assert any("/oidc/callback/?" in u and "code=" in u for u in hops)
    # The code flow really ran: a grant was issued and redeemed, an access token and ID token made.
    assert Grant.objects.count() == 0  # redeemed codes are deleted
    assert AccessToken.objects.filter(user=resident.user).count() == 1
    assert IDToken.objects.filter(user=resident.user).count() == 1

    identity = CitizenIdentity.objects.get(id_number=ID_NUMBER)
    assert identity.provider == DEMO_PROVIDER
    assert identity.subject == "r-mai"
    assert identity.full_name == "Lò Thị Mai"
    assert identity.phone == "0912345678"
    assert identity.email == "mai@example.vn"
    assert identity.birth_date == dt.date(1990, 5, 1)
    assert identity.last_login_at is not None
    # The portal account is the portal's own, made for the identity: not the provider's user.
    citizen = identity.user
    assert citizen != resident.user
    assert not citizen.has_usable_password()
    assert ID_NUMBER not in citizen.username
    assert user_roles(citizen) == {Role.CITIZEN}
    assert citizen.get_full_name() == "Lò Thị Mai"
    # Signed in to the portal: its own pages answer, and a second visit signs the same account in.
    assert (
        browser.get(
            f"{live_server.url}/onestop/mine/", timeout=30, allow_redirects=False
        ).status_code
        == 200
    )
    again = browser.get(f"{live_server.url}/oidc/authenticate/?next=/onestop/mine/", timeout=30)
    assert again.url == f"{live_server.url}/onestop/mine/"
    assert CitizenIdentity.objects.count() == 1


def test_the_provider_does_not_sign_anyone_in_to_the_portal_by_itself(live_server, demo, resident):
    """The stand-in remembers its resident under its own session key; the portal's session stays
    anonymous until the code flow completes."""
    browser = requests.Session()
    login = browser.get(f"{live_server.url}/vneid-demo/login/", timeout=30)
    browser.post(
        login.url,
        data={**_form(login.text), "id_number": ID_NUMBER, "password": settings.DEMO_PASSWORD},
        timeout=30,
    )
    mine = browser.get(f"{live_server.url}/onestop/mine/", timeout=30, allow_redirects=False)
    assert mine.status_code == 302
    assert "/login/" in mine.headers["Location"]
    assert not CitizenIdentity.objects.exists()
    assert RESIDENT_SESSION_KEY  # the key the provider keeps its resident under


def test_a_wrong_demo_password_signs_no_one_in(live_server, demo, resident):
    _browser, done = sign_in(live_server.url, ID_NUMBER, "not-the-password")
    assert done.status_code == 400
    assert "/vneid-demo/login/" in done.url
    assert not CitizenIdentity.objects.exists()
    assert not AccessToken.objects.exists()


def test_a_callback_with_a_forged_state_signs_no_one_in(live_server, demo, resident):
    browser = requests.Session()
    browser.get(f"{live_server.url}/oidc/authenticate/", timeout=30)
    forged = browser.get(
        f"{live_server.url}/oidc/callback/?code=abc&state=forged", timeout=30, allow_redirects=False
    )
    assert forged.status_code in (400, 302)
    assert not CitizenIdentity.objects.exists()


def test_a_dossier_filed_under_the_id_number_becomes_the_citizens(live_server, demo, resident):
    from neuguong.onestop.tests.factories import DossierFactory

    dossier = DossierFactory(applicant_id_number=ID_NUMBER, applicant_user=None)
    other = DossierFactory(applicant_id_number="011190009999", applicant_user=None)
    _browser, done = sign_in(live_server.url, ID_NUMBER, settings.DEMO_PASSWORD)
    assert done.status_code == 200
    citizen = CitizenIdentity.objects.get().user
    dossier.refresh_from_db()
    other.refresh_from_db()
    assert dossier.applicant_user == citizen
    assert other.applicant_user is None
    assert dossier.code in done.text
