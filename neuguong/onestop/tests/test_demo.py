"""The demo dossier generator: real services, twelve months ending now, idempotent."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from neuguong.core.audit.models import AuditEvent
from neuguong.onestop import demo
from neuguong.onestop.constants import Channel, DossierState
from neuguong.onestop.models import Dossier, DossierTransition

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """Province + 60 dossiers once for the module (the generator is the slow part)."""
    from django.core.management import call_command
    from django.db import connection

    from neuguong.demo.province import load_province

    with django_db_blocker.unblock():
        # Put back what the migrations seeded (rules, calendar) after the flush, so that tests of
        # other apps that run later still find it.
        seeded = connection.creation.serialize_db_to_string()
        load_province()
        samples = demo.load(dossiers=60, seed=3)
        yield samples
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(seeded)
        # The rows came back with their ids: move PostgreSQL's sequences past them.
        from django.apps import apps
        from django.core.management.color import no_style

        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def test_it_generates_the_requested_dossiers_over_twelve_months(demo_db):
    assert Dossier.objects.count() == 60
    now = timezone.now()
    first = Dossier.objects.order_by("submitted_at").first().submitted_at
    assert (now - first).days <= 366
    assert not Dossier.objects.filter(submitted_at__gt=now).exists()
    channels = set(Dossier.objects.values_list("channel", flat=True))
    assert {Channel.IN_PERSON, Channel.ONLINE} <= channels
    assert Dossier.objects.filter(state=DossierState.RETURNED).count() > 30


def test_it_writes_through_the_services_so_every_transition_is_audited(demo_db):
    ct = ContentType.objects.get_for_model(Dossier)
    for d in Dossier.objects.all()[:20]:
        transitions = DossierTransition.objects.filter(dossier=d).count()
        events = AuditEvent.objects.filter(
            content_type=ct, object_id=str(d.pk), action__startswith="onestop.dossier."
        ).exclude(action="onestop.dossier.rated")
        assert transitions >= 1
        assert events.count() == transitions
    returned = Dossier.objects.filter(state=DossierState.RETURNED).first()
    steps = list(returned.steps.all())
    assert all(s.completed_at and s.result for s in steps)


def test_it_returns_three_samples_with_their_verification_digits(demo_db):
    assert len(demo_db) == 3
    for code, digits in demo_db:
        dossier = Dossier.objects.get(code=code)
        assert dossier.verify_matches(digits)


def test_it_adds_nothing_on_a_second_run(demo_db):
    before = (Dossier.objects.count(), DossierTransition.objects.count())
    again = demo.load(dossiers=60, seed=3)
    assert (Dossier.objects.count(), DossierTransition.objects.count()) == before
    assert again == demo_db


def test_it_leaves_the_audit_chains_verifiable(demo_db):
    from neuguong.core.audit.verify import verify

    report = verify()
    # Only the one-stop chains are this generator's; the province loader's records are checked there.
    ours = [p for p in report.problems if p.startswith("onestop.")]
    assert ours == []
    assert report.events > 0


def test_it_widens_sqlites_page_cache_only_while_generating():
    from django.db import connection

    def cache_size():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    if connection.vendor != "sqlite":
        with demo._sqlite_page_cache():  # nothing to do elsewhere
            pass
        return
    before = cache_size()
    with demo._sqlite_page_cache(kib=32 * 1024):
        assert cache_size() == -32 * 1024
    assert cache_size() == before
