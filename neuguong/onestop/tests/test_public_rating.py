"""dossier_rate: once only, only once returned, audited, and never leaving the caller's transaction
broken (it has no savepoint of its own), on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save

from neuguong.core.audit.models import AuditEvent
from neuguong.core.audit.verify import verify
from neuguong.core.errors import DomainError
from neuguong.onestop import services as s
from neuguong.onestop.models import Dossier, Rating
from neuguong.onestop.services.public import (
    RATING_ALREADY,
    RATING_NOT_RETURNED,
    AlreadyRated,
    dossier_rate,
)
from neuguong.onestop.tests.conftest import MONDAY_9

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=2))
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=3))
    s.dossier_return(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(hours=4))
    return dossier


def _rated_events(dossier):
    return AuditEvent.objects.filter(object_id=str(dossier.pk), action="onestop.dossier.rated")


def test_it_rates_once_and_audits_it(returned):
    at = MONDAY_9 + dt.timedelta(days=1)
    rating = dossier_rate(
        returned, value="acceptable", reasons=["late", "late", "other"], comment="x" * 3000, at=at
    )
    stored = Rating.objects.get(dossier=returned)
    assert rating.pk == stored.pk
    assert not rating._state.adding
    assert rating.dossier is returned
    for field in Rating._meta.concrete_fields:
        assert getattr(rating, field.attname) == getattr(stored, field.attname), field.name
    assert stored.reasons == ["late", "other"]
    assert len(stored.comment) == 2000
    assert stored.created_at == at
    (event,) = _rated_events(returned)
    assert event.data == {"value": "acceptable", "reasons": ["late", "other"]}
    assert event.actor_label == "citizen:public"
    # The event's snapshot matches the row (the world's fixtures write org records around the log).
    assert [p for p in verify().problems if "onestop.dossier" in p] == []


def test_it_refuses_a_second_rating_and_the_callers_transaction_goes_on(returned):
    dossier_rate(returned, value="satisfied")
    with transaction.atomic():  # e.g. the demo's batch, or a view under ATOMIC_REQUESTS
        with pytest.raises(AlreadyRated) as exc:
            dossier_rate(returned, value="dissatisfied")
        assert exc.value.message == RATING_ALREADY
        assert exc.value.status == 409
        # Still usable: on PostgreSQL a failed statement would abort everything after it.
        assert Rating.objects.filter(dossier=returned).count() == 1
        assert Dossier.objects.filter(pk=returned.pk).exists()
    assert Rating.objects.get(dossier=returned).value == "satisfied"
    assert _rated_events(returned).count() == 1


def test_it_relies_on_the_unique_constraint_not_on_a_prior_read(returned):
    """A rating written behind the service's back (admin, another process) is still the only one."""
    Rating.objects.create(dossier=returned, value="satisfied")
    with transaction.atomic():
        with pytest.raises(AlreadyRated):
            dossier_rate(returned, value="dissatisfied")
        assert Rating.objects.filter(dossier=returned).count() == 1
    assert _rated_events(returned).count() == 0


def test_it_refuses_a_dossier_not_yet_returned_and_changes_nothing(world, receive):
    dossier = receive()
    with transaction.atomic():
        with pytest.raises(DomainError) as exc:
            dossier_rate(dossier, value="satisfied")
        assert exc.value.message == RATING_NOT_RETURNED
        assert not Rating.objects.exists()
    # The refusal left the instance usable by the next service.
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    assert not Rating.objects.exists()


def test_it_checks_the_current_row_not_a_stale_instance(returned):
    stale = Dossier.objects.get(pk=returned.pk)
    Dossier.objects.filter(pk=returned.pk).update(
        state="processing", updated_at=returned.updated_at + dt.timedelta(seconds=1)
    )
    with pytest.raises(DomainError) as exc:
        dossier_rate(stale, value="satisfied")
    assert exc.value.message == RATING_NOT_RETURNED


def test_it_saves_through_the_orm_when_a_save_signal_listens(returned):
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.pk, created))

    post_save.connect(receiver, sender=Rating)
    try:
        rating = dossier_rate(returned, value="satisfied")
        with transaction.atomic(), pytest.raises(AlreadyRated):
            dossier_rate(returned, value="acceptable")
    finally:
        post_save.disconnect(receiver, sender=Rating)
    assert seen == [(rating.pk, True)]
    assert Rating.objects.get(dossier=returned).value == "satisfied"


@pytest.mark.postgres
def test_it_keeps_the_postgresql_transaction_usable_after_a_duplicate(returned):
    assert connection.vendor == "postgresql"
    dossier_rate(returned, value="satisfied")
    with transaction.atomic():
        with pytest.raises(AlreadyRated):
            dossier_rate(returned, value="dissatisfied")
        assert not connection.needs_rollback
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
        Rating.objects.filter(dossier=returned).update(comment="still here")
    assert Rating.objects.get(dossier=returned).comment == "still here"
