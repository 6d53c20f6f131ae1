import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from neuguong.core.audit.models import AuditEvent
from neuguong.core.errors import DomainError
from neuguong.org import services
from neuguong.org.constants import PositionTitle, QuotaKind
from neuguong.org.models import (
    DELEGATION_EMPTY,
    DELEGATION_SELF,
    TERM_ENDS_BEFORE_START,
    Agency,
    Delegation,
    StaffingQuota,
    Term,
)
from neuguong.org.tests import factories as f


def _delegation_fields(world, **extra):
    return {
        "kind": "authorisation",
        "delegator": world.head.person_obj,
        "delegate": world.reception.person_obj,
        "agency": world.agency_a,
        "procedure_codes": ["1.001193"],
        "legal_basis_number": "21/QĐ-UBND",
        "legal_basis_date": dt.date(2025, 7, 1),
        "valid_from": dt.date(2025, 7, 1),
        **extra,
    }


def test_it_creates_a_delegation_and_audits_it(world):
    d = services.delegation_create(actor=world.admin, **_delegation_fields(world))
    event = AuditEvent.objects.get(action="org.delegation.created")
    assert event.object_id == str(d.pk)
    assert event.actor == world.admin
    assert event.data["new"]["legal_basis_number"] == "21/QĐ-UBND"
    assert event.state["legal_basis_number"] == "21/QĐ-UBND"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"delegate": "SELF"}, DELEGATION_SELF),
        ({"procedure_codes": []}, DELEGATION_EMPTY),
    ],
)
def test_it_refuses_a_bad_delegation_and_changes_nothing(world, bad, message):
    if bad.get("delegate") == "SELF":
        bad = {"delegate": world.head.person_obj}
    with pytest.raises(ValidationError) as exc:
        services.delegation_create(actor=world.admin, **_delegation_fields(world, **bad))
    assert str(message) in " ".join(exc.value.messages)
    assert Delegation.objects.count() == 0
    assert not AuditEvent.objects.exists()


def test_it_refuses_an_unknown_field(world):
    with pytest.raises(DomainError):
        services.agency_update(world.agency_a, actor=world.admin, search_text="x")


def test_it_updates_an_agency_with_old_and_new_values(world):
    services.agency_update(world.agency_b, actor=world.admin, short_name="UBND Mường Phăng")
    event = AuditEvent.objects.get(action="org.agency.changed")
    assert event.data == {"old": {"short_name": ""}, "new": {"short_name": "UBND Mường Phăng"}}
    assert Agency.objects.get(pk=world.agency_b.pk).short_name == "UBND Mường Phăng"


def test_it_writes_nothing_when_nothing_changes(world):
    services.agency_update(world.agency_b, actor=world.admin, name=world.agency_b.name)
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_duplicate_identifier_code_and_changes_nothing(world):
    with pytest.raises(ValidationError):
        services.agency_update(
            world.agency_b, actor=world.admin, identifier_code=world.agency_a.identifier_code
        )
    world.agency_b.refresh_from_db()
    assert world.agency_b.identifier_code == "000.02.01.H18"
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_term_ending_before_it_starts(world):
    with pytest.raises(ValidationError) as exc:
        services.term_create(
            actor=world.admin,
            person=world.specialist.person_obj,
            title=PositionTitle.DEPUTY,
            agency=world.department,
            started_on=dt.date(2025, 7, 1),
            ended_on=dt.date(2025, 6, 1),
        )
    assert str(TERM_ENDS_BEFORE_START) in " ".join(exc.value.messages)
    assert Term.objects.filter(person=world.specialist.person_obj).count() == 0


def test_it_ends_a_term_with_an_audit_event(world):
    term = world.head.person_obj.terms.get()
    services.term_update(term, actor=world.admin, ended_on=dt.date(2025, 12, 31))
    assert AuditEvent.objects.get(action="org.term.changed").data["new"] == {
        "ended_on": "2025-12-31"
    }


def test_it_creates_units_people_and_quotas_by_id(world):
    unit = services.unit_create(
        actor=world.admin,
        code="99999",
        name="Xã Mới",
        level="commune",
        unit_type="xa",
        parent_id=world.province.pk,
        province_code="11",
    )
    person = services.person_create(actor=world.admin, full_name="Vừ A Mới")
    quota = services.quota_create(
        actor=world.admin,
        agency_id=world.agency_a.pk,
        year=2025,
        kind=QuotaKind.CIVIL_SERVANT,
        approved=10,
        filled=11,
    )
    assert unit.parent == world.province
    assert person.search_text == "vu a moi"
    assert quota.difference == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {
        "org.administrativeunit.created",
        "org.person.created",
        "org.staffingquota.created",
    }


def test_it_refuses_a_second_quota_for_the_same_agency_year_and_kind(world):
    StaffingQuota.objects.create(
        agency=world.agency_a, year=2025, kind=QuotaKind.CIVIL_SERVANT, approved=1, filled=1
    )
    with pytest.raises(ValidationError):
        services.quota_create(
            actor=world.admin,
            agency=world.agency_a,
            year=2025,
            kind=QuotaKind.CIVIL_SERVANT,
            approved=2,
            filled=2,
        )
    assert StaffingQuota.objects.count() == 1


def test_it_revokes_a_delegation_once(world):
    d = f.DelegationFactory(agency=world.agency_a)
    services.delegation_revoke(d, actor=world.admin, on=dt.date(2025, 10, 1), note="Thu hồi")
    d.refresh_from_db()
    assert d.revoked_on == dt.date(2025, 10, 1)
    assert d.revoked_by == world.admin
    assert AuditEvent.objects.filter(action="org.delegation.revoked").count() == 1
    with pytest.raises(DomainError) as exc:
        services.delegation_revoke(d, actor=world.admin)
    assert exc.value.message == services.ALREADY_REVOKED
    with pytest.raises(DomainError):
        services.delegation_update(d, actor=world.admin, note="x")


def test_it_refuses_to_revoke_before_the_legal_basis(world):
    d = f.DelegationFactory(agency=world.agency_a)
    with pytest.raises(DomainError):
        services.delegation_revoke(d, actor=world.admin, on=dt.date(2020, 1, 1))
    d.refresh_from_db()
    assert d.revoked_on is None
