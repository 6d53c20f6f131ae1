"""Heads over their tenure end to end: dossiers, their facts rebuilt from the records
(`facts_records.rebuild`), and the heads of one agency adding up to the agency's row of the dashboard."""

import datetime as dt
from typing import cast

import pytest

from neuguong.dashboards.facts_records import rebuild
from neuguong.dashboards.heads import head_scores
from neuguong.dashboards.selectors import province_dashboard
from neuguong.dashboards.tests.helpers import MARCH
from neuguong.onestop.constants import ActorKind, Channel, DossierState, StepResult
from neuguong.onestop.tests.factories import DossierFactory, DossierStepFactory, local
from neuguong.org.models import Person, Term
from neuguong.org.tests.factories import PersonFactory, TermFactory

pytestmark = pytest.mark.django_db

COUNTS = ("ended", "late", "received", "received_online", "completed", "with_result")


def dossier(agency, received, ended, *, late=False, **kwargs):
    """Received and ended on those days of March 2026 (appointment at 17:00 on the day it ended,
    ended at 10:00, or at 18:00 when late)."""
    appointment = local(2026, 3, ended, 17)
    return DossierFactory(
        handling_agency=agency,
        receiving_agency=agency,
        state=DossierState.RETURNED,
        submitted_at=local(2026, 3, received, 9),
        received_at=local(2026, 3, received, 9),
        appointment_at=appointment,
        original_appointment_at=appointment,
        processing_ended_at=local(2026, 3, ended, 18 if late else 10),
        **kwargs,
    )


def test_the_heads_of_an_agency_add_up_to_its_row(world):
    a = world.agency_a
    Term.objects.filter(person=world.head.person_obj).update(ended_on=dt.date(2026, 3, 15))
    successor = cast(Person, PersonFactory())
    TermFactory(person=successor, agency=a, started_on=dt.date(2026, 3, 16))
    dossier(a, 2, 9)
    dossier(a, 3, 10, late=True)
    dossier(a, 17, 20, channel=Channel.ONLINE)
    dossier(a, 10, 25, late=True)  # received under the predecessor, ended under the successor
    # Interconnected, handled by the department: commune A's step overran on 18 March.
    linked = dossier(world.department, 12, 18, late=True)
    DossierStepFactory(
        dossier=linked, order=1, agency=a, actor_kind=ActorKind.HANDOVER, result=StepResult.LATE
    )
    DossierStepFactory(dossier=linked, order=2, agency=world.department)
    rebuild()

    heads = {h.person: h for h in head_scores(MARCH, world.inspector) if h.agency == a}
    old, new = heads[world.head.person_obj], heads[successor]
    assert (old.counts.received, old.counts.ended, old.counts.late) == (3, 2, 1)
    assert (new.counts.received, new.counts.ended, new.counts.late) == (1, 3, 2)
    assert (new.counts.received_online, old.counts.received_online) == (1, 0)

    row = next(s for s in province_dashboard(MARCH, world.inspector).agencies if s.unit == a)
    for name in COUNTS:
        assert getattr(old.counts, name) + getattr(new.counts, name) == getattr(row.counts, name)
    assert old.counts.processing_days + new.counts.processing_days == row.counts.processing_days
