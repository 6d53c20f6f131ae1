"""Django admin of the one-stop shop: procedures with their steps, read-only dossiers and history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from neuguong.onestop.admin import DEADLINE_MISMATCH
from neuguong.onestop.catalogue import working_hours

pytestmark = pytest.mark.django_db


def test_it_warns_when_the_steps_do_not_add_up_to_the_deadline(admin_client, simple):
    simple.deadline_hours = Decimal(40)
    simple.save()
    response = admin_client.get(reverse("admin:onestop_procedure_change", args=[simple.pk]))
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    expected = str(DEADLINE_MISMATCH) % {
        "procedure": simple.code,
        "steps": working_hours(24),
        "deadline": working_hours(40),
    }
    assert expected in messages
    assert "24 giờ làm việc" in expected
    assert "40 giờ làm việc" in expected


def test_it_does_not_warn_when_the_steps_match(admin_client, simple):
    response = admin_client.get(reverse("admin:onestop_procedure_change", args=[simple.pk]))
    assert not list(response.context["messages"])


def test_it_lists_dossiers_with_masked_ids_only(admin_client, receive):
    dossier = receive()
    html = admin_client.get(reverse("admin:onestop_dossier_changelist")).content.decode()
    assert dossier.code in html
    assert dossier.applicant_id_number not in html
    html = admin_client.get(reverse("admin:onestop_dossier_change", args=[dossier.pk]))
    assert dossier.applicant_id_number not in html.content.decode()


def test_it_keeps_transitions_read_only(admin_client, receive):
    dossier = receive()
    transition = dossier.transitions.get()
    assert admin_client.get(reverse("admin:onestop_dossiertransition_add")).status_code == 403
    url = reverse("admin:onestop_dossiertransition_change", args=[transition.pk])
    assert admin_client.post(url, {"action": "return"}).status_code == 403
    transition.refresh_from_db()
    assert transition.action == "receive"


def test_it_keeps_the_admin_closed_to_desk_officers(client, world):
    client.force_login(world.reception)
    response = client.get(reverse("admin:onestop_procedure_changelist"))
    assert response.status_code == 302
