"""`neuguong audit verify [--since DATE]` and `neuguong audit digest [--date DATE]`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from neuguong.core.audit.services import DIGEST_TZ, digest_create
from neuguong.core.audit.verify import verify
from neuguong.core.errors import DomainError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Check the tamper-evident audit log, or compute the daily digest."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        v = sub.add_parser("verify", help="recompute every hash chain and compare audited records")
        v.add_argument("--since", type=_date, help="only chains with events on or after this day")
        d = sub.add_parser(
            "digest", help="compute and store the digest of a day (default: yesterday)"
        )
        d.add_argument("--date", type=_date, help="the day (YYYY-MM-DD, Vietnam time)")

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            return self._verify(options.get("since"))
        return self._digest(options.get("date"))

    def _verify(self, since):
        report = verify(since)
        summary = (
            f"{report.events} events in {report.chains} chains, {report.records} audited records, "
            f"{report.digests} digests checked in {report.seconds:.2f}s"
        )
        if report.ok:
            self.stdout.write(f"OK: {summary}")
            return
        for line in report.problems:
            self.stdout.write(f"BROKEN {line}")
        self.stdout.write(f"{len(report.problems)} problem(s): {summary}")
        raise CommandError("audit log verification failed", returncode=2)

    def _digest(self, day):
        if day is None:
            day = timezone.now().astimezone(DIGEST_TZ).date() - dt.timedelta(days=1)
        try:
            digest = digest_create(day)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{digest.day} root={digest.root_hash} chains={digest.chains} events={digest.events} "
            f"prev={digest.prev_hash or '-'} hash={digest.hash}"
        )
