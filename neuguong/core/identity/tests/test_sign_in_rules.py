"""The sign-in's rules without a server: demo mode only for the stand-in, the claims a sign-in needs,
the account an identity attaches to, the demo's residents."""

import pytest
from django.core.exceptions import SuspiciousOperation

from neuguong.core.audit.models import AuditEvent
from neuguong.core.identity.claims import identity_claims
from neuguong.core.identity.config import DEMO_PROVIDER
from neuguong.core.identity.models import CitizenIdentity, DemoResident
from neuguong.core.identity.services import citizen_sign_in
from neuguong.core.roles import Role
from neuguong.org.access import user_roles

pytestmark = pytest.mark.django_db

CLAIMS = {
    "sub": "abc",
    "citizen_id": "0111 9000 1234",
    "name": "Lò Thị Mai",
    "email": "reception@example.vn",
    "phone_number": "0912 345 678",
    "birthdate": "1990-05-01",
}


@pytest.mark.parametrize(
    "url",
    ["/vneid-demo/login/", "/vneid-demo/authorize/", "/oidc/authenticate/", "/oidc/callback/"],
)
def test_outside_demo_mode_without_a_provider_there_is_no_citizen_sign_in(client, settings, url):
    settings.DEMO_ALLOWED = False
    assert client.get(url).status_code == 404


def test_the_login_page_offers_vneid_in_demo_mode_only(client, settings):
    settings.DEMO_ALLOWED = True
    page = client.get("/login/").content.decode()
    assert "data-vneid-sign-in" in page
    assert "Đăng nhập bằng VNeID" in page
    settings.DEMO_ALLOWED = False
    assert "data-vneid-sign-in" not in client.get("/login/").content.decode()


def test_a_configured_provider_is_used_even_in_demo_mode(client, settings):
    settings.DEMO_ALLOWED = True
    settings.OIDC_ISSUER = "https://vneid.example.gov.vn"
    settings.OIDC_RP_CLIENT_ID = "portal"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://vneid.example.gov.vn/authorize"
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://vneid.example.gov.vn/authorize?")
    assert "code_challenge=" in location  # PKCE
    assert "nonce=" in location


def test_the_claims_give_a_clean_identity():
    claims = identity_claims(CLAIMS)
    assert claims.id_number == "011190001234"
    assert claims.phone == "0912345678"
    assert claims.birth_date.isoformat() == "1990-05-01"


@pytest.mark.parametrize("missing", ["sub", "citizen_id", "name"])
def test_a_sign_in_without_subject_id_number_or_name_is_refused(missing):
    with pytest.raises(SuspiciousOperation):
        identity_claims({k: v for k, v in CLAIMS.items() if k != missing})


def test_an_id_number_that_is_not_12_digits_is_refused():
    with pytest.raises(SuspiciousOperation):
        identity_claims({**CLAIMS, "citizen_id": "01119000123"})


def test_an_identity_never_takes_over_an_account_by_its_email(world):
    world.reception.email = "reception@example.vn"
    world.reception.save()
    user = citizen_sign_in(provider="p", claims=identity_claims(CLAIMS))
    assert user != world.reception
    assert user_roles(user) == {Role.CITIZEN}
    assert Role.CITIZEN not in user_roles(world.reception)


def test_the_same_subject_signs_in_to_the_same_account_and_is_audited(world):
    first = citizen_sign_in(provider="p", claims=identity_claims(CLAIMS))
    again = citizen_sign_in(
        provider="p", claims=identity_claims({**CLAIMS, "name": "Lò Thị Mai B"})
    )
    assert first == again
    identity = CitizenIdentity.objects.get()
    assert identity.full_name == "Lò Thị Mai B"
    events = AuditEvent.objects.filter(action="identity.citizen.signed_in")
    assert events.count() == 2
    assert "011190001234" not in str(list(events.values_list("data", "state")))


def test_a_new_issuer_finds_the_account_by_the_id_number(world):
    first = citizen_sign_in(provider="old", claims=identity_claims(CLAIMS))
    moved = citizen_sign_in(provider="new", claims=identity_claims({**CLAIMS, "sub": "xyz"}))
    assert first == moved
    assert CitizenIdentity.objects.get().provider == "new"


def test_a_known_subject_with_another_id_number_is_refused(world):
    citizen_sign_in(provider="p", claims=identity_claims(CLAIMS))
    with pytest.raises(SuspiciousOperation):
        citizen_sign_in(
            provider="p", claims=identity_claims({**CLAIMS, "citizen_id": "011190009999"})
        )


def test_the_demo_loads_its_residents_once_with_the_demo_citizen_linked(world, settings):
    from oauth2_provider.models import Application

    from neuguong.core.identity.demo import RESIDENTS, load_demo_identities

    settings.DEMO_ALLOWED = True
    rows = load_demo_identities(world.citizen)
    load_demo_identities(world.citizen)
    assert len(rows) == len(RESIDENTS)
    assert DemoResident.objects.count() == len(RESIDENTS)
    identity = CitizenIdentity.objects.get(user=world.citizen)
    assert identity.provider == DEMO_PROVIDER
    assert DemoResident.objects.get(user=world.citizen).subject == identity.subject
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(
        action="identity.citizen.linked", object_id=str(identity.pk)
    ).exists()


def test_every_process_gets_the_one_signing_key_kept_in_the_database(monkeypatch):
    from oauth2_provider.settings import oauth2_settings

    from neuguong.core.identity.demo_provider import ensure_signing_key
    from neuguong.core.identity.models import DemoSigningKey

    def fresh_process():
        monkeypatch.setitem(oauth2_settings.user_settings, "OIDC_RSA_PRIVATE_KEY", "")
        monkeypatch.setattr(oauth2_settings, "OIDC_RSA_PRIVATE_KEY", "", raising=False)
        ensure_signing_key()
        return oauth2_settings.OIDC_RSA_PRIVATE_KEY

    first, second = fresh_process(), fresh_process()
    assert first.startswith("-----BEGIN PRIVATE KEY-----")
    assert first == second == DemoSigningKey.objects.get().pem


def test_the_demo_prints_the_id_number_the_demo_citizen_signs_in_with():
    from neuguong.core.identity.demo import RESIDENTS
    from neuguong.demo.accounts import DEMO_CITIZEN_ID

    assert RESIDENTS[0][1] == DEMO_CITIZEN_ID
