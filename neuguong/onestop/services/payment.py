"""The payment of a dossier: the fee, whether it is paid, and how (online / at the desk / not
applicable). One rule (onestop.validation.clean_payment, backed by the database's check constraint
`dossier_payment_consistent`) keeps the three consistent at every door: intake at the desk, online
submission, the API, the payment actions and the seed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from neuguong.onestop import validation
from neuguong.onestop.constants import PaymentMethod, PaymentState


def intake_payment(fee, *, channel, state=None, method=None, at=None) -> dict:
    """The payment fields of a new dossier (fee, payment_state, payment_method, paid_at)."""
    state, method = validation.clean_payment(fee, state, method, channel=channel)
    return {
        "fee": fee,
        "payment_state": state,
        "payment_method": method,
        "paid_at": at if state == PaymentState.PAID else None,
    }


def payment_summary(dossier) -> str:
    """ "Không thu phí" / "75.000 ₫ · Chờ nộp" / "75.000 ₫ · Đã nộp trực tuyến"."""
    from neuguong.core.templatetags.ui import money

    if not dossier.fee:
        return _("No fee")
    if dossier.payment_state == PaymentState.PAID:
        how = (
            _("paid online")
            if dossier.payment_method == PaymentMethod.ONLINE
            else _("paid at the desk")
        )
    else:
        how = _("awaiting payment")
    return f"{money(dossier.fee)} · {how}"
