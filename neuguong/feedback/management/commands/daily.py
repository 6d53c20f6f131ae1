"""`neuguong daily`: the once-a-day jobs in one command, for one cron line (docs/feedback.md, "Daily jobs").

The outbox worker (`neuguong worker`) only delivers messages; nothing else in the project runs on a
schedule. So cron runs this once a day, a few minutes after midnight (Vietnam time):

    10 0 * * *  cd /srv/neuguong && .venv/bin/neuguong daily

It runs, in order, each job in its own transaction(s), and carries on when one fails (then exits 1):

- `feedback_remind`: warn each agency of the feedback items due within a working day;
- `reception_reminders`: remind each dialogue's chair before the results fall due;
- `audit digest`: yesterday's audit digest and any missing before it (leave out with --no-digest).

What each job queues goes out through the outbox worker, as everything else does.
"""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from neuguong.feedback.reception.services import dialogue_send_reminders
from neuguong.feedback.services.reminders import items_remind_due


def _moment(value: str) -> dt.datetime:
    moment = parse_datetime(value)
    if moment is None:
        raise CommandError(f"--at: not a date and time: {value!r}")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Run the daily jobs: feedback deadline warnings, dialogue reminders, the audit digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--at", type=_moment, default=None, help="run as of this moment (default: now)"
        )
        parser.add_argument("--no-digest", action="store_true", help="leave out the audit digest")

    def handle(self, *args, at=None, no_digest=False, **options):
        jobs = [
            ("feedback_remind", lambda: self._remind(at)),
            ("reception_reminders", lambda: self._dialogues(at)),
        ]
        if not no_digest:
            jobs.append(("audit digest", self._digest))
        failed = []
        for name, job in jobs:
            try:
                self.stdout.write(f"{name}: {job()}")
            except Exception as exc:  # one job's failure does not stop the others
                failed.append(name)
                self.stderr.write(f"{name}: FAILED {exc.__class__.__name__}: {exc}")
        if failed:
            raise CommandError(f"daily: {len(failed)} job(s) failed: {', '.join(failed)}")

    def _remind(self, at) -> str:
        items, messages = items_remind_due(now=at)
        return f"{items} items due soon, {messages} messages queued"

    def _dialogues(self, at) -> str:
        return f"{dialogue_send_reminders(at=at)} reminder(s) queued"

    def _digest(self) -> str:
        from io import StringIO

        out = StringIO()
        call_command("audit", "digest", stdout=out)
        return out.getvalue().strip()
