"""Shared fixtures: the personas every test speaks of (STYLE.md §6).

A small province: the province unit with two communes (A and B). Commune A has its People's Committee
with a one-stop desk; the province has a department. The personas:
- citizen: a registered citizen, no staff role;
- reception: desk officer at commune A's one-stop desk;
- specialist: civil servant of the provincial department (another agency);
- head: head (chair) of commune A's People's Committee, with a term;
- colleague: specialist at commune A's People's Committee, the head's own agency;
- outsider: specialist at commune B, who must not see commune A's records;
- inspector: inspection committee, reads everything;
- admin: system administrator;
- party_office and supervisor: party-committee staff.

`world` builds them for each test. `module_world` builds the same rows once per test module (inside a
transaction rolled back when the module ends) and hands each test its own copies of the objects: use it
in modules whose tests only read or add to the world, never in a transactional test.
"""

import copy
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import django
import pytest

from neuguong.org.constants import AgencyKind, PositionTitle, UnitLevel, UnitType

PASSWORD = "pw-test-12345"


def _compile_catalogues() -> None:
    """Compile each catalogue newer than its .mo (make test does it too), so that a bare `pytest` on a
    fresh clone renders Vietnamese like the app. Written to a temporary file and renamed, so that a test run
    beside this one never reads half a catalogue."""
    if shutil.which("msgfmt") is None:
        raise pytest.UsageError(
            "gettext's msgfmt is needed to compile the translations (apt install gettext)"
        )
    for po in Path(__file__).parent.glob("neuguong/**/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        os.close(fd)
        try:
            subprocess.run(["msgfmt", "-o", tmp, str(po)], check=True)  # noqa: S603, S607
            os.replace(tmp, mo)
        finally:
            Path(tmp).unlink(missing_ok=True)


# Django reads the active language's catalogue while it sets up (a model's verbose name is translated) and
# keeps it for the process, so the catalogues are compiled first. That is why the settings module is named
# here and not in pytest's ini options: pytest-django would set Django up from there before loading any
# conftest. This conftest is the first one pytest imports, before those of the apps (which import models).
_compile_catalogues()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
# Files the tests store (uploads, the demo replay's sample documents) go to a temporary directory,
# not to the working copy's media/.
os.environ.setdefault("NEUGUONG_MEDIA_ROOT", tempfile.mkdtemp(prefix="neuguong-test-media-"))
django.setup()


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


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords():
    # PBKDF2 is deliberately slow; tests hash dozens of persona passwords. For the whole session, so that
    # the module-scoped world is built with it too.
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _rulebook_survives_flushes():
    """A transactional test ends with a flush, which empties every table, the rulebook's seed rows included,
    and the seed is a data migration, which a flush does not re-run. The flush sends post_migrate, as
    migrate does: put the seed back then (the rulebook's memo is dropped on post_migrate by the app)."""
    import importlib

    from django.apps import apps as global_apps
    from django.db.models.signals import post_migrate

    seed = importlib.import_module("neuguong.core.rules.migrations.0002_seed_rules").seed
    # Later data migrations that version the core seed's rows (they end a row and add the next).
    later = [
        importlib.import_module("neuguong.feedback.reception.migrations.0002_rules").forwards,
        # The dashboards' own rows (the Decision 766 items and the league-table rules).
        importlib.import_module("neuguong.dashboards.migrations.0001_seed_766_rules").seed,
        # 1.1's notice period (and the notes of 1.1 and 3.5, after 0001's).
        importlib.import_module("neuguong.dashboards.migrations.0003_announcement_lead_days").seed,
        # Feedback's rulebook rows (complaints, denunciations) and its seven categories, which the reception
        # pages offer for each matter raised: a flush empties them too.
        importlib.import_module(
            "neuguong.feedback.migrations.0003_complaint_denunciation_rules"
        ).seed,
        importlib.import_module("neuguong.feedback.migrations.0002_seed_categories").seed,
    ]

    def reseed(sender, apps=global_apps, **kwargs):
        seed(apps, None)
        for forwards in later:
            forwards(apps, None)

    rules = global_apps.get_app_config("rules")
    post_migrate.connect(reseed, sender=rules, weak=False, dispatch_uid="tests_reseed_rules")
    yield
    post_migrate.disconnect(sender=rules, dispatch_uid="tests_reseed_rules")


def _build_world() -> SimpleNamespace:
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
    ns.colleague = persona("specialist_a", "specialist", agency=agency_a)
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
def world(db):
    return _build_world()


@pytest.fixture(scope="module")
def _module_world_rows(django_db_setup, django_db_blocker):
    """The world's rows, written once for the module in a transaction that the module's end rolls back.

    Each test's own transaction is a savepoint inside it, as in a Django TestCase with setUpTestData."""
    from django.db import transaction

    with django_db_blocker.unblock():
        block = transaction.atomic()
        # Marked as Django's TestCase marks its own blocks, so that durable blocks still open inside it.
        block._from_testcase = True
        block.__enter__()
        try:
            ns = _build_world()
        except BaseException:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            raise
    yield ns
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


@pytest.fixture
def module_world(request, db, _module_world_rows):
    """`world`, built once per module; each test gets deep copies of the objects, so nothing that a test
    sets on an instance reaches the next (the rows are rolled back to the module's state by the test's
    own savepoint)."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        raise pytest.UsageError("module_world cannot serve a transactional test; use world")
    return copy.deepcopy(_module_world_rows)


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that persona and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
