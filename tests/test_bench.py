"""Smoke test of `neuguong bench` (marked bench: `make test` runs it once, in the PostgreSQL pass)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.bench


@pytest.mark.django_db
def test_it_prints_each_figure_beside_its_limit(capsys):
    call_command("bench", only="calendar")
    out = capsys.readouterr().out
    assert "calendar: add_working_hours" in out
    assert "datetime + timedelta" in out
    assert "×" in out


@pytest.mark.django_db
def test_it_refuses_an_unknown_benchmark():
    with pytest.raises(CommandError, match="No benchmark"):
        call_command("bench", only="no-such-benchmark")
