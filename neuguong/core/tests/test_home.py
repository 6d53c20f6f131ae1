import pytest
from django.urls import reverse

from neuguong.org.constants import PositionTitle
from neuguong.org.tests import factories as f


@pytest.fixture
def world(module_world):
    """The personas are built once for this module (root conftest)."""
    return module_world


PERSONAS = [
    "citizen",
    "reception",
    "specialist",
    "head",
    "party_office",
    "supervisor",
    "inspector",
    "admin",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_persona_its_own_home_page(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("home"))
    assert response.status_code == 200
    assert f'data-home="{persona}"' in response.content.decode()


def test_it_welcomes_visitors_with_a_login_link(db, client):
    body = client.get(reverse("home")).content.decode()
    assert 'data-home="public"' in body
    assert reverse("login") in body


def test_it_shows_the_head_their_agency_deputies_and_delegations(world, login):
    deputy = f.PersonFactory(full_name="Lò Thị Phó")
    f.TermFactory(person=deputy, agency=world.agency_a, title=PositionTitle.DEPUTY)
    f.DelegationFactory(
        delegator=world.head.person_obj,
        delegate=deputy,
        agency=world.agency_a,
        legal_basis_number="42/QĐ-UBND",
    )
    body = login(world.head).get(reverse("home")).content.decode()
    assert world.agency_a.name in body
    assert "Lò Thị Phó" in body
    assert "42/QĐ-UBND" in body


def test_it_gives_the_admin_admin_links(world, login):
    body = login(world.admin).get(reverse("home")).content.decode()
    assert reverse("admin:org_delegation_changelist") in body


def test_it_counts_a_user_without_membership_as_a_citizen(db, login):
    user = f.UserFactory(username="nobody")
    body = login(user).get(reverse("home")).content.decode()
    assert 'data-home="citizen"' in body


def test_it_logs_in_with_a_password_and_lands_home(world, client):
    response = client.post(
        reverse("login"), {"username": "head", "password": world.password}, follow=True
    )
    assert 'data-home="head"' in response.content.decode()


def test_it_logs_out(world, login):
    client = login(world.head)
    client.post(reverse("logout"))
    assert 'data-home="public"' in client.get(reverse("home")).content.decode()


def test_it_locks_the_query_count_of_the_head_dashboard(
    world, login, django_assert_max_num_queries
):
    for _ in range(10):
        f.DelegationFactory(delegator=world.head.person_obj, agency=world.agency_a)
    client = login(world.head)
    with django_assert_max_num_queries(15):
        client.get(reverse("home"))


def test_it_speaks_vietnamese_by_default(world, login):
    body = login(world.head).get(reverse("home")).content.decode()
    assert "Cơ quan tôi đứng đầu" in body
    assert "Đăng xuất" in body
