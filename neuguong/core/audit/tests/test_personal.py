"""Personal data enters the immutable log only as a keyed hash, and citizens only as pseudonyms."""

import hashlib
import hmac

import pytest
from django.db import connection

from neuguong.core.audit import log_action, registry
from neuguong.core.audit.models import AuditEvent
from neuguong.core.audit.tests.conftest import run_verify
from neuguong.org.models import Agency


def _hmac(value: str, key: str) -> str:
    # As docs/audit-and-outbox.md defines it: HMAC-SHA256 over the canonical JSON of the value.
    return hmac.new(key.encode(), f'"{value}"'.encode(), hashlib.sha256).hexdigest()


@pytest.fixture
def personal(audited, settings):
    """org.Agency audited with its name as a personal field, each agency snapshotted so."""
    settings.AUDIT_HMAC_KEY = "test-key-of-its-own"
    registry.register(Agency, fields=("name", "kind"), personal=("name",))
    for agency in Agency.objects.all():
        log_action(agency, "org.agency.registered", actor="system:test")
    return audited


def test_it_stores_a_keyed_hash_and_never_the_value(personal):
    w = personal
    event = log_action(w.agency_a, "org.agency.viewed", actor="system:test")
    assert event.state["name"] == _hmac(w.agency_a.name, "test-key-of-its-own")
    assert event.state["kind"] == w.agency_a.kind
    stored = AuditEvent.objects.get(pk=event.pk)
    assert w.agency_a.name not in repr((stored.state, stored.data, stored.actor_label))
    assert run_verify()[0] == 0


def test_it_catches_a_personal_field_edited_in_sql_without_printing_it(personal):
    w = personal
    log_action(w.agency_a, "org.agency.viewed", actor="system:test")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE org_agency SET name = %s WHERE id = %s", ["Tên lén", w.agency_a.pk])
    code, out = run_verify()
    assert code == 2
    assert f"org.agency pk={w.agency_a.pk} seq=3: field 'name' differs" in out
    assert "Tên lén" not in out
    assert w.agency_a.name not in out


def test_it_leaves_every_chain_verifiable_after_a_purge(personal):
    """The retention rule blanks the personal value; the events that hashed it stay intact."""
    w = personal
    log_action(w.agency_a, "org.agency.viewed", actor="system:test")
    w.agency_a.name = ""
    w.agency_a.save(update_fields=["name"])
    log_action(w.agency_a, "org.agency.purged", actor="system:retention")
    code, out = run_verify()
    assert code == 0, out


def test_it_names_a_citizen_actor_by_a_pseudonym_and_staff_by_name(personal, settings):
    w = personal
    by_citizen = log_action(w.agency_b, "org.agency.viewed", actor=w.citizen)
    by_head = log_action(w.agency_b, "org.agency.viewed", actor=w.head)
    pseudonym = hmac.new(
        b"test-key-of-its-own", str(w.citizen.pk).encode(), hashlib.sha256
    ).hexdigest()[:12]
    assert by_citizen.actor_label == f"citizen:{pseudonym}"
    assert by_citizen.actor_id == w.citizen.pk
    assert by_head.actor_label == (w.head.get_full_name().strip() or w.head.get_username())
    assert not by_head.actor_label.startswith("citizen:")
    assert run_verify()[0] == 0


def test_it_refuses_a_personal_field_that_is_not_snapshotted():
    with pytest.raises(ValueError, match="personal"):
        registry.register(Agency, fields=("kind",), personal=("name",))


def test_it_snapshots_decimals_as_the_database_returns_them():
    """50000 and Decimal("50000.00") are the same fee in a numeric(12, 0) column."""
    from decimal import Decimal

    from neuguong.onestop.models import Dossier

    reg = registry.registration_for(Dossier)
    convert = reg.converters["fee"]
    assert convert(50000) == convert(Decimal("50000.00")) == convert(Decimal("50000")) == "50000"
    assert convert(None) is None
