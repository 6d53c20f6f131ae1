"""`neuguong audit verify [--since DATE] [--processes N]` and
`neuguong audit digest [--date DATE | --through DATE]`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from neuguong.core.audit.services import DIGEST_TZ, digest_create, digest_publish_through
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
        v.add_argument(
            "--processes", type=int, default=2, help="processes sharing the work (default 2)"
        )
        d = sub.add_parser(
            "digest",
            help="compute and store the digest of a day and any missing before it "
            "(default: yesterday)",
        )
        when = d.add_mutually_exclusive_group()
        when.add_argument("--date", type=_date, help="the day (YYYY-MM-DD, Vietnam time)")
        when.add_argument(
            "--through",
            type=_date,
            help="publish every missing digest up to this day and print how many",
        )

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            return self._verify(options.get("since"), options["processes"])
        if options.get("through"):
            return self._through(options["through"])
        return self._digest(options.get("date"))

    def _verify(self, since, processes):
        report = verify(since, processes=max(1, processes))
        summary = (
            f"{report.events} events in {report.chains} chains, {report.records} audited records, "
            f"{report.digests} digests checked in {report.seconds:.2f}s "
            f"({report.processes} process{'es' if report.processes > 1 else ''})"
        )
        if report.ok:
            self.stdout.write(f"OK: {summary}")
            return
        for line in report.problems:
            self.stdout.write(f"BROKEN {line}")
        self.stdout.write(f"{len(report.problems)} problem(s): {summary}")
        raise CommandError("audit log verification failed", returncode=2)

    def _through(self, day):
        try:
            created = digest_publish_through(day)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{created} digest(s) published through {day}")

    def _digest(self, day):
        if day is None:
            day = timezone.now().astimezone(DIGEST_TZ).date() - dt.timedelta(days=1)
        try:
            digest = digest_create(day)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{digest.day} v{digest.hash_version} root={digest.root_hash} chains={digest.chains} "
            f"events={digest.events} prev={digest.prev_hash or '-'} hash={digest.hash}"
        )
