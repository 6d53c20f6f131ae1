"""`neuguong worker [--once] [--batch N] [--sleep S]`: deliver the notification outbox."""

from django.core.management.base import BaseCommand

from neuguong.core.outbox.services import outbox_work


class Command(BaseCommand):
    help = "Deliver queued notifications (email, SMS). Run several for throughput."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="stop when nothing is due")
        parser.add_argument("--batch", type=int, default=50, help="rows claimed at a time")
        parser.add_argument("--sleep", type=float, default=2.0, help="seconds to wait when idle")

    def handle(self, *args, once, batch, sleep, **options):
        try:
            sent = outbox_work(batch=batch, once=once, sleep=sleep, log=self.stdout.write)
        except KeyboardInterrupt:
            return
        self.stdout.write(f"sent {sent} message(s)")
