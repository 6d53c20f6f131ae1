"""Issue 8 follow-ups in identity and login: citizens sign in only through VNeID (Decree 69/2024/NĐ-CP;
"Staff keep local accounts"), so a citizen's account is refused at the password login with a message
that points to "Đăng nhập bằng VNeID"; staff still log in; a VNeID session (or force_login) stays valid;
and gunicorn serves with threads, so the sign-in's requests back to the server never wait for a worker."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.utils import timezone

from neuguong.core.identity.backend import password_login_refused
from neuguong.core.identity.models import CitizenIdentity
from neuguong.core.management.commands.serve import gunicorn_argv

pytestmark = pytest.mark.django_db


def _post_login(client, user, password):
    return client.post("/login/", {"username": user.username, "password": password})


def test_a_citizen_with_the_right_password_is_sent_to_vneid(client, world, settings):
    settings.DEMO_ALLOWED = True
    response = _post_login(client, world.citizen, world.password)
    assert response.status_code == 200  # the form again, not a redirect
    html = response.content.decode()
    assert "Công dân đăng nhập bằng định danh điện tử quốc gia VNeID" in html
    assert "“Đăng nhập bằng VNeID”" in html
    assert "data-vneid-sign-in" in html
    assert "_auth_user_id" not in client.session


def test_the_message_reads_in_english_too(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _post_login(client, world.citizen, world.password).content.decode()
    assert "Citizens sign in with the national electronic identity VNeID" in html
    assert "Passwords are for staff accounts." in html


def test_a_wrong_password_does_not_tell_a_citizen_from_anyone(client, world):
    html = _post_login(client, world.citizen, "wrong-password").content.decode()
    assert "VNeID (Nghị định" not in html
    assert "_auth_user_id" not in client.session


def test_the_backend_refuses_a_citizen_and_admits_staff(world, rf):
    request = rf.post("/login/")
    assert authenticate(request, username="citizen", password=world.password) is None
    assert authenticate(request, username="reception", password=world.password) == world.reception
    assert authenticate(request, username="admin", password=world.password) == world.admin


def test_staff_still_log_in_with_their_password(client, world):
    response = _post_login(client, world.head, world.password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.head.pk)


def test_the_admin_login_refuses_a_citizen_too(client, world):
    response = client.post(
        "/admin/login/", {"username": "citizen", "password": world.password, "next": "/admin/"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_who_is_refused(world):
    from neuguong.org.models import Membership
    from neuguong.org.tests import factories as f

    assert password_login_refused(world.citizen)
    assert not password_login_refused(world.reception)
    assert not password_login_refused(world.admin)
    # A staff member who is also a citizen keeps the staff login.
    Membership.objects.create(user=world.head, role="citizen")
    assert not password_login_refused(world.head)
    # An account with no role but a VNeID identity is a citizen's.
    bare = f.UserFactory(username="bare")
    assert not password_login_refused(bare)
    CitizenIdentity.objects.create(
        user=bare,
        provider="vneid",
        subject="s-bare",
        id_number="011190009999",
        full_name="Lò Văn Bản",
        created_at=timezone.now(),
    )
    assert password_login_refused(bare)


def test_a_session_opened_for_a_citizen_stays_valid(client, world):
    client.force_login(world.citizen)
    assert client.get("/onestop/mine/").status_code == 200


def test_gunicorn_serves_with_threads():
    argv = gunicorn_argv(host="127.0.0.1", port=8111, workers=2)
    assert argv[argv.index("--worker-class") + 1] == "gthread"
    assert argv[argv.index("--threads") + 1] == "4"
    assert argv[argv.index("--workers") + 1] == "2"
    assert "--reload" not in argv
