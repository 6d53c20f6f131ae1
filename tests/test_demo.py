"""`neuguong demo --no-serve` twice on a fresh database: the second run adds nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from neuguong.core.roles import Role


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=True)
def test_it_is_idempotent_and_creates_an_account_per_role(capsys):
    call_command("demo", no_serve=True, dossiers=40)
    first = _row_counts()
    out = capsys.readouterr().out
    for role in Role:
        assert f"  {role.value} " in out
    call_command("demo", no_serve=True, dossiers=40)
    second = _row_counts()
    # Sessions and audit digests are not demo data; everything else must be unchanged.
    changed = {k: (first[k], second[k]) for k in first if first[k] != second[k]}
    assert changed == {}
    assert first["org.AdministrativeUnit"] >= 46  # the province and its 45 communes and wards
    assert first["org.Agency"] > 100
    # Every demo record went through the services, so the audit log verifies.
    call_command("audit", "verify")


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=False)
def test_it_refuses_demo_accounts_outside_debug():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="NEUGUONG_DEBUG"):
        call_command("demo", no_serve=True, dossiers=0)


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=True)
def test_every_demo_account_logs_in_and_sees_its_home(client, settings):
    from neuguong.demo.accounts import load_accounts
    from neuguong.demo.province import load_province

    load_province()
    load_accounts()
    for role in Role:
        if role == Role.CITIZEN:
            # Citizens sign in only through (the stand-in) VNeID: see the next test.
            assert not client.login(username=role.value, password=settings.DEMO_PASSWORD)
            continue
        assert client.login(username=role.value, password=settings.DEMO_PASSWORD), role
        response = client.get("/")
        assert response.status_code == 200, role
        client.logout()


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=True)
def test_the_demo_citizen_signs_in_through_the_stand_in_vneid(client, settings):
    from neuguong.core.identity.models import CitizenIdentity, DemoResident
    from neuguong.demo.accounts import DEMO_CITIZEN_ID, load_accounts
    from neuguong.demo.province import load_province

    load_province()
    rows = load_accounts()
    citizen = next(row for row in rows if row[0] == Role.CITIZEN.value)
    assert DEMO_CITIZEN_ID in citizen[2]  # the table prints the ID number to type at the stand-in
    resident = DemoResident.objects.get(id_number=DEMO_CITIZEN_ID)
    identity = CitizenIdentity.objects.get(id_number=DEMO_CITIZEN_ID)
    assert identity.user.username == Role.CITIZEN.value
    assert resident.subject == identity.subject
    # The password login says where citizens sign in.
    page = client.post(
        "/login/", {"username": "citizen", "password": settings.DEMO_PASSWORD}
    ).content.decode()
    assert "Đăng nhập bằng VNeID" in page
    assert "data-vneid-sign-in" in page


@pytest.mark.django_db
def test_init_loads_a_province_by_name_without_diacritics(capsys):
    from neuguong.org.models import AdministrativeUnit

    call_command("init", province="dien bien")
    assert AdministrativeUnit.objects.filter(level="commune", province_code="11").count() == 45
    with pytest.raises(Exception, match="Unknown province"):
        call_command("init", province="Atlantis")
