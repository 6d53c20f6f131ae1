import pytest
from django.contrib.auth.models import AnonymousUser, User

from neuguong.core.identity.models import CitizenIdentity
from neuguong.core.identity.selectors import identity_of

pytestmark = pytest.mark.django_db


def test_identity_of_returns_the_users_identity_or_none():
    citizen = User.objects.create_user("c1")
    staff = User.objects.create_user("s1")
    identity = CitizenIdentity.objects.create(
        user=citizen,
        provider="https://vneid.example",
        subject="sub-1",
        id_number="001099012345",
        full_name="Nguyễn Văn A",
        phone="0912345678",
    )
    assert identity_of(citizen) == identity
    assert identity_of(citizen).id_number == "001099012345"
    assert identity_of(staff) is None
    assert identity_of(AnonymousUser()) is None
    assert identity_of(None) is None


def test_str_masks_the_id_number():
    user = User.objects.create_user("c2")
    identity = CitizenIdentity.objects.create(
        user=user, provider="p", subject="s", id_number="001099012345", full_name="B"
    )
    assert "001099012345" not in str(identity)
    assert str(identity).endswith("2345")
