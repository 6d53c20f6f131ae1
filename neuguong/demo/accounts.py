"""One demo account per role (DESIGN.md §1); the username is the role code.

Demo accounts exist only in demo mode (NEUGUONG_DEMO=1, what `make demo` sets) or while NEUGUONG_DEBUG is
on: a known password on a production server would be a hole (`check --deploy` refuses demo mode).
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from neuguong.core.roles import Role
from neuguong.demo.province import ACTOR, HOME_WARD, agencies_of_commune, code
from neuguong.org import services
from neuguong.org.constants import PositionTitle
from neuguong.org.models import (
    AdministrativeUnit,
    Agency,
    Membership,
    PartyOrganization,
    Person,
    Term,
)

DEMO_ROLES = [role.value for role in Role]
# The demo citizen's ID number at the stand-in VNeID (neuguong.core.identity.demo.RESIDENTS).
DEMO_CITIZEN_ID = "011090001234"


def _person_for(user, person: Person | None, full_name: str) -> Person:
    if person is None:
        person = Person.objects.filter(user=user).first() or services.person_create(
            actor=ACTOR, full_name=full_name
        )
    if person.user_id != user.pk:
        person = services.person_update(person, actor=ACTOR, user=user)
    return person


@transaction.atomic
def load_accounts(password: str | None = None) -> list[tuple[str, str, str]]:
    """Create the demo accounts (idempotent). Returns (username, role label, where) rows to print."""
    if not settings.DEMO_ALLOWED:
        raise ImproperlyConfigured(
            "Demo accounts need demo mode: NEUGUONG_DEMO=1 (or NEUGUONG_DEBUG=1 in development). "
            "Tài khoản demo chỉ được tạo ở chế độ demo (NEUGUONG_DEMO=1)."
        )
    # Hashed once: PBKDF2 is deliberately slow, and every demo account shares the printed password.
    hashed = make_password(password or settings.DEMO_PASSWORD)
    User = get_user_model()
    ward = AdministrativeUnit.objects.get(code=HOME_WARD)
    local = agencies_of_commune(ward)
    provincial_party = PartyOrganization.objects.get(name="Đảng bộ tỉnh Điện Biên")
    ward_party = PartyOrganization.objects.get(unit=ward, kind="committee")
    party_office = code("000.00.90")

    def term_person(agency, title):
        term = Term.objects.filter(agency=agency, title=title).order_by("started_on").first()
        return term.person if term else None

    plan: list[tuple[Role, dict[str, Any], Person | None, str]] = [
        # username, scope for the membership, the Person to link (or None), where (printed)
        (
            Role.RECEPTION,
            {"agency": local["desk"]},
            term_person(local["desk"], PositionTitle.CIVIL_SERVANT),
            local["desk"].name,
        ),
        (
            Role.SPECIALIST,
            {"agency": local["pc"]},
            term_person(local["pc"], PositionTitle.CIVIL_SERVANT),
            local["pc"].name,
        ),
        (
            Role.HEAD,
            {"agency": local["pc"]},
            term_person(local["pc"], PositionTitle.HEAD),
            local["pc"].name,
        ),
        (
            Role.PARTY_OFFICE,
            {"party_org": provincial_party},
            term_person(
                Agency.objects.get(identifier_code=party_office), PositionTitle.CIVIL_SERVANT
            ),
            "Văn phòng Tỉnh ủy",
        ),
        (
            Role.SUPERVISOR,
            {"party_org": ward_party},
            # cast: load_province gives the province its standing members
            cast(
                Term,
                Term.objects.filter(title=PositionTitle.STANDING_MEMBER)
                .order_by("started_on")
                .first(),
            ).person,
            f"Ủy viên Ban Thường vụ phụ trách {ward_party.name}",
        ),
        (Role.INSPECTOR, {}, None, "Ủy ban Kiểm tra / Thanh tra — toàn tỉnh"),
        (Role.ADMIN, {}, None, "Quản trị hệ thống — toàn tỉnh"),
        # Citizens sign in through the stand-in VNeID (docs/identity.md): this account is its first
        # resident, whose ID number is printed.
        (
            Role.CITIZEN,
            {},
            None,
            f"Công dân · “Đăng nhập bằng VNeID” (mô phỏng): số định danh {DEMO_CITIZEN_ID}, "
            "cùng mật khẩu — không đăng nhập bằng tên tài khoản",
        ),
    ]
    rows = []
    for role, scope, person, where in plan:
        user, created = User.objects.get_or_create(username=role.value)
        if role == Role.CITIZEN:
            # Citizens sign in only through VNeID (Decree 69/2024/NĐ-CP): no password to try.
            user.set_unusable_password()
        elif created:
            user.password = hashed
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        user.first_name = (person.full_name if person else f"Demo {role.label}")[:150]
        user.email = f"{role.value}@demo.neuguong.local"
        user.save()
        _person_for(user, person, user.first_name)
        Membership.objects.get_or_create(user=user, role=role.value, **scope)
        rows.append((role.value, str(role.label), where))
    # Citizens sign in through the stand-in VNeID (docs/identity.md): its residents, the demo
    # citizen among them, and the portal's registration there.
    from neuguong.core.identity.demo import load_demo_identities

    load_demo_identities(User.objects.get(username=Role.CITIZEN.value))
    return rows
