"""The demo's dossiers: history in bulk plus some lived through the real services, idempotent."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from neuguong.core.audit.models import AuditEvent
from neuguong.core.audit.verify import verify
from neuguong.onestop import demo
from neuguong.onestop.constants import Channel, DossierState
from neuguong.onestop.models import Dossier, DossierTransition
from neuguong.onestop.tests import seed_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
demo_world = seed_world.demo_world

DOSSIERS, LIVE = 200, 20


@pytest.fixture
def loaded(demo_world):
    before = timezone.now()
    samples = demo.load(dossiers=DOSSIERS, seed=3, live=LIVE)
    return before, samples


def test_it_generates_the_requested_dossiers_over_twelve_months(loaded):
    assert Dossier.objects.count() == DOSSIERS
    now = timezone.now()
    first = Dossier.objects.order_by("submitted_at").first().submitted_at
    assert (now - first).days <= 366
    assert not Dossier.objects.filter(submitted_at__gt=now).exists()
    channels = set(Dossier.objects.values_list("channel", flat=True))
    assert {Channel.IN_PERSON, Channel.ONLINE} <= channels
    assert Dossier.objects.filter(state=DossierState.RETURNED).count() > DOSSIERS / 2


def test_some_dossiers_lived_through_the_services(loaded):
    """The live ones' audit events are stamped when the services wrote them; the bulk history's
    carry their historical time."""
    before, _samples = loaded
    ct = ContentType.objects.get_for_model(Dossier)
    received = AuditEvent.objects.filter(content_type=ct, action="onestop.dossier.received")
    submitted = AuditEvent.objects.filter(content_type=ct, action="onestop.dossier.submitted")
    live = received.filter(created_at__gte=before).count()
    live += submitted.filter(created_at__gte=before).count()
    assert live == LIVE
    assert received.filter(created_at__lt=before).count() > DOSSIERS / 2
    # The live dossiers also notified their applicants, through the outbox.
    from neuguong.core.outbox.models import OutboxMessage

    assert OutboxMessage.objects.filter(topic__startswith="onestop.dossier.").exists()


def test_every_transition_is_audited(loaded):
    ct = ContentType.objects.get_for_model(Dossier)
    for d in Dossier.objects.all():
        transitions = DossierTransition.objects.filter(dossier=d).count()
        events = AuditEvent.objects.filter(content_type=ct, object_id=str(d.pk)).exclude(
            action="onestop.dossier.rated"
        )
        assert transitions >= 1
        assert events.count() == transitions
    returned = Dossier.objects.filter(state=DossierState.RETURNED).first()
    assert all(s.completed_at and s.result for s in returned.steps.all())


def test_it_returns_three_samples_with_their_verification_digits(loaded):
    _before, samples = loaded
    assert len(samples) == 3
    for code, digits in samples:
        assert Dossier.objects.get(code=code).verify_matches(digits)


def test_it_adds_nothing_on_a_second_run(loaded):
    _before, samples = loaded
    counts = (
        Dossier.objects.count(),
        DossierTransition.objects.count(),
        AuditEvent.objects.count(),
    )
    again = demo.load(dossiers=DOSSIERS, seed=3, live=LIVE)
    assert (
        Dossier.objects.count(),
        DossierTransition.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert again == samples


def test_it_leaves_the_audit_log_verifiable(loaded):
    result = verify()
    assert result.ok, result.problems[:5]
    assert result.digests > 300
