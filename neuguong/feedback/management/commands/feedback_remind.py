"""Warn each responsible agency of the items due within a working day (the outbox delivers).

Run daily (cron or the worker's schedule). Each item is warned once per deadline: the warning is
an audit event (feedback.item.deadline_warned) with the deadline it was for.
"""

from django.core.management.base import BaseCommand

from neuguong.feedback.services.reminders import items_remind_due


class Command(BaseCommand):
    help = "Queue deadline-approaching messages to the agencies responsible for feedback items."

    def handle(self, *args, **options):
        items, messages = items_remind_due()
        self.stdout.write(f"{items} items due soon, {messages} messages queued.")
