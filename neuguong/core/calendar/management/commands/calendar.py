"""`neuguong calendar due ...` computes a due moment; `neuguong calendar show YEAR` lists days off and make-up days."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from neuguong.core.calendar import clock

MIN_YEAR, MAX_YEAR = 1990, 2100


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("--from must be an ISO datetime such as 2026-04-24T14:00:00+07:00, not %r") % text
        ) from exc
    if moment.tzinfo is None:
        raise CommandError(
            _("--from needs a UTC offset (e.g. +07:00); %r is a naive datetime") % text
        )
    return moment


def _cutoff(text: str | None) -> dt.time | None:
    if text is None:
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("--cutoff must be a time HH:MM, not %r") % text) from exc


class Command(BaseCommand):
    help = "Working-day calendar: compute a due moment, or list a year's days off and make-up working days."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        due = sub.add_parser(
            "due", help="Print the due moment of N working days or hours from a moment."
        )
        due.add_argument("--from", dest="start", required=True, help="ISO datetime with offset")
        amount = due.add_mutually_exclusive_group(required=True)
        amount.add_argument("--working-days", dest="days", help="whole working days (N ≥ 0)")
        amount.add_argument(
            "--working-hours", dest="hours", help="working hours (H ≥ 0, decimals allowed)"
        )
        due.add_argument(
            "--cutoff", help="cut-off time HH:MM: received later counts from the next working day"
        )
        show = sub.add_parser(
            "show", help="List a year's days off and make-up working days with their source."
        )
        show.add_argument("year", help="the year, e.g. 2026")

    def handle(self, *args, **options):
        if options["subcommand"] == "due":
            self._due(options)
        else:
            self._show(options["year"])

    def _due(self, options):
        start = _moment(options["start"])
        cutoff = _cutoff(options["cutoff"])
        if options["days"] is not None:
            try:
                days = int(options["days"])
            except ValueError as exc:
                raise CommandError(
                    _("--working-days must be a whole number, not %r") % options["days"]
                ) from exc
            if days < 0:
                raise CommandError(_("--working-days must be zero or more, not %d") % days)
            due = clock.add_working_days(start, days, cutoff=cutoff)
        else:
            try:
                hours = Decimal(options["hours"])
            except InvalidOperation as exc:
                raise CommandError(
                    _("--working-hours must be a number, not %r") % options["hours"]
                ) from exc
            if not hours.is_finite() or hours < 0:
                raise CommandError(
                    _("--working-hours must be zero or more, not %s") % options["hours"]
                )
            due = clock.add_working_hours(start, hours, cutoff=cutoff)
        self.stdout.write(due.isoformat())

    def _show(self, text: str):
        try:
            year = int(text)
        except ValueError as exc:
            raise CommandError(_("YEAR must be a year such as 2026, not %r") % text) from exc
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(
                _("YEAR must be between %(min)d and %(max)d") % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        self.stdout.write(_("Days off in %d") % year)
        for day, name, source in clock.days_off(year):
            self.stdout.write(f"  {day.isoformat()}  {day:%a}  {name}  [{source}]")
        self.stdout.write(_("Make-up working days in %d") % year)
        rows = clock.makeup_days(year)
        for day, name, source in rows:
            self.stdout.write(f"  {day.isoformat()}  {day:%a}  {name}  [{source}]")
        if not rows:
            self.stdout.write("  " + _("none"))
