"""Dossiers for the dashboards' tests: ended in March 2026, on time or late.

The dashboards read the daily facts, which the one-stop services keep current. Dossiers built with
factories skip the services, so an arrangement brings their facts current itself: `ended()` does it for
the dossier it makes, and `facts_current()` (a `rebuild()` from the records) after any other arranged
rows (steps, ratings, feedback items, dossiers from `DossierFactory`). Service tests never call these:
there the services' own hooks must keep the facts current (test_facts).
"""

import datetime as dt

from neuguong.dashboards.facts_records import rebuild, refresh
from neuguong.dashboards.selectors import Period
from neuguong.onestop.constants import DossierState
from neuguong.onestop.tests.factories import DossierFactory, local

MARCH = Period.month(2026, 3)


def facts_current():
    """Bring the facts current for the rows arranged so far (factories bypass the services)."""
    return rebuild()


def ended(handling, *, late=False, received=None, **kwargs):
    """A dossier received on 2 March and ended in March, on time or an hour after its appointment,
    with its facts current (add steps or ratings afterwards? call `facts_current()`)."""
    received_at = received or local(2026, 3, 2, 9)
    appointment = local(2026, 3, 10, 17)
    end = appointment + dt.timedelta(hours=1) if late else local(2026, 3, 9, 10)
    kwargs.setdefault("receiving_agency", handling)
    dossier = DossierFactory(
        handling_agency=handling,
        state=DossierState.RETURNED,
        submitted_at=received_at,
        received_at=received_at,
        appointment_at=appointment,
        original_appointment_at=appointment,
        processing_ended_at=end,
        **kwargs,
    )
    refresh(dossier)
    return dossier
