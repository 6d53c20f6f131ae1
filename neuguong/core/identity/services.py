"""Writes of citizen identities: a sign-in through the identity provider."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone

from neuguong.core.audit import log_action
from neuguong.core.identity.claims import IdentityClaims
from neuguong.core.identity.models import CitizenIdentity
from neuguong.core.identity.signals import citizen_signed_in
from neuguong.core.roles import Role


def _new_username() -> str:
    # Never the ID number: usernames show in lists and logs.
    return f"vneid-{secrets.token_hex(6)}"


def citizen_sign_in(*, provider: str, claims: IdentityClaims, at=None):
    """The citizen account for these verified claims: found by (provider, subject), else by the
    ID number (the same person after a provider's issuer changed), else created with the citizen
    role. The identity is brought up to date with the claims and the sign-in audited
    (identity.citizen.signed_in, no personal data in the event). Staff accounts cannot be taken
    over: an identity is only ever attached to an account made for it.
    """
    from neuguong.org.models import Membership

    at = at or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        identity = (
            CitizenIdentity.objects.select_for_update()
            .filter(provider=provider, subject=claims.subject)
            .first()
        )
        if identity is None:
            identity = (
                CitizenIdentity.objects.select_for_update()
                .filter(id_number=claims.id_number)
                .first()
            )
        elif identity.id_number != claims.id_number:
            # One subject, two ID numbers: the provider is confused or someone is replaying.
            raise SuspiciousOperation("the provider changed the ID number of a known subject")
        created = identity is None
        if identity is None:
            user = User.objects.create_user(_new_username())
            user.set_unusable_password()
            identity = CitizenIdentity(user=user)
        else:
            user = identity.user
        user.first_name = claims.full_name[:150]
        user.email = claims.email
        user.save(
            update_fields=["first_name", "email", "password"]
            if created
            else ["first_name", "email"]
        )
        identity.provider = provider
        identity.subject = claims.subject
        identity.id_number = claims.id_number
        identity.full_name = claims.full_name
        identity.phone = claims.phone
        identity.email = claims.email
        identity.birth_date = claims.birth_date
        identity.last_login_at = at
        identity.save()
        Membership.objects.get_or_create(
            user=user, role=Role.CITIZEN, agency=None, unit=None, party_org=None
        )
        log_action(
            identity,
            "identity.citizen.signed_in",
            actor=user,
            data={"provider": provider, "created": created},
        )
        citizen_signed_in.send(
            sender=CitizenIdentity, user=user, identity=identity, created=created, at=at
        )
    return user
