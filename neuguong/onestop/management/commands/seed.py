"""`neuguong seed --dossiers N [--years Y] [--seed S]`: bulk history for the demo and for scale.

See docs/seed.md: what is generated, how it stays identical to what the services write, how an
interrupted run continues, and the figures measured.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError

SEEDED = _(
    "Seeded %(dossiers)s dossiers (%(rows)s rows) in %(seconds).1f s, %(rate).0f dossiers/s, "
    "%(workers)s worker process(es); %(digests)s audit digest(s) published."
)
BAD_ARGUMENTS = _("--dossiers must be 0 or more and --years more than 0.")


class Command(BaseCommand):
    help = "Generate N dossiers of history in bulk (the demo's dossiers, or a province's year)."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, required=True, help="dossiers to write")
        parser.add_argument(
            "--years", type=float, default=1, help="the period ending yesterday (default 1)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="generating processes (default: one per core for big runs, none for small)",
        )
        parser.add_argument("--batch", type=int, default=None, help="dossiers per transaction")

    def handle(self, *args, dossiers, years, seed, workers, batch, **options):
        from neuguong.onestop.seed import AlreadyDone
        from neuguong.onestop.seed import seed as run_seed
        from neuguong.onestop.seed.run import BATCH

        if dossiers < 0 or years <= 0:
            raise CommandError(str(BAD_ARGUMENTS))
        try:
            report = run_seed(
                dossiers=dossiers,
                years=years,
                seed=seed,
                workers=workers,
                batch=batch or BATCH,
                stdout=self.stdout,
            )
        except AlreadyDone as exc:
            self.stdout.write(str(exc))
            return
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                str(SEEDED)
                % {
                    "dossiers": report.dossiers,
                    "rows": report.rows,
                    "seconds": report.seconds,
                    "rate": report.rate,
                    "workers": report.workers,
                    "digests": report.digests,
                }
            )
        )
