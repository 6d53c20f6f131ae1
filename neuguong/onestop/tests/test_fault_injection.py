"""An error raised after a service's writes rolls back all of them (the workflow core, issue 7).

The fault is injected where the old code let a refusal commit: in the notification step, after the
state, the pause, the transition row and the audit event were written. Runs on SQLite and PostgreSQL.
"""

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.core.audit.verify import verify
from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.outbox.models import OutboxMessage
from neuguong.onestop import services as s
from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier, DossierPause, DossierStep, DossierTransition
from neuguong.onestop.tests.conftest import MONDAY_9

pytestmark = pytest.mark.django_db


def _state(dossier):
    return (
        model_to_dict(Dossier.objects.get(pk=dossier.pk)),
        list(DossierStep.objects.filter(dossier=dossier).order_by("order").values()),
        list(DossierPause.objects.filter(dossier=dossier).values()),
        DossierTransition.objects.filter(dossier=dossier).count(),
        AuditEvent.objects.filter(object_id=str(dossier.pk)).count(),
        OutboxMessage.objects.count(),
    )


def _failing_enqueue(exc):
    def enqueue(**kwargs):
        raise exc

    return enqueue


@pytest.mark.parametrize("fault", [DomainError("refused late"), RuntimeError("disk full")])
def test_an_error_after_the_writes_commits_nothing(world, receive, monkeypatch, fault):
    dossier = receive(phone="0912345678")
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    before = _state(dossier)
    monkeypatch.setattr("neuguong.core.outbox.enqueue", _failing_enqueue(fault))
    with pytest.raises(type(fault)):
        s.dossier_request_supplement(dossier, actor=world.head, reason="Thiếu", at=MONDAY_9)
    assert _state(dossier) == before
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.PROCESSING
    assert not [p for p in verify().problems if "onestop." in p]


def test_the_callers_transaction_stays_usable_after_a_refusal(world, receive, monkeypatch):
    dossier = receive(phone="0912345678")
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    monkeypatch.setattr("neuguong.core.outbox.enqueue", _failing_enqueue(DomainError("no")))
    with transaction.atomic():
        with pytest.raises(DomainError):
            s.dossier_request_supplement(dossier, actor=world.head, reason="Thiếu", at=MONDAY_9)
        # On PostgreSQL a statement in an aborted transaction would fail here.
        assert Dossier.objects.filter(pk=dossier.pk, state=DossierState.PROCESSING).exists()
        monkeypatch.undo()
        s.dossier_request_supplement(dossier, actor=world.head, reason="Thiếu", at=MONDAY_9)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUPPLEMENT_REQUESTED


def test_signing_and_handing_over_are_one_transaction(world, receive, monkeypatch):
    """complete_step on an unsigned signing step signs and hands over together: a fault in the
    hand-over leaves the result unsigned too."""
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9)  # now at the signing step
    before = _state(dossier)
    monkeypatch.setattr(
        "neuguong.onestop.services.steps.hand_over",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("crash after signing")),
    )
    with pytest.raises(RuntimeError):
        s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9)
    assert _state(dossier) == before
    assert Dossier.objects.get(pk=dossier.pk).result_signed_at is None


def test_a_signature_without_authority_is_on_record_and_changes_nothing(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9)
    before = _state(dossier)
    with pytest.raises(NotAllowed):
        s.dossier_complete_step(dossier, actor=world.colleague, at=MONDAY_9)
    dossier_row, steps, pauses, transitions, events, outbox = _state(dossier)
    assert (dossier_row, steps, pauses, transitions, outbox) == (
        before[0],
        before[1],
        before[2],
        before[3],
        before[5],
    )
    assert events == before[4] + 1
    refused = AuditEvent.objects.filter(object_id=str(dossier.pk)).order_by("seq").last()
    assert refused.action == "onestop.dossier.signature_refused"
    assert not [p for p in verify().problems if "onestop." in p]


def test_a_stale_page_is_refused(world, receive):
    dossier = receive()
    seen = dossier.version
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)  # someone else acted meanwhile
    stale = Dossier.objects.get(pk=dossier.pk)
    before = _state(stale)
    with pytest.raises(DomainError) as refused:
        s.dossier_complete_step(stale, actor=world.head, at=MONDAY_9, version=seen)
    assert refused.value.code == "stale_version"
    assert refused.value.status == 409
    assert _state(stale) == before
    s.dossier_complete_step(stale, actor=world.head, at=MONDAY_9, version=stale.version)


def test_the_api_refuses_a_stale_version_with_409(world, receive, client):
    dossier = receive()
    client.force_login(world.reception)
    url = f"/api/v1/dossiers/{dossier.code}"
    seen = client.get(url).json()["version"]
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    before = _state(dossier)
    answer = client.post(
        f"{url}/actions/withdraw",
        {"reason": "Rút hồ sơ", "version": seen},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "stale_version"
    assert _state(dossier) == before
    fresh = client.get(url).json()["version"]
    answer = client.post(
        f"{url}/actions/withdraw",
        {"reason": "Rút hồ sơ", "version": fresh},
        content_type="application/json",
    )
    assert answer.status_code == 200


def test_the_dossier_page_refuses_a_stale_form(world, receive, client):
    dossier = receive()
    client.force_login(world.reception)
    seen = dossier.version
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    before = _state(dossier)
    answer = client.post(
        reverse("onestop-dossier-action", args=[dossier.code, "withdraw"]),
        {"withdraw-reason": "Rút hồ sơ", "version": str(seen)},
        follow=True,
    )
    assert _state(dossier) == before
    assert "changed by someone else" in answer.content.decode() or "người khác" in (
        answer.content.decode()
    )
