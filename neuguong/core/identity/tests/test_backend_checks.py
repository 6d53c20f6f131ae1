"""The checks the backend adds to mozilla-django-oidc: the ID token's audience, issuer and expiry, and
the userinfo's subject equal to the ID token's."""

import datetime as dt

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation

from neuguong.core.identity.backend import CitizenOIDCBackend
from neuguong.core.identity.config import Provider
from neuguong.core.identity.models import CitizenIdentity

ISSUER = "https://vneid.example.gov.vn"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _backend() -> CitizenOIDCBackend:
    backend = CitizenOIDCBackend()
    backend.provider = Provider(
        name=ISSUER,
        issuer=ISSUER,
        authorization_endpoint="",
        token_endpoint="",
        userinfo_endpoint="",
        jwks_endpoint="",
        client_id="portal",
        client_secret="s",
    )
    backend.OIDC_RP_SIGN_ALGO = "RS256"
    return backend


def _token(**overrides) -> str:
    now = dt.datetime.now(dt.UTC)
    claims = {
        "iss": ISSUER,
        "aud": "portal",
        "sub": "abc",
        "iat": now,
        "exp": now + dt.timedelta(minutes=5),
        **overrides,
    }
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, KEY, algorithm="RS256")


def test_a_good_id_token_passes():
    assert _backend()._verify_jws(_token(), KEY.public_key())["sub"] == "abc"


@pytest.mark.parametrize(
    "overrides",
    [
        {"aud": "another-portal"},
        {"iss": "https://evil.example"},
        {"exp": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)},
        {"aud": None},
    ],
    ids=["audience", "issuer", "expired", "no-audience"],
)
def test_an_id_token_for_someone_else_or_expired_is_refused(overrides):
    with pytest.raises(SuspiciousOperation):
        _backend()._verify_jws(_token(**overrides), KEY.public_key())


def test_an_id_token_signed_with_another_algorithm_is_refused():
    token = jwt.encode({"iss": ISSUER, "aud": "portal", "sub": "abc"}, "s" * 32, algorithm="HS256")
    with pytest.raises(SuspiciousOperation):
        _backend()._verify_jws(token, KEY.public_key())


@pytest.mark.django_db
def test_userinfo_about_another_person_is_refused(monkeypatch):
    backend = _backend()
    monkeypatch.setattr(
        backend,
        "get_userinfo",
        lambda *a: {"sub": "someone-else", "citizen_id": "011190001234", "name": "X"},
    )
    with pytest.raises(SuspiciousOperation):
        backend.get_or_create_user("access", "id", {"sub": "abc"})
    assert not CitizenIdentity.objects.exists()
