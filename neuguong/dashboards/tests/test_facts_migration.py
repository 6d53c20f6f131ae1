"""onestop/0006 fills the facts only when some received dossier lacks them: a database the seed wrote
after migration 0005 (the seed stores the facts itself) is not recomputed, which at 1M dossiers saves
minutes of the upgrade."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import F

from neuguong.dashboards.facts_records import verify
from neuguong.dashboards.models import DailyFact
from neuguong.dashboards.tests.facts_story import story
from neuguong.onestop.models import Dossier

pytestmark = pytest.mark.django_db


def _fill():
    migration = importlib.import_module("neuguong.onestop.migrations.0006_fill_daily_facts")
    state = MigrationLoader(connection).project_state(("onestop", "0006_fill_daily_facts"))
    migration.fill(state.apps, SimpleNamespace(connection=connection))


def test_facts_already_stored_are_left_as_they_are(world):
    story(world)
    assert verify() == []
    # A row moved by hand: a rebuild would put it back, so it staying moved shows none ran.
    DailyFact.objects.filter(pk=DailyFact.objects.order_by("pk").first().pk).update(
        received=F("received") + 7
    )
    _fill()
    assert verify()


def test_one_received_dossier_without_facts_fills_them_all(world):
    story(world)
    dossier = Dossier.objects.filter(received_at__isnull=False).order_by("pk").first()
    Dossier.objects.filter(pk=dossier.pk).update(facts={})
    assert verify()
    _fill()
    assert verify() == []
