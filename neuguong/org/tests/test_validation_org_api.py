"""Issue 7 §7 over the registry API: a null, a control character or a huge integer is a 400 or a
404 that changes nothing, never an IntegrityError or OverflowError 500."""

import json

import pytest

from neuguong.core.audit.models import AuditEvent
from neuguong.org import api as org_api
from neuguong.org.models import (
    AdministrativeUnit,
    Agency,
    Delegation,
    Person,
    StaffingQuota,
    Term,
)
from neuguong.org.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    """One row of each model a PATCH endpoint changes: {path prefix: (model, schema, pk)}."""
    delegation = f.DelegationFactory(
        delegator=world.head.person_obj, delegate=world.specialist.person_obj, agency=world.agency_a
    )
    quota = StaffingQuota.objects.create(
        agency=world.agency_a, year=2025, kind="civil_servant", approved=10, filled=9
    )
    term = Term.objects.filter(person=world.head.person_obj).get()
    return {
        "units": (AdministrativeUnit, org_api.UnitPatch, world.commune_a.pk),
        "agencies": (Agency, org_api.AgencyPatch, world.agency_a.pk),
        "people": (Person, org_api.PersonPatch, world.head.person_obj.pk),
        "terms": (Term, org_api.TermPatch, term.pk),
        "quotas": (StaffingQuota, org_api.QuotaPatch, quota.pk),
        "delegations": (Delegation, org_api.DelegationPatch, delegation.pk),
    }


def _not_nullable():
    """(endpoint, field) for every field of every PATCH schema whose column cannot hold a null."""
    schemas = {
        "units": (AdministrativeUnit, org_api.UnitPatch),
        "agencies": (Agency, org_api.AgencyPatch),
        "people": (Person, org_api.PersonPatch),
        "terms": (Term, org_api.TermPatch),
        "quotas": (StaffingQuota, org_api.QuotaPatch),
        "delegations": (Delegation, org_api.DelegationPatch),
    }
    return [
        (endpoint, name)
        for endpoint, (model, schema) in schemas.items()
        for name in schema.model_fields
        if not model._meta.get_field(name).null
    ]


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_every_patch_schema_has_a_not_nullable_field_under_test():
    endpoints = {endpoint for endpoint, _ in _not_nullable()}
    assert endpoints == {"units", "agencies", "people", "terms", "quotas", "delegations"}


@pytest.mark.parametrize(("endpoint", "field"), _not_nullable())
def test_a_null_for_a_not_nullable_field_is_a_400_and_changes_nothing(
    world, records, login, endpoint, field
):
    model, _schema, pk = records[endpoint]
    before = model.objects.filter(pk=pk).values().get()
    events = AuditEvent.objects.count()

    r = _patch(login(world.admin), f"/api/v1/{endpoint}/{pk}", {field: None})

    assert r.status_code == 400, r.content
    assert r.json()["code"] in {"not_null", "invalid"}
    assert model.objects.filter(pk=pk).values().get() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        ("people", {"full_name": "Nguyễn\x00Văn"}),
        ("people", {"phone": "09\x07"}),
        ("terms", {"decision_ref": "15\x00/QĐ"}),
        ("delegations", {"procedure_codes": ["1.001193\x00"]}),
        ("delegations", {"note": "ghi chú\x1b"}),
    ],
)
def test_a_control_character_in_a_patch_is_a_400(world, records, login, endpoint, body):
    model, _schema, pk = records[endpoint]
    before = model.objects.filter(pk=pk).values().get()
    r = _patch(login(world.admin), f"/api/v1/{endpoint}/{pk}", body)
    assert r.status_code == 400, r.content
    assert model.objects.filter(pk=pk).values().get() == before


def test_a_nullable_field_may_still_be_cleared(world, records, login):
    _model, _schema, pk = records["terms"]
    r = _patch(login(world.admin), f"/api/v1/terms/{pk}", {"ended_on": None})
    assert r.status_code == 200, r.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/terms?person=99999999999999999999",
        "/api/v1/terms?agency=9223372036854775808",
        "/api/v1/quotas?agency=99999999999999999999",
        "/api/v1/quotas?year=99999999999999999999",
        "/api/v1/units?offset=99999999999999999999",
        "/api/v1/agencies?limit=99999999999999999999",
        "/api/v1/people?offset=-1",
        "/api/v1/delegations/may-sign?person=99999999999999999999&subject=x&agency=1",
        "/api/v1/units/99999999999999999999",
        "/api/v1/agencies/%C2%B2",
        "/api/v1/people/0",
        "/api/v1/units?q=%00",
    ],
)
def test_huge_or_odd_integers_are_400_not_500(world, login, url):
    r = login(world.admin).get(url)
    assert r.status_code == 400, r.content
    assert r.json()["code"] in {"invalid", "control_character"}


def test_a_create_with_a_huge_foreign_key_is_a_400(world, login):
    r = login(world.admin).post(
        "/api/v1/terms",
        json.dumps({"person_id": 2**63, "title": "head", "started_on": "2025-07-01"}),
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
