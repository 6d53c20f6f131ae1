import datetime as dt

import pytest
from django.urls import reverse

from neuguong.org.constants import PositionTitle, QuotaKind
from neuguong.org.models import StaffingQuota
from neuguong.org.tests import factories as f


@pytest.fixture
def world(module_world):
    """The personas are built once for this module (root conftest)."""
    return module_world


def _url(world, name):
    args = {
        "org-agency-detail": lambda: [world.agency_a.pk],
        "org-person-detail": lambda: [world.head.person_obj.pk],
    }.get(name, list)()
    return reverse(name, args=args)


# url name × persona → expected status. Every page has a persona that may and one that may not.
ACCESS = [
    ("org-unit-tree", "reception", 200),
    ("org-unit-tree", "citizen", 403),
    ("org-agency-list", "specialist", 200),
    ("org-agency-list", "citizen", 403),
    ("org-agency-detail", "head", 200),
    ("org-agency-detail", "colleague", 200),  # staff see their own agency
    ("org-agency-detail", "reception", 403),
    ("org-agency-detail", "outsider", 403),
    ("org-person-list", "head", 200),
    ("org-person-list", "citizen", 403),
    ("org-person-detail", "inspector", 200),
    ("org-person-detail", "outsider", 403),
    ("org-delegation-list", "head", 200),
    ("org-delegation-list", "citizen", 403),
    ("org-may-sign", "head", 200),
    ("org-may-sign", "citizen", 403),
    ("org-quota-report", "admin", 200),
    ("org-quota-report", "citizen", 403),
]


@pytest.mark.parametrize(("name", "persona", "status"), ACCESS)
def test_it_lets_only_the_right_personas_in(world, login, name, persona, status):
    response = login(getattr(world, persona)).get(_url(world, name))
    assert response.status_code == status


@pytest.mark.parametrize("name", sorted({row[0] for row in ACCESS}))
def test_it_sends_visitors_to_the_login_page(world, client, name):
    response = client.get(_url(world, name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_the_districts_before_the_2025_reform(world, login):
    district = f.UnitFactory(
        name="Huyện Mường Ảng",
        level="district",
        unit_type="huyen",
        parent=world.province,
        valid_to=dt.date(2025, 6, 30),
    )
    f.UnitFactory(name="Xã Ẳng Nưa", parent=district, valid_to=dt.date(2025, 6, 30))
    client = login(world.admin)
    before = client.get(reverse("org-unit-tree"), {"at": "2025-06-01"}).content.decode()
    after = client.get(reverse("org-unit-tree"), {"at": "2025-07-01"}).content.decode()
    assert "Huyện Mường Ảng" in before
    assert "Xã Ẳng Nưa" in before
    assert "Huyện Mường Ảng" not in after


def test_it_finds_agencies_without_diacritics(world, login):
    response = login(world.admin).get(reverse("org-agency-list"), {"q": "muong phang"})
    assert world.agency_b.name in response.content.decode()
    assert world.agency_a.name not in response.content.decode()


def test_it_answers_htmx_search_with_the_results_partial(world, login):
    response = login(world.admin).get(
        reverse("org-agency-list"), {"q": "muong"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert world.agency_b.name in body


def test_it_shows_head_deputies_staffing_and_delegations_on_the_agency_page(world, login):
    deputy = f.PersonFactory(full_name="Lò Văn Phó")
    f.TermFactory(person=deputy, agency=world.agency_a, title=PositionTitle.DEPUTY)
    StaffingQuota.objects.create(
        agency=world.agency_a,
        year=dt.date.today().year,
        kind=QuotaKind.CIVIL_SERVANT,
        approved=20,
        filled=23,
    )
    f.DelegationFactory(
        delegator=world.head.person_obj,
        delegate=deputy,
        agency=world.agency_a,
        legal_basis_number="77/QĐ-UBND",
    )
    body = login(world.head).get(_url(world, "org-agency-detail")).content.decode()
    assert world.head.person_obj.full_name in body
    assert "Lò Văn Phó" in body
    assert "+3" in body
    assert "77/QĐ-UBND" in body


def test_it_lists_a_persons_terms(world, login):
    body = login(world.admin).get(_url(world, "org-person-detail")).content.decode()
    assert world.agency_a.name in body


def test_it_finds_delegations_without_diacritics(world, login):
    f.DelegationFactory(agency=world.agency_a, kind="authorisation", legal_basis_number="12/QĐ")
    f.DelegationFactory(agency=world.agency_a, kind="decentralisation", legal_basis_number="13/QĐ")
    body = login(world.admin).get(reverse("org-delegation-list"), {"q": "uy quyen"}).content
    assert "12/QĐ" in body.decode()
    assert "13/QĐ" not in body.decode()


def test_it_filters_delegations_by_validity_date(world, login):
    f.DelegationFactory(
        agency=world.agency_a,
        legal_basis_number="OLD/1",
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
        legal_basis_date=dt.date(2024, 1, 1),
    )
    f.DelegationFactory(agency=world.agency_a, legal_basis_number="NEW/1")
    client = login(world.admin)
    body = client.get(reverse("org-delegation-list"), {"at": "2024-06-01"}).content.decode()
    assert "OLD/1" in body
    assert "NEW/1" not in body


def test_it_hides_out_of_scope_delegations(world, login):
    f.DelegationFactory(agency=world.agency_b, legal_basis_number="B/1")
    body = login(world.head).get(reverse("org-delegation-list")).content.decode()
    assert "B/1" not in body


def test_it_checks_who_may_sign_and_names_the_delegation(world, login):
    deputy = f.PersonFactory(full_name="Quàng Thị Ký")
    f.TermFactory(person=deputy, agency=world.agency_a, title=PositionTitle.DEPUTY)
    f.DelegationFactory(
        delegator=world.head.person_obj,
        delegate=deputy,
        agency=world.agency_a,
        procedure_codes=["1.001193"],
        legal_basis_number="88/QĐ-UBND",
    )
    client = login(world.head)
    params = {"person": deputy.pk, "subject": "1.001193", "agency": world.agency_a.pk}
    yes = client.get(reverse("org-may-sign"), {**params, "at": "2025-08-01"}).content.decode()
    assert 'data-allowed="yes"' in yes
    assert "88/QĐ-UBND" in yes
    no = client.get(reverse("org-may-sign"), {**params, "at": "2025-06-01"}).content.decode()
    assert 'data-allowed="no"' in no


def test_it_refuses_to_check_an_out_of_scope_agency(world, login):
    client = login(world.head)
    params = {"person": world.head.person_obj.pk, "subject": "x", "agency": world.agency_b.pk}
    body = client.get(reverse("org-may-sign"), params).content.decode()
    assert "data-allowed" not in body


def test_it_splits_the_staffing_report_into_over_and_under_quota(world, login):
    for agency, approved, filled in ((world.agency_a, 10, 12), (world.agency_b, 10, 7)):
        StaffingQuota.objects.create(
            agency=agency, year=2025, kind=QuotaKind.CIVIL_SERVANT, approved=approved, filled=filled
        )
    response = login(world.admin).get(reverse("org-quota-report"), {"year": 2025})
    assert [q.agency for q in response.context["over"]] == [world.agency_a]
    assert [q.agency for q in response.context["under"]] == [world.agency_b]


def test_it_keeps_the_staffing_report_in_scope(world, login):
    StaffingQuota.objects.create(
        agency=world.agency_b, year=2025, kind=QuotaKind.CIVIL_SERVANT, approved=1, filled=2
    )
    response = login(world.head).get(reverse("org-quota-report"), {"year": 2025})
    assert response.context["over"] == []


# ---- query-count locks: list pages must not grow with their rows -----------------------------


def _many_agencies(world, n=30):
    for i in range(n):
        agency = f.AgencyFactory(
            unit=world.commune_a, parent=world.agency_a, identifier_code=f"T00.{i}.H18"
        )
        f.TermFactory(agency=agency)
        f.DelegationFactory(agency=agency)
        StaffingQuota.objects.create(
            agency=agency, year=2025, kind=QuotaKind.CIVIL_SERVANT, approved=3, filled=4
        )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("org-agency-list", {}),
        ("org-agency-list", {"q": "uy ban"}),
        ("org-delegation-list", {}),
        ("org-unit-tree", {}),
        ("org-person-list", {}),
        ("org-person-list", {"q": "nguyen"}),
        ("org-quota-report", {"year": 2025}),
    ],
)
@pytest.mark.parametrize("persona", ["admin", "head"])
def test_it_locks_the_query_count_of_list_pages(
    world, login, django_assert_max_num_queries, name, params, persona
):
    _many_agencies(world)
    client = login(getattr(world, persona))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name), params)
    assert response.status_code == 200


def test_it_labels_the_register_in_vietnamese(world, login):
    body = login(world.head).get(reverse("org-delegation-list")).content.decode()
    assert "Sổ phân cấp, ủy quyền" in body


@pytest.mark.parametrize("name", ["org-delegation-list", "org-unit-tree"])
def test_it_answers_htmx_with_partials_on_every_searchable_page(world, login, name):
    f.DelegationFactory(agency=world.agency_a, legal_basis_number="HX/1")
    response = login(world.admin).get(reverse(name), {"q": "dien"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_it_answers_the_may_sign_form_with_a_partial_for_htmx(world, login):
    params = {
        "person": world.head.person_obj.pk,
        "subject": "1.001193",
        "agency": world.agency_a.pk,
        "at": "2025-08-01",
    }
    response = login(world.head).get(reverse("org-may-sign"), params, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'data-allowed="yes"' in body


def test_it_shows_the_agency_as_it_stood_on_an_earlier_date(world, login):
    old = f.PersonFactory(full_name="Trưởng Cũ")
    f.TermFactory(
        person=old,
        agency=world.agency_a,
        started_on=dt.date(2021, 1, 1),
        ended_on=dt.date(2025, 6, 30),
    )
    client = login(world.admin)
    response = client.get(_url(world, "org-agency-detail"), {"at": "2025-06-01"})
    assert response.context["head"] == old
    response = client.get(_url(world, "org-agency-detail"), {"at": "2025-07-01"})
    assert response.context["head"] == world.head.person_obj


def test_it_answers_404_for_an_agency_that_does_not_exist(world, login):
    response = login(world.admin).get(reverse("org-agency-detail", args=[999999]))
    assert response.status_code == 404


def test_it_finds_people_without_diacritics_and_in_scope_only(world, login):
    f.TermFactory(person=f.PersonFactory(full_name="Lường Văn Sơn"), agency=world.agency_a)
    f.TermFactory(person=f.PersonFactory(full_name="Lường Thị Hoa"), agency=world.agency_b)
    body = login(world.head).get(reverse("org-person-list"), {"q": "luong"}).content.decode()
    assert "Lường Văn Sơn" in body
    assert "Lường Thị Hoa" not in body
