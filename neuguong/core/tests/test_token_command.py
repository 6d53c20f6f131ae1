import io

import pytest
from django.core.management import CommandError, call_command

from neuguong.core.models import ApiToken


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_it_prints_a_token_that_authenticates(world):
    raw = _run("create", "admin", "--name", "laptop")
    assert ApiToken.authenticate(raw) == world.admin
    assert ApiToken.objects.get(user=world.admin).name == "laptop"


def test_it_revokes_a_token_by_prefix(world, client):
    raw = _run("create", "admin")
    assert "Revoked 1" in _run("revoke", raw[:10])
    assert ApiToken.authenticate(raw) is None
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Unknown user"):
        _run("create", "nobody")


def test_it_refuses_an_unknown_prefix(db):
    with pytest.raises(CommandError, match="No active token"):
        _run("revoke", "ng_zzzzzzz")


def test_it_lists_tokens(world):
    raw = _run("create", "head")
    assert raw[:10] in _run("list", "head")
