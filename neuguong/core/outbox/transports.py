"""Delivery transports, one per channel, replaceable by setting or at run time.

settings.OUTBOX_TRANSPORTS = {"sms": "myprovider.transports.ViettelSms"} overrides a channel with a
dotted path to a class (instantiated without arguments); `register_transport` does the same in code
(tests, plug-ins). A transport's `send(message)` returns on success and raises on failure.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from neuguong.core.text import mask_digits

logger = logging.getLogger("neuguong.outbox")


class Transport(Protocol):
    def send(self, message) -> None: ...


class EmailTransport:
    """Through Django's email backend (console unless NEUGUONG_EMAIL_BACKEND says otherwise)."""

    def send(self, message) -> None:
        send_mail(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient],
            fail_silently=False,
        )


class LoggingSmsTransport:
    """Logs the SMS instead of sending it: the default until a carrier gateway is plugged in."""

    def send(self, message) -> None:
        # The log is no place for a citizen's full phone number (personal data).
        logger.warning("SMS to %s: %s", mask_digits(message.recipient), message.body)


DEFAULTS = {
    "email": "neuguong.core.outbox.transports.EmailTransport",
    "sms": "neuguong.core.outbox.transports.LoggingSmsTransport",
}

_overrides: dict[str, Transport] = {}


def register_transport(channel: str, transport: Transport | None) -> None:
    """Use `transport` for `channel` from now on (None restores the configured one)."""
    if transport is None:
        _overrides.pop(channel, None)
    else:
        _overrides[channel] = transport


def transport_for(channel: str) -> Transport:
    if channel in _overrides:
        return _overrides[channel]
    path = {**DEFAULTS, **getattr(settings, "OUTBOX_TRANSPORTS", {})}.get(channel)
    if path is None:
        raise LookupError(f"no transport for channel {channel!r}")
    return import_string(path)()
