import time
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from rich.cells import cell_len

DEMO_REFUSED = (
    "The demo needs demo mode: NEUGUONG_DEMO=1 (`make demo` sets it; NEUGUONG_DEBUG=1 in development "
    "also allows it). Bản demo cần bật chế độ demo: NEUGUONG_DEMO=1."
)


def aligned(rows: Sequence[Sequence[str]], indent: str = "  ", gap: str = "  ") -> list[str]:
    """Rows as lines whose columns line up on the console: padded by display width (rich's cell
    length, so a Vietnamese label with its diacritics, composed or not, counts what it shows), each
    column as wide as its widest cell; the last column is not padded."""
    if not rows:
        return []
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(row[:-1])]
        lines.append((indent + gap.join([*cells, row[-1]])).rstrip())
    return lines


class Command(BaseCommand):
    help = "Load the demo province (Điện Biên), print the demo accounts, and serve (unless --no-serve)."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load and exit")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--dossiers", type=int, default=20000, help="Demo dossiers to generate")

    def handle(self, *args, no_serve, port, host, dossiers, **options):
        from neuguong.demo import load_demo
        from neuguong.org.selectors import registry_counts

        if not settings.DEMO_ALLOWED:
            raise CommandError(DEMO_REFUSED)
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        try:
            report = load_demo(stdout=self.stdout, dossiers=dossiers)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo loaded in {time.monotonic() - started:.0f} s."))
        # The figures the home pages show, from the same selector, once the accounts exist.
        counts = ", ".join(f"{label}: {count}" for label, count in registry_counts())
        self.stdout.write(f"Registry / Danh mục: {counts}")
        self.stdout.write("")
        self.stdout.write(
            f"Demo accounts / Tài khoản demo (password / mật khẩu: {settings.DEMO_PASSWORD}):"
        )
        for line in aligned([tuple(row) for row in report["accounts"]]):
            self.stdout.write(line)
        if report.get("samples"):
            from neuguong.onestop.demo import sample_note

            self.stdout.write("")
            self.stdout.write(
                "Sample dossiers to track / Hồ sơ mẫu để tra cứu (code + last 4 digits):"
            )
            rows = [(code, digits, sample_note(code)) for code, digits in report["samples"]]
            for line in aligned(rows):
                self.stdout.write(line)
        if not no_serve:
            self.stdout.write("")
            call_command("serve", host=host, port=port, workers=2)
