from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_due_moment_of_the_acceptance_example():
    output = run("due", "--from", "2026-04-24T14:00:00+07:00", "--working-days", "2")
    assert output.strip() == "2026-04-29T14:00:00+07:00"


def test_it_applies_hours_and_the_cutoff():
    output = run(
        "due", "--from", "2026-04-24T16:00:00+07:00", "--working-hours", "1.5", "--cutoff", "15:00"
    )
    assert output.strip() == "2026-04-28T09:00:00+07:00"


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--from", "2026-04-24T14:00:00", "--working-days", "2"),  # naive
        ("due", "--from", "2026-02-30T14:00:00+07:00", "--working-days", "2"),  # no such date
        ("due", "--from", "2026-04-24T14:00:00+07:00", "--working-days", "-1"),
        ("due", "--from", "2026-04-24T14:00:00+07:00", "--working-days", "two"),
        ("due", "--from", "2026-04-24T14:00:00+07:00", "--working-hours", "-3"),
        ("due", "--from", "2026-04-24T14:00:00+07:00", "--working-days", "1", "--cutoff", "25:00"),
        ("show", "year"),
        ("show", "3000"),
    ],
)
def test_it_refuses_bad_input_with_an_error(args):
    with pytest.raises(CommandError):
        run(*args)


def test_it_shows_days_off_and_make_up_days_with_their_source():
    output = run("show", "2026")
    assert "2026-04-27" in output
    assert "2026-08-31" in output
    assert "2026-08-22" in output
    assert "holidays " in output
