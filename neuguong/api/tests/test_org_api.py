import datetime as dt
import json

import pytest
from openapi_spec_validator import validate

from neuguong.core.models import ApiToken
from neuguong.org.constants import PositionTitle, QuotaKind
from neuguong.org.models import Delegation, StaffingQuota
from neuguong.org.tests import factories as f


@pytest.fixture
def api(client):
    """api(user) → a function calling the API with that user's Bearer token."""

    def _for(user):
        _, raw = ApiToken.issue(user)

        def call(method, path, body=None, **params):
            kwargs = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
            url = f"/api/v1{path}"
            if body is not None:
                return getattr(client, method)(
                    url, data=json.dumps(body), content_type="application/json", **kwargs
                )
            return getattr(client, method)(url, params, **kwargs)

        return call

    return _for


@pytest.fixture
def delegation(world):
    return f.DelegationFactory(
        delegator=world.head.person_obj,
        agency=world.agency_a,
        kind="authorisation",
        procedure_codes=["1.001193"],
        legal_basis_number="15/QĐ-UBND",
    )


def test_it_serves_a_valid_openapi_3_document(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


# ---- authentication ----------------------------------------------------------------------------


def test_it_answers_401_json_without_a_token(world, client):
    response = client.get("/api/v1/agencies")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_it_answers_401_to_a_bad_token(world, client):
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION="Bearer ng_not-a-token")
    assert response.status_code == 401


def test_it_answers_401_to_a_revoked_token(world, client):
    token, raw = ApiToken.issue(world.admin)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=dt.datetime.now(tz=dt.UTC))
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_it_accepts_a_good_token(world, client):
    _, raw = ApiToken.issue(world.admin)
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_it_accepts_the_browser_session(world, login):
    assert login(world.head).get("/api/v1/agencies").status_code == 200


# ---- every endpoint: one persona that may, one that may not -------------------------------------

READS = [
    ("/units", "reception", "citizen"),
    ("/units/{commune_a}", "head", "outsider"),
    ("/agencies", "specialist", "citizen"),
    ("/agencies/{agency_a}", "head", "outsider"),
    ("/people", "head", "citizen"),
    ("/people/{head_person}", "inspector", "outsider"),
    ("/terms", "head", "citizen"),
    ("/quotas", "head", "citizen"),
    ("/delegations", "head", "citizen"),
    ("/delegations/{delegation}", "head", "outsider"),
    (
        "/delegations/may-sign?person={head_person}&subject=1.001193&agency={agency_a}",
        "head",
        "outsider",
    ),
]


def _fill(path, world, delegation):
    return path.format(
        commune_a=world.commune_a.pk,
        agency_a=world.agency_a.pk,
        head_person=world.head.person_obj.pk,
        delegation=delegation.pk,
    )


@pytest.mark.parametrize(("path", "allowed", "forbidden"), READS)
def test_it_lets_staff_read_in_scope_only(world, api, delegation, path, allowed, forbidden):
    url = _fill(path, world, delegation)
    assert api(getattr(world, allowed))("get", url).status_code == 200
    response = api(getattr(world, forbidden))("get", url)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def _writes(world, delegation):
    person = f.PersonFactory()
    term = f.TermFactory(person=person, agency=world.agency_a, title=PositionTitle.DEPUTY)
    quota = StaffingQuota.objects.create(
        agency=world.agency_a, year=2025, kind=QuotaKind.CIVIL_SERVANT, approved=5, filled=5
    )
    n = Delegation.objects.count()
    return [
        ("post", "/units", {"code": f"9{n}", "name": "Xã Mới", "level": "commune",
                            "unit_type": "xa", "parent_id": world.province.pk,
                            "province_code": "11"}),
        ("patch", f"/units/{world.commune_b.pk}", {"name": "Xã Mường Phăng mới"}),
        ("post", "/agencies", {"name": "Sở Mới", "kind": "department", "level": "province",
                               "unit_id": world.province.pk, "identifier_code": "000.00.99.H18",
                               "province_code": "11"}),
        ("patch", f"/agencies/{world.agency_b.pk}", {"short_name": "UBND Mường Phăng"}),
        ("post", "/people", {"full_name": "Vừ A Mới"}),
        ("patch", f"/people/{person.pk}", {"phone": "0215000000"}),
        ("post", "/terms", {"person_id": person.pk, "title": "civil_servant",
                            "agency_id": world.agency_b.pk, "started_on": "2025-07-01"}),
        ("patch", f"/terms/{term.pk}", {"decision_ref": "9/QĐ"}),
        ("post", "/quotas", {"agency_id": world.agency_b.pk, "year": 2025,
                             "kind": "civil_servant", "approved": 10, "filled": 9}),
        ("patch", f"/quotas/{quota.pk}", {"filled": 6}),
        ("post", "/delegations", {"kind": "authorisation", "delegator_id": world.head.person_obj.pk,
                                  "delegate_id": person.pk, "agency_id": world.agency_a.pk,
                                  "procedure_codes": ["2.000815"], "legal_basis_number": "3/QĐ",
                                  "legal_basis_date": "2025-07-01", "valid_from": "2025-07-01"}),
        ("patch", f"/delegations/{delegation.pk}", {"note": "Gia hạn"}),
        ("post", f"/delegations/{delegation.pk}/revoke", {"on": "2025-12-31"}),
    ]  # fmt: skip


@pytest.mark.parametrize("forbidden", ["head", "inspector", "citizen"])
def test_it_forbids_writes_to_non_admins(world, api, delegation, forbidden):
    call = api(getattr(world, forbidden))
    for method, path, body in _writes(world, delegation):
        response = call(method, path, body)
        assert response.status_code == 403, (method, path, response.content)


def test_it_lets_the_admin_write_everything(world, api, delegation):
    call = api(world.admin)
    for method, path, body in _writes(world, delegation):
        response = call(method, path, body)
        assert response.status_code in (200, 201), (method, path, response.content)
    delegation.refresh_from_db()
    assert delegation.revoked_on == dt.date(2025, 12, 31)


def test_it_answers_400_with_the_validation_message(world, api):
    body = {"kind": "authorisation", "delegator_id": world.head.person_obj.pk,
            "delegate_id": world.head.person_obj.pk, "agency_id": world.agency_a.pk,
            "procedure_codes": ["1.1"], "legal_basis_number": "1/QĐ",
            "legal_basis_date": "2025-07-01"}  # fmt: skip
    response = api(world.admin)("post", "/delegations", body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Delegation.objects.count() == 0


# ---- behaviour ---------------------------------------------------------------------------------


def test_it_lists_agencies_with_their_current_head(world, api):
    items = api(world.admin)("get", "/agencies", q="dien bien phu", limit=10).json()["items"]
    by_id = {a["id"]: a for a in items}
    assert by_id[world.agency_a.pk]["head"]["full_name"] == world.head.person_obj.full_name


def test_it_searches_delegations_without_diacritics_and_by_date(world, api, delegation):
    call = api(world.admin)
    assert call("get", "/delegations", q="uy quyen").json()["count"] == 1
    assert call("get", "/delegations", q="phan cap").json()["count"] == 0
    assert call("get", "/delegations", at="2025-06-30").json()["count"] == 0


def test_it_answers_may_sign_with_the_authorising_delegation(world, api, delegation):
    call = api(world.head)
    params = {"person": delegation.delegate.pk, "subject": "1.001193", "agency": world.agency_a.pk}
    f.TermFactory(person=delegation.delegate, agency=world.agency_a, title=PositionTitle.DEPUTY)
    yes = call("get", "/delegations/may-sign", **params, at="2025-08-01").json()
    assert yes["allowed"] is True
    assert yes["delegation"]["legal_basis_number"] == "15/QĐ-UBND"
    no = call("get", "/delegations/may-sign", **params, at="2025-06-01").json()
    assert no["allowed"] is False
    assert no["delegation"] is None


def test_it_lists_only_in_scope_agencies(world, api):
    ids = {a["id"] for a in api(world.head)("get", "/agencies").json()["items"]}
    assert world.agency_a.pk in ids
    assert world.agency_b.pk not in ids


def test_it_locks_the_query_count_of_the_agency_list(world, api, django_assert_max_num_queries):
    for i in range(30):
        f.TermFactory(agency=f.AgencyFactory(unit=world.commune_a, identifier_code=f"Q.{i}"))
    call = api(world.head)
    with django_assert_max_num_queries(12):
        assert call("get", "/agencies", limit=100).status_code == 200


def test_it_answers_404_json_for_a_missing_delegation(world, api):
    response = api(world.admin)("get", "/delegations/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_refuses_a_revoke_twice_with_a_json_error(world, api, delegation):
    call = api(world.admin)
    assert call("post", f"/delegations/{delegation.pk}/revoke", {}).status_code == 200
    response = call("post", f"/delegations/{delegation.pk}/revoke", {})
    assert response.status_code == 400
    assert response.json()["code"] == "already_revoked"


def test_it_gives_the_head_of_an_agency_on_a_date(world, api):
    call = api(world.admin)
    before = call("get", f"/agencies/{world.agency_a.pk}", at="2025-06-30").json()
    after = call("get", f"/agencies/{world.agency_a.pk}", at="2025-07-01").json()
    assert before["head"] is None
    assert after["head"]["id"] == world.head.person_obj.pk


def test_it_lists_a_persons_terms(world, api):
    body = api(world.head)("get", f"/people/{world.head.person_obj.pk}").json()
    assert [t["agency_id"] for t in body["terms"]] == [world.agency_a.pk]
