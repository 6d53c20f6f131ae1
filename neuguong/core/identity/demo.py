"""The demo's residents at the stand-in VNeID and the portal's registration there (`make demo`).

The demo citizen account ("citizen") is one of them, with its identity already linked, so that
signing in through the stand-in lands in that account; the others have no portal account yet, and
their first sign-in makes one, as a citizen's first VNeID sign-in does.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from neuguong.core.audit import log_action
from neuguong.core.identity.config import DEMO_PROVIDER
from neuguong.core.identity.demo_provider import (
    create_demo_resident,
    ensure_demo_application,
    ensure_signing_key,
)
from neuguong.core.identity.models import CitizenIdentity

# (subject, citizen ID number, name, phone, birth date). 011 is Điện Biên's code in the ID number.
RESIDENTS = [
    ("demo-citizen", "011090001234", "Lò Văn Minh", "0912000111", dt.date(1990, 3, 14)),
    ("demo-hoa", "011195004321", "Quàng Thị Hoa", "0913000222", dt.date(1995, 8, 2)),
    ("demo-son", "011087007777", "Tòng Văn Sơn", "0914000333", dt.date(1987, 11, 20)),
]


@transaction.atomic
def load_demo_identities(citizen_user=None) -> list[tuple[str, str]]:
    """Idempotent. Returns (ID number, name) of the residents, to print beside the demo accounts."""
    ensure_demo_application()
    ensure_signing_key()  # generated now, into the database, so every worker serves the same key
    rows = []
    for i, (subject, id_number, name, phone, born) in enumerate(RESIDENTS):
        user = citizen_user if i == 0 else None
        resident = create_demo_resident(
            user=user,
            subject=subject,
            id_number=id_number,
            full_name=name,
            phone=phone,
            email=f"{subject}@demo.neuguong.local",
            birth_date=born,
        )
        if user is not None and not CitizenIdentity.objects.filter(user=user).exists():
            identity = CitizenIdentity.objects.create(
                user=user,
                provider=DEMO_PROVIDER,
                subject=resident.subject,
                id_number=id_number,
                full_name=name,
                phone=phone,
                email=resident.email,
                birth_date=born,
                last_login_at=None,
                created_at=timezone.now(),
            )
            # An audited record is never written around the log (audit verify would flag it).
            log_action(
                identity, "identity.citizen.linked", actor="system:demo", data={"demo": True}
            )
        rows.append((id_number, name))
    return rows
