"""The admin: an Open311 client's key is shown once and only its hash kept; items are read-only."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.feedback.models import Open311Client
from neuguong.feedback.tests.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(world):
    user = world.admin
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_issuing_an_open311_key_shows_it_once(superuser, client):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:feedback_open311client_add"), {"name": "Ứng dụng Zalo", "contact": ""}
    )
    assert response.status_code == 302
    import re

    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    found = Open311Client.objects.get()
    raw = re.search(r"o311_[\w-]+", shown).group(0)
    assert raw.startswith("o311_")
    assert Open311Client.authenticate(raw) == found
    assert raw not in found.key_hash
    assert AuditEvent.objects.filter(action="feedback.open311client.issued").exists()


def test_items_are_read_only_in_the_admin(superuser, client, world):
    item = submit(world)
    client.force_login(superuser)
    page = client.get(reverse("admin:feedback_feedbackitem_change", args=[item.pk]))
    assert page.status_code == 200
    assert "0912345678" not in page.content.decode()
    assert client.get(reverse("admin:feedback_feedbackitem_add")).status_code == 403


def test_the_configuration_pages_open(superuser, client):
    client.force_login(superuser)
    for name in ("category", "routingrule", "answertemplate", "open311client"):
        assert client.get(reverse(f"admin:feedback_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:feedback_{name}_add")).status_code == 200
