"""Faking lateness in SQL is caught by `neuguong audit verify` (issue 3: tamper evidence)."""

import datetime as dt

import pytest
from django.db import connection

from neuguong.core.audit.verify import verify
from neuguong.onestop import services as s
from neuguong.onestop.tests.conftest import MONDAY_9


@pytest.fixture
def late_by_rule(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_request_supplement(dossier, actor=world.head, reason="1", at=MONDAY_9)
    s.dossier_receive_supplement(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=1))
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="2", at=MONDAY_9 + dt.timedelta(hours=2)
    )
    assert dossier.late_by_rule
    # Factory-made registry rows have no events (they bypass the services); the dossier itself is intact.
    assert not [p for p in verify().problems if "onestop." in p]
    return dossier


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("late_by_rule", False),
        ("supplement_count", 1),
        ("original_appointment_at", dt.datetime(2030, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_it_catches_a_dossier_made_to_look_on_time_in_sql(late_by_rule, column, value):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE onestop_dossier SET {column} = %s WHERE id = %s",
            [value, late_by_rule.pk],
        )
    problems = [p for p in verify().problems if "onestop." in p]
    assert any(f"onestop.dossier pk={late_by_rule.pk}" in p and column in p for p in problems), (
        problems
    )


@pytest.fixture
def handed_over(world, receive):
    """A dossier whose processing step was handed over late, the sign step still pending."""
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    late = dossier.current_step.due_at + dt.timedelta(days=2)
    s.dossier_complete_step(dossier, actor=world.head, at=late)
    assert dossier.steps.get(order=2).result == "late"
    assert not [p for p in verify().problems if "onestop." in p]
    return dossier


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("result", "on_time"),
        ("completed_at", dt.datetime(2025, 10, 6, 3, 0, tzinfo=dt.UTC)),
        ("due_at", dt.datetime(2030, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_it_catches_a_step_made_to_look_on_time_in_sql(handed_over, column, value):
    step = handed_over.steps.get(order=2)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE onestop_dossierstep SET {column} = %s WHERE id = %s", [value, step.pk]
        )
    problems = [p for p in verify().problems if "onestop." in p]
    assert any(f"onestop.dossier pk={handed_over.pk}" in p and "steps" in p for p in problems), (
        problems
    )


def test_it_catches_a_pending_steps_due_moved_in_sql(handed_over):
    # The sign step is still pending: pushing its due later would hide a late hand-over to come.
    step = handed_over.steps.get(order=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE onestop_dossierstep SET due_at = %s WHERE id = %s",
            [step.due_at + dt.timedelta(days=30), step.pk],
        )
    problems = [p for p in verify().problems if "onestop." in p]
    assert any(f"onestop.dossier pk={handed_over.pk}" in p and "steps" in p for p in problems), (
        problems
    )


@pytest.fixture
def received(world, receive):
    dossier = receive()
    assert not [p for p in verify().problems if "onestop." in p]
    return dossier


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("applicant_id_number", "079099000999"),
        ("applicant_name", "Người Khác"),
        ("fee", 990000),
        ("payment_state", "paid"),
        ("handling_agency_id", "agency_b"),
        ("receiving_agency_id", "agency_b"),
    ],
)
def test_it_catches_who_owes_what_and_who_handles_it_changed_in_sql(world, received, column, value):
    """Issue 7: the applicant, the fee and the handling agency are in every snapshot now."""
    if value == "agency_b":
        value = world.agency_b.pk
    # The database refuses a fee and a payment that contradict each other (the
    # dossier_payment_consistent constraint, issue 8): the forger must change both together.
    also = {
        "fee": ", payment_state = 'requested'",
        "payment_state": ", fee = 50000, payment_method = 'desk'",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE onestop_dossier SET {column} = %s{also.get(column, '')} WHERE id = %s",
            [value, received.pk],
        )
    problems = [p for p in verify().problems if "onestop." in p]
    assert any(f"onestop.dossier pk={received.pk}" in p and column in p for p in problems), problems
    # Personal data is compared by keyed hash and never printed.
    assert not any(str(value) in p for p in problems if column.startswith("applicant_"))


def test_it_keeps_personal_data_out_of_the_log(world, received):
    from neuguong.core.audit.models import AuditEvent

    texts = [
        repr((e.state, e.data, e.actor_label))
        for e in AuditEvent.objects.filter(object_id=str(received.pk))
    ]
    assert texts
    for secret in (received.applicant_id_number, received.applicant_name, received.applicant_phone):
        assert secret
        assert not any(secret in text for text in texts)
