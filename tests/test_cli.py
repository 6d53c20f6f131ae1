"""The `neuguong` command on a database that was never migrated, and gunicorn's command line."""

import os
import subprocess
import sys

import pytest
from django.db import DatabaseError

from neuguong import cli
from neuguong.core.management.commands.serve import gunicorn_argv

COMMANDS_NEEDING_TABLES = [
    ["calendar", "due", "--from", "2026-04-24T14:00:00+07:00", "--working-days", "2"],
    ["token", "list"],
]


@pytest.mark.parametrize("command", COMMANDS_NEEDING_TABLES, ids=lambda c: c[0])
def test_it_says_to_run_init_on_a_database_never_migrated(tmp_path, command):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "neuguong", *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    # In the site's language (Vietnamese), and in English.
    assert "hãy chạy `neuguong init` trước" in done.stderr
    assert "run `neuguong init` first" in done.stderr


def test_it_lets_other_database_errors_through_on_a_migrated_database(db, monkeypatch):
    def failing(argv):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr("django.core.management.execute_from_command_line", failing)
    assert cli.database_needs_migrating() is False
    with pytest.raises(DatabaseError, match="disk I/O"):
        cli.main(["calendar", "due"])


def test_serve_does_not_watch_files_in_debug_mode(settings):
    settings.DEBUG = True
    argv = gunicorn_argv(host="127.0.0.1", port=8000, workers=2)
    assert "--reload" not in argv
    assert argv[:2] == ["gunicorn", "neuguong.wsgi:application"]
