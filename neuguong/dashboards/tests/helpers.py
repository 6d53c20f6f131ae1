"""Dossiers for the dashboards' tests: ended in March 2026, on time or late."""

import datetime as dt

from neuguong.dashboards.selectors import Period
from neuguong.onestop.constants import DossierState
from neuguong.onestop.tests.factories import DossierFactory, local

MARCH = Period.month(2026, 3)


def ended(handling, *, late=False, received=None, **kwargs):
    """A dossier received on 2 March and ended in March, on time or an hour after its appointment."""
    received_at = received or local(2026, 3, 2, 9)
    appointment = local(2026, 3, 10, 17)
    end = appointment + dt.timedelta(hours=1) if late else local(2026, 3, 9, 10)
    kwargs.setdefault("receiving_agency", handling)
    return DossierFactory(
        handling_agency=handling,
        state=DossierState.RETURNED,
        submitted_at=received_at,
        received_at=received_at,
        appointment_at=appointment,
        original_appointment_at=appointment,
        processing_ended_at=end,
        **kwargs,
    )
