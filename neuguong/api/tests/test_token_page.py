"""The staff page of the API tokens (issue 8 §8): admin only; the token is shown once and only its hash is
stored; issuing and revoking are audited; bad input is a 400 and changes nothing."""

import hashlib

import pytest
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.core.models import ApiToken

URL = reverse("api-tokens")


@pytest.fixture
def world(module_world):
    return module_world


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("inspector", 403), ("head", 403), ("reception", 403), ("citizen", 403)],
)
def test_only_an_administrator_may_open_it(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == status


@pytest.mark.django_db
def test_others_cannot_issue_or_revoke(client, world):
    token, _raw = ApiToken.issue(world.head, name="mine")
    client.force_login(world.inspector)
    assert client.post(URL, {"user": world.inspector.pk, "name": "x"}).status_code == 403
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 403
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_a_token_is_shown_once_stored_as_its_hash_and_audited(client, world):
    client.force_login(world.admin)
    response = client.post(URL, {"user": world.head.pk, "name": "bảng theo dõi tỉnh"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    body = response.content.decode()
    raw = body.split('<code class="token"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert raw.startswith("ng_")
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values_list().get())
    assert ApiToken.authenticate(raw) == world.head
    event = AuditEvent.objects.get(action="core.apitoken.issued")
    assert event.actor == world.admin
    assert raw not in str(event.data)
    # The list shows the prefix, never the token again.
    listing = client.get(URL).content.decode()
    assert token.prefix in listing
    assert raw not in listing


@pytest.mark.django_db
def test_the_administrator_revokes_a_token_audited(client, world):
    token, raw = ApiToken.issue(world.head, name="cũ")
    client.force_login(world.admin)
    response = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.authenticate(raw) is None
    assert AuditEvent.objects.filter(action="core.apitoken.revoked").count() == 1
    # Twice: refused, nothing changes.
    again = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert again.status_code == 400
    assert "Khóa này đã bị thu hồi" in again.content.decode()
    assert AuditEvent.objects.filter(action="core.apitoken.revoked").count() == 1


@pytest.mark.django_db
def test_revoke_is_post_only(client, world):
    token, _raw = ApiToken.issue(world.head)
    client.force_login(world.admin)
    assert client.get(reverse("api-token-revoke", args=[token.pk])).status_code == 405
    assert client.post(reverse("api-token-revoke", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"user": "", "name": "x"},
        {"user": "999999", "name": "x"},
        {"user": "abc", "name": "x"},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {"name": "tab\x00nul"},
        {"name": "line\nbreak"},
    ],
)
def test_bad_input_is_a_400_and_issues_nothing(client, world, data):
    client.force_login(world.admin)
    data = {"user": world.head.pk, **data}
    response = client.post(URL, data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert ApiToken.objects.count() == 0
    assert not AuditEvent.objects.filter(action="core.apitoken.issued").exists()


@pytest.mark.django_db
def test_an_inactive_account_gets_no_token(client, world):
    world.head.is_active = False
    world.head.save()
    client.force_login(world.admin)
    assert client.post(URL, {"user": world.head.pk, "name": "x"}).status_code == 400
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_the_token_timeline_reads_in_vietnamese(client, world):
    from django.utils import translation

    from neuguong.core.audit.timeline import timeline_for

    client.force_login(world.admin)
    client.post(URL, {"user": world.head.pk, "name": "bảng theo dõi"})
    token = ApiToken.objects.get()
    client.post(reverse("api-token-revoke", args=[token.pk]))
    with translation.override("vi"):
        entries = timeline_for(token, world.inspector)
        text = " ".join(
            [e.title for e in entries] + [f"{f.label} {f.value}" for e in entries for f in e.fields]
        )
    assert "Cấp khóa API" in text
    assert "Thu hồi khóa API" in text
    assert "core.apitoken" not in text
    assert "revoked_at" not in text
    assert "prefix" not in text
