from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Dead (gave up)")


# After this many failed attempts a message is dead-lettered for a human to look at.
MAX_ATTEMPTS = 5
# Backoff: 1 min, 2, 4, 8 ... capped at 1 hour.
BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 3600
# A row claimed longer ago than this is presumed lost with its worker and released (at-least-once).
STALE_CLAIM_SECONDS = 600
