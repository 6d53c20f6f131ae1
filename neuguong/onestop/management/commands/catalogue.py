"""`neuguong catalogue import FILE` / `neuguong catalogue export FILE` / `neuguong catalogue demo`."""

from django.core.management.base import BaseCommand, CommandError

from neuguong.onestop.catalogue import load_demo_catalogue
from neuguong.onestop.catalogue_files import catalogue_export, catalogue_import


class Command(BaseCommand):
    help = "Import or export the procedure catalogue (.xlsx or .csv), or load the demo catalogue."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a catalogue file; prints the row-level report.")
        imp.add_argument("file")
        imp.add_argument("--format", choices=["csv", "xlsx"], default=None)
        exp = sub.add_parser("export", help="Export the whole catalogue.")
        exp.add_argument("file")
        exp.add_argument("--format", choices=["csv", "xlsx"], default=None)
        sub.add_parser("demo", help="Load the demo catalogue (needs the demo province).")

    def handle(self, *args, action, **options):
        if action == "demo":
            load_demo_catalogue(stdout=self.stdout)
            return
        try:
            if action == "export":
                count = catalogue_export(options["file"], fmt=options["format"])
                self.stdout.write(f"Exported {count} procedures to {options['file']}.")
                return
            report = catalogue_import(options["file"], fmt=options["format"], actor="system:cli")
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.as_text())
        if not report.ok:
            raise CommandError(
                f"{len(report.errors)} rows had errors; the other rows were imported."
            )
