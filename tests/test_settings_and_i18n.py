import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env):
    return subprocess.run(
        [sys.executable, "-c", "import neuguong.settings"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("NEUGUONG_DEBUG", "maybe"), ("DATABASE_URL", "mysql://x/y")],
)
def test_it_fails_loudly_on_bad_settings(name, value):
    result = _import_settings(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_it_accepts_a_postgres_url():
    result = _import_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_every_vietnamese_catalogue_is_complete():
    catalogues = sorted(ROOT.glob("neuguong/**/locale/vi/LC_MESSAGES/django.po"))
    assert catalogues, "no Vietnamese catalogue found"
    for po in catalogues:
        result = subprocess.run(
            ["msgfmt", "-c", "--statistics", "-o", os.devnull, str(po)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
        assert result.returncode == 0, f"{po}: {result.stderr}"
        assert "untranslated" not in result.stderr, f"{po}: {result.stderr.strip()}"
        assert "fuzzy" not in result.stderr, f"{po}: {result.stderr.strip()}"


def test_the_production_configuration_passes_check_deploy(tmp_path):
    env = {
        **os.environ,
        "NEUGUONG_DEBUG": "0",
        "NEUGUONG_SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "NEUGUONG_ALLOWED_HOSTS": "dichvucong.example.vn",
        "NEUGUONG_HTTPS": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "neuguong",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
