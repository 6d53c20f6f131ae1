"""Remind each dialogue's chair before the period to publish its results runs out (run daily)."""

from django.core.management.base import BaseCommand

from neuguong.feedback.reception.services import dialogue_send_reminders


class Command(BaseCommand):
    help = "Queue the reminders of dialogues whose results fall due within two days (outbox)."

    def handle(self, *args, **options):
        sent = dialogue_send_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
