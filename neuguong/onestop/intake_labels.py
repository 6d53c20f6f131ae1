"""The timeline's labels for what intake and payment add to a dossier's events (issue 8): the
payment at intake and the missing documents a desk receives with a supplement request. Registered
beside onestop/audit_labels.py's (core.audit.labels merges the registrations of one prefix)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def _items(value: Any) -> str:
    """[1, 2] → "2, 3": checklist items by their number on the checklist."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(int(v) + 1) for v in value if isinstance(v, int))
    return str(value)


def register_intake_labels() -> None:
    from neuguong.core.audit.labels import choices_formatter, money_formatter, register
    from neuguong.onestop.constants import PaymentMethod, PaymentState

    register(
        "onestop.dossier",
        fields={
            "fee": _("Fee"),
            "payment_state": _("Payment"),
            "payment_method": _("Paid by"),
            "missing_documents": _("Missing documents (checklist numbers)"),
        },
        values={
            "fee": money_formatter,
            "payment_state": choices_formatter(PaymentState),
            "payment_method": choices_formatter(PaymentMethod),
            "missing_documents": _items,
        },
    )
