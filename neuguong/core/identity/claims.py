"""From the provider's userinfo claims to the citizen's identity (docs/identity.md, "Claims")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousOperation

_SPACES = re.compile(r"[\s.-]+")


@dataclass(frozen=True)
class IdentityClaims:
    subject: str
    id_number: str
    full_name: str
    phone: str = ""
    email: str = ""
    birth_date: dt.date | None = None


def _text(claims: dict, name: str, limit: int) -> str:
    value = claims.get(name)
    return str(value).strip()[:limit] if isinstance(value, str | int) else ""


def _birth_date(value) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def identity_claims(claims: dict) -> IdentityClaims:
    """The identity in `claims`; SuspiciousOperation (sign-in refused) without a subject, a name and
    a 12-digit citizen ID number: a citizen never types it, so a provider that does not send it
    cannot sign anyone in."""
    subject = _text(claims, "sub", 255)
    id_number = _SPACES.sub("", _text(claims, settings.OIDC_CLAIM_ID_NUMBER, 40))
    full_name = _text(claims, "name", 200)
    if not subject:
        raise SuspiciousOperation("the provider sent no subject (sub)")
    if not re.fullmatch(r"[0-9]{12}", id_number):
        raise SuspiciousOperation("the provider sent no 12-digit citizen ID number")
    if not full_name:
        raise SuspiciousOperation("the provider sent no name")
    email = _text(claims, "email", 254)
    return IdentityClaims(
        subject=subject,
        id_number=id_number,
        full_name=full_name,
        phone=_SPACES.sub("", _text(claims, "phone_number", 20)),
        email=email if "@" in email else "",
        birth_date=_birth_date(claims.get("birthdate")),
    )
