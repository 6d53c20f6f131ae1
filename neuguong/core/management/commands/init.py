from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from neuguong.demo.units import UnknownProvince, find_province, load_units


class Command(BaseCommand):
    help = "Set up the database (migrate) and load a province's commune-level units from vietnam-provinces."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", default="Điện Biên", help="Province name or number (default: Điện Biên)"
        )

    def handle(self, *args, province, **options):
        try:
            found = find_province(province)
        except UnknownProvince as exc:
            raise CommandError(f"Unknown province / Không tìm thấy tỉnh: {province!r}") from exc
        call_command("migrate", interactive=False, verbosity=0)
        root, communes = load_units(found)
        self.stdout.write(f"{root.name}: {len(communes)} commune-level units loaded.")
