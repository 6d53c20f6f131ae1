"""Demo mode (issue 8 §7): debug off with the demo accounts allowed, refused by production checks; the
project's own error pages; one concise log line per refused request; the demo's printout."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from neuguong.core import checks
from neuguong.core.errors import ConciseClientErrors
from neuguong.core.management.commands.demo import aligned


def _neuguong(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NEUGUONG_")}
    environ.update(env)
    environ.setdefault("DATABASE_URL", "sqlite:////tmp/neuguong-demo-mode-check.sqlite3")
    return subprocess.run(
        [sys.executable, "-m", "neuguong.cli", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_demo_mode_is_debug_off_with_the_demo_accounts_allowed():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='neuguong.settings'; "
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DEMO_MODE, s.DEMO_ALLOWED, s.STORAGES['staticfiles']['BACKEND'])"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NEUGUONG_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**environ, "NEUGUONG_DEMO": "1"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Served to this machine: static files without their compressed copies (collectstatic is quick).
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert out.split() == ["False", "True", "True", plain]
    out = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    ).stdout
    compressed = "whitenoise.storage.CompressedStaticFilesStorage"
    assert out.split() == ["False", "False", "False", compressed]


def test_make_demo_serves_in_demo_mode_not_debug():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    demo_recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "NEUGUONG_DEMO=1" in demo_recipe
    assert "NEUGUONG_DEBUG" not in demo_recipe


def test_check_deploy_refuses_demo_mode():
    refused = _neuguong("check", "--deploy", NEUGUONG_DEMO="1")
    assert refused.returncode != 0
    assert checks.DEMO_AT_DEPLOY in refused.stderr
    # Without the flag the demo check is silent (the other deploy warnings are not errors).
    plain = _neuguong("check", "--deploy")
    assert checks.DEMO_AT_DEPLOY not in plain.stderr + plain.stdout


def test_every_command_refuses_demo_mode_on_a_production_server():
    refused = _neuguong(
        "check",
        NEUGUONG_DEMO="1",
        NEUGUONG_REQUIRE_SECRET="1",
        NEUGUONG_SECRET_KEY="a-production-secret-key-of-enough-length-0123456789abcdef",
        NEUGUONG_AUDIT_HMAC_KEY="a-production-audit-key",
    )
    assert refused.returncode != 0
    assert checks.DEMO_IN_PRODUCTION in refused.stderr


@override_settings(DEMO_MODE=True, REQUIRE_SECRET=False)
def test_the_checks_themselves():
    assert [e.id for e in checks.demo_mode_at_deploy()] == [checks.DEMO_AT_DEPLOY]
    assert checks.demo_mode_with_production_secrets() == []
    with override_settings(REQUIRE_SECRET=True):
        assert [e.id for e in checks.demo_mode_with_production_secrets()] == [
            checks.DEMO_IN_PRODUCTION
        ]
    with override_settings(DEMO_MODE=False):
        assert checks.demo_mode_at_deploy() == []


@pytest.mark.django_db
def test_a_mistyped_address_shows_the_projects_own_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body or "Page not found" in body
    assert "URLconf" not in body
    assert "urlpatterns" not in body
    assert "<html" in body.lower()


@pytest.fixture
def console():
    """The root console handler of the project's logging, writing into a buffer."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ConciseClientErrors) for f in h.filters)
    )
    buffer = io.StringIO()
    old = handler.setStream(buffer)  # type: ignore[attr-defined]
    yield buffer
    handler.setStream(old)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_403_logs_one_concise_line_without_traceback(client, console, settings):
    settings.DEBUG = False
    user = get_user_model().objects.create_user("nobody", password="x-password-123")
    client.force_login(user)
    response = client.get("/audit/org/person/1/")
    assert response.status_code == 403
    lines = [line for line in console.getvalue().splitlines() if line.strip()]
    assert lines == ["Forbidden (Permission denied): /audit/org/person/1/"]
    # And only once in debug mode too: Django's own console handler is gone from its logger, whose
    # records reach the console through the root logger alone.
    django_logger = logging.getLogger("django")
    assert django_logger.handlers == []
    assert django_logger.propagate


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.status_code = 500
    assert ConciseClientErrors().filter(record)
    assert record.exc_info is not None
    record.status_code = 403
    assert ConciseClientErrors().filter(record)
    assert record.exc_info is None


def test_the_account_table_aligns_by_display_width():
    decomposed = unicodedata.normalize("NFD", "Ủy viên phụ trách, theo dõi")
    rows = [
        ("party_office", "Cán bộ văn phòng cấp ủy", "Văn phòng Tỉnh ủy"),
        ("supervisor", decomposed, "Ủy viên Ban Thường vụ"),
        ("admin", "Quản trị hệ thống", "toàn tỉnh"),
    ]
    lines = aligned(rows)
    from rich.cells import cell_len

    starts = {cell_len(line.split(row[2])[0]) for line, row in zip(lines, rows, strict=True)}
    assert len(starts) == 1  # the last column starts at the same screen column on every line
    assert all(line.startswith("  ") for line in lines)


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=True)
def test_the_printout_counts_what_the_home_page_shows_and_offers_a_dossier_to_rate(capsys, client):
    from neuguong.org.selectors import registry_counts

    call_command("demo", no_serve=True, dossiers=120)
    out = capsys.readouterr().out
    counts = registry_counts()
    for label, count in counts:
        assert f"{label}: {count}" in out
    assert "not rated yet" in out
    # The admin's home page shows the same figures.
    from django.conf import settings

    assert client.login(username="admin", password=settings.DEMO_PASSWORD)
    body = client.get("/").content.decode()
    for _label, count in counts:
        assert str(count) in body
    # And the sample said to be unrated can be rated.
    from neuguong.onestop.demo import samples
    from neuguong.onestop.models import Dossier
    from neuguong.onestop.services.public import can_rate

    assert can_rate(Dossier.objects.get(code=samples()[0][0]))


def test_the_license_is_an_spdx_string_for_a_setuptools_that_reads_it():
    """A `license = {text = ...}` table made setuptools warn three times per build (issue 8 §7)."""
    import re
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "AGPL-3.0-or-later"  # as publiccode.yml says
    (setuptools,) = [r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    minimum = re.search(r">=\s*(\d+)", setuptools)
    assert minimum is not None
    assert int(minimum.group(1)) >= 77  # PEP 639 license expressions
