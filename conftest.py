"""Shared fixtures: the personas every test speaks of (STYLE.md §6).

A small province: the province unit with two communes (A and B). Commune A has its People's Committee
with a one-stop desk; the province has a department. The personas:
- citizen: a registered citizen, no staff role;
- reception: desk officer at commune A's one-stop desk;
- specialist: civil servant of the provincial department (another agency);
- head: head (chair) of commune A's People's Committee, with a term;
- outsider: specialist at commune B, who must not see commune A's records;
- inspector: inspection committee, reads everything;
- admin: system administrator;
- party_office and supervisor: party-committee staff.
"""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from neuguong.org.constants import AgencyKind, PositionTitle, UnitLevel, UnitType

PASSWORD = "pw-test-12345"


def pytest_configure(config):
    """Compile the translations when a catalogue is newer than its .mo (make test does it too), so a bare
    `pytest` on a fresh clone renders Vietnamese like the app."""
    if shutil.which("msgfmt") is None:
        return
    for po in Path(__file__).parent.glob("neuguong/**/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607


def pytest_collection_modifyitems(config, items):
    is_pg = os.environ.get("DATABASE_URL", "").startswith("postgres")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords and not is_pg:
            item.add_marker(skip_pg)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Vietnamese): a request through LocaleMiddleware
    leaves its language active in the thread, which would otherwise leak into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 is deliberately slow; tests hash dozens of persona passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _seeded_rulebook(request):
    """A transactional test flushes every table at teardown, the rulebook's seed rows included; put them
    back for the next one (the seed is a data migration, which a flush does not re-run)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (
        marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames
    ):
        yield
        return
    import importlib

    from django.apps import apps as global_apps

    from neuguong.core.calendar.clock import calendar_memo
    from neuguong.core.rules.selectors import rule_memo

    request.getfixturevalue("transactional_db")
    importlib.import_module("neuguong.core.rules.migrations.0002_seed_rules").seed(
        global_apps, None
    )
    rule_memo.clear()
    calendar_memo.clear()
    yield


@pytest.fixture
def world(db):
    from neuguong.org.tests import factories as f

    province = f.UnitFactory(
        code="11", name="Tỉnh Điện Biên", level=UnitLevel.PROVINCE, unit_type=UnitType.TINH
    )
    commune_a = f.UnitFactory(
        code="03127", name="Phường Điện Biên Phủ", parent=province, unit_type=UnitType.PHUONG
    )
    commune_b = f.UnitFactory(code="03325", name="Xã Mường Phăng", parent=province)
    provincial_pc = f.AgencyFactory(
        name="Ủy ban nhân dân tỉnh Điện Biên",
        level=UnitLevel.PROVINCE,
        unit=province,
        identifier_code="000.00.00.H18",
    )
    department = f.AgencyFactory(
        name="Sở Nông nghiệp và Môi trường",
        kind=AgencyKind.DEPARTMENT,
        level=UnitLevel.PROVINCE,
        unit=province,
        parent=provincial_pc,
        identifier_code="000.00.10.H18",
    )
    agency_a = f.AgencyFactory(
        name="Ủy ban nhân dân phường Điện Biên Phủ",
        unit=commune_a,
        parent=provincial_pc,
        identifier_code="000.01.01.H18",
    )
    desk_a = f.AgencyFactory(
        name="Bộ phận Một cửa phường Điện Biên Phủ",
        kind=AgencyKind.ONESTOP_DESK,
        unit=commune_a,
        parent=agency_a,
        identifier_code="000.01.02.H18",
    )
    agency_b = f.AgencyFactory(
        name="Ủy ban nhân dân xã Mường Phăng",
        unit=commune_b,
        parent=provincial_pc,
        identifier_code="000.02.01.H18",
    )
    party_a = f.PartyOrgFactory(name="Đảng ủy phường Điện Biên Phủ", unit=commune_a)

    def persona(username, role, **scope):
        user = f.UserFactory(username=username)
        person = f.PersonFactory(full_name=f"Persona {username}", user=user)
        if role:
            f.MembershipFactory(user=user, role=role, **scope)
        user.person_obj = person
        return user

    ns = SimpleNamespace(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        provincial_pc=provincial_pc,
        department=department,
        agency_a=agency_a,
        desk_a=desk_a,
        agency_b=agency_b,
        party_a=party_a,
        password=PASSWORD,
    )
    ns.citizen = persona("citizen", "citizen")
    ns.reception = persona("reception", "reception", agency=desk_a)
    ns.specialist = persona("specialist", "specialist", agency=department)
    ns.head = persona("head", "head", agency=agency_a)
    ns.outsider = persona("outsider", "specialist", agency=agency_b)
    ns.inspector = persona("inspector", "inspector")
    ns.admin = persona("admin", "admin")
    ns.party_office = persona("party_office", "party_office", party_org=party_a)
    ns.supervisor = persona("supervisor", "supervisor", party_org=party_a)
    f.TermFactory(
        person=ns.head.person_obj,
        agency=agency_a,
        title=PositionTitle.HEAD,
        started_on=dt.date(2025, 7, 1),
    )
    return ns


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that persona and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
