"""The March 2026 scenario of docs/indicators.md's counting rules (test_selectors, test_drilldown)."""

import pytest

from neuguong.dashboards.tests.helpers import ended, facts_current
from neuguong.onestop.constants import ActorKind, Channel, DossierState, OnlineLevel, StepResult
from neuguong.onestop.tests.factories import (
    DossierFactory,
    DossierStepFactory,
    ProcedureFactory,
    ProcedureStepFactory,
    local,
)


@pytest.fixture
def march(world):
    procedure = ProcedureFactory(
        online_level=OnlineLevel.FULL, required_documents=[{"name": "Tờ khai"}]
    )
    ProcedureStepFactory(procedure=procedure, order=1)
    a, b, dept = world.agency_a, world.agency_b, world.department
    for _ in range(3):
        ended(a, procedure=procedure)
    ended(a, procedure=procedure, late=True)
    ended(a, procedure=procedure, channel=Channel.ONLINE)
    # Two supplement requests: late by rule although it ended before its appointment.
    ended(a, procedure=procedure, late_by_rule=True, supplement_count=2)
    # Interconnected: the department's step overran; the dossier is late for the department only.
    linked = ended(a, procedure=procedure, late=True)
    DossierStepFactory(dossier=linked, order=1, agency=a, result=StepResult.ON_TIME)
    DossierStepFactory(
        dossier=linked, order=2, agency=dept, actor_kind=ActorKind.HANDOVER, result=StepResult.LATE
    )
    # Received at desk A for agency B (phi địa giới): it counts for B and commune B.
    ended(b, procedure=procedure, receiving_agency=world.desk_a)
    # Ended in April, received in March: volume in March, progress in April.
    DossierFactory(
        handling_agency=a,
        receiving_agency=a,
        procedure=procedure,
        received_at=local(2026, 3, 30, 9),
        processing_ended_at=local(2026, 4, 2, 9),
        state=DossierState.DONE,
    )
    facts_current()  # the steps and the last dossier above were arranged with factories
    return world
