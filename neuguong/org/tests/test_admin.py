import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.org import models
from neuguong.org.tests import factories as f


@pytest.fixture
def world(module_world):
    """The personas are built once for this module (root conftest)."""
    return module_world


ORG_MODELS = [
    models.AdministrativeUnit,
    models.Agency,
    models.PartyOrganization,
    models.Person,
    models.Term,
    models.StaffingQuota,
    models.Delegation,
    models.Membership,
]


@pytest.fixture
def superuser(db):
    user = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    return user


@pytest.mark.parametrize("model", ORG_MODELS)
def test_it_offers_every_org_model_in_the_admin_with_search(world, login, superuser, model):
    client = login(superuser)
    name = f"admin:org_{model._meta.model_name}_changelist"
    assert client.get(reverse(name), {"q": "dien bien"}).status_code == 200
    assert client.get(reverse(f"admin:org_{model._meta.model_name}_add")).status_code == 200


def test_it_shows_terms_inline_on_the_person_and_agency_pages(world, login, superuser):
    client = login(superuser)
    person_page = client.get(reverse("admin:org_person_change", args=[world.head.person_obj.pk]))
    agency_page = client.get(reverse("admin:org_agency_change", args=[world.agency_a.pk]))
    assert "terms-TOTAL_FORMS" in person_page.content.decode()
    assert "terms-TOTAL_FORMS" in agency_page.content.decode()


def test_it_forbids_the_admin_to_other_users(world, login):
    response = login(world.outsider).get(reverse("admin:org_agency_changelist"))
    assert response.status_code == 302


def _save(modeladmin, obj, data, user, change=True):
    request = RequestFactory().post("/")
    request.user = user
    form_class = modeladmin.get_form(request, obj if change else None, change=change)
    form = form_class(data=data, instance=obj if change else None)
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    modeladmin.save_model(request, saved, form, change)
    return saved


def test_it_audits_an_admin_edit_with_old_and_new_values(world, superuser):
    modeladmin = admin.site._registry[models.Person]
    person = world.head.person_obj
    data = {"full_name": "Persona head (renamed)", "email": "", "phone": "", "user": world.head.pk}
    _save(modeladmin, person, data, superuser)
    event = AuditEvent.objects.get(action="org.person.changed_in_admin")
    assert event.actor == superuser
    assert event.data == {
        "old": {"full_name": "Persona head"},
        "new": {"full_name": "Persona head (renamed)"},
    }


def test_it_audits_an_admin_delete(world, superuser):
    modeladmin = admin.site._registry[models.Person]
    person = f.PersonFactory()
    request = RequestFactory().post("/")
    request.user = superuser
    modeladmin.delete_model(request, person)
    assert AuditEvent.objects.filter(action="org.person.deleted_in_admin").count() == 1


def test_it_searches_the_admin_without_diacritics(world, login, superuser):
    f.DelegationFactory(agency=world.agency_a, kind="authorisation", legal_basis_number="5/UQ")
    f.DelegationFactory(agency=world.agency_a, kind="decentralisation", legal_basis_number="6/PC")
    client = login(superuser)
    body = client.get(reverse("admin:org_delegation_changelist"), {"q": "uy quyen"}).content
    assert "5/UQ" in body.decode()
    assert "6/PC" not in body.decode()
    body = client.get(reverse("admin:org_agency_changelist"), {"q": "muong phang"}).content
    assert world.agency_b.name in body.decode()
