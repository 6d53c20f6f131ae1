import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demo province (Điện Biên), print the demo accounts, and serve (unless --no-serve)."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load and exit")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--dossiers", type=int, default=20000, help="Demo dossiers to generate")

    def handle(self, *args, no_serve, port, host, dossiers, **options):
        from neuguong.demo import load_demo

        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "The demo needs NEUGUONG_DEBUG=1 (or NEUGUONG_DEMO_FORCE=1). "
                "Bản demo cần NEUGUONG_DEBUG=1."
            )
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        try:
            report = load_demo(stdout=self.stdout, dossiers=dossiers)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo loaded in {time.monotonic() - started:.0f} s."))
        self.stdout.write("")
        self.stdout.write(
            f"Demo accounts / Tài khoản demo (password / mật khẩu: {settings.DEMO_PASSWORD}):"
        )
        for username, label, where in report["accounts"]:
            self.stdout.write(f"  {username:<13} {label:<22} {where}")
        if report.get("samples"):
            self.stdout.write("")
            self.stdout.write(
                "Sample dossiers to track / Hồ sơ mẫu để tra cứu (code + last 4 digits):"
            )
            for dossier_code, digits in report["samples"]:
                self.stdout.write(f"  {dossier_code}  {digits}")
        if not no_serve:
            self.stdout.write("")
            call_command("serve", host=host, port=port, workers=2)
