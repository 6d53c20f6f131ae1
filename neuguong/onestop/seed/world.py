"""What the generator reads from the database once: the catalogue, the agencies, the staff, the
communes. Plain data, so a generating process needs no query (and can be forked).

The staff are demo accounts per agency (reception at the desks, a specialist and the head
elsewhere), linked to the registry's people so that hand-overs and signatures name real people.
Unusable passwords: nobody logs in with them. The demo accounts of neuguong/demo/accounts.py are
reused where they exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from neuguong.core.roles import Role
from neuguong.onestop.constants import ActorKind
from neuguong.org.constants import HEAD_TITLES, AgencyKind, PositionTitle, UnitLevel

PROVINCE = "11"
SERVICE_CENTRE = "000.00.01.H18"
LAND_OFFICE = "000.00.21.H18"
TAX = "000.00.22.H18"
# The slow agencies of the story: two commune People's Committees and the land registration office.
SLOW_COMMUNE_PCS = ("000.07.30.H18", "000.23.30.H18")
HOME_WARD = "03127"
STAFF_ACTOR = "system:demo"

# Relative weights of the procedures people actually come for (certified copies and civil status
# dominate at commune level); unlisted procedures weigh 1.
PROCEDURE_WEIGHTS = {
    "2.000815": 30,  # chứng thực bản sao
    "1.001193": 12,  # khai sinh
    "2.000884": 8,  # chứng thực chữ ký
    "1.004873": 8,  # xác nhận tình trạng hôn nhân
    "2.000635": 6,  # trích lục hộ tịch
    "1.000894": 5,  # kết hôn
    "1.000656": 3,  # khai tử
    "3.000722": 5,  # liên thông khai sinh - thường trú - BHYT
    "2.002913": 2,  # liên thông khai tử
    "1.012753": 4,  # đất đai lần đầu (liên thông)
    "1.012766": 4,  # biến động đất đai
    "1.012770": 3,  # cấp đổi GCN
    "2.000488": 4,  # lý lịch tư pháp
    "1.002804": 4,  # đổi giấy phép lái xe
    "1.005092": 2,
    "1.001612": 3,
}


@dataclass(frozen=True)
class Actor:
    """A staff account as the audit log and the rows name it."""

    pk: int
    label: str  # the audit actor label (core.audit.actors.actor_fields)
    person_id: int | None

    @property
    def audit(self) -> tuple[int, str]:
        return (self.pk, self.label)


@dataclass(frozen=True)
class Template:
    order: int
    name: str
    actor_kind: str
    agency_id: int | None
    hours: Decimal
    agency_level: str = ""


@dataclass(frozen=True)
class Proc:
    pk: int
    code: str
    name: str
    level: str
    province_code: str
    fee: Decimal
    deadline_hours: Decimal
    cutoff_time: dt.time | None
    online: bool
    postal: bool
    templates: tuple[Template, ...]
    online_level: str = "none"  # Procedure.online_level (the facts' online service, 766 item 3.2)


@dataclass(frozen=True)
class Unit:
    pk: int
    code: str
    name: str
    ward: bool  # phường (addresses name a residential group) rather than xã (a village)


@dataclass
class World:
    procedures: list[Proc]
    weights: list[float]
    communes: list[Unit]
    desks: dict[int, int]  # commune unit pk -> its one-stop desk's agency pk
    centre: int
    tax: int | None
    slow: frozenset[int]
    identifiers: dict[int, str]  # agency pk -> electronic identifier code
    parents: dict[int, int | None]
    # handling agency pk -> the police of its commune (catalogue.resolve_step_agency)
    police: dict[int, int] = field(default_factory=dict)
    # agency pk -> its administrative unit's pk (the facts' communes of the steps)
    units: dict[int, int | None] = field(default_factory=dict)
    staff: dict[tuple[int, str], Actor] = field(default_factory=dict)
    # The first day every head who signs held office: history cannot start earlier.
    heads_since: dt.date | None = None

    def actor(self, agency_id: int, role: str) -> Actor | None:
        found = self.staff.get((agency_id, role))
        if found is None and role == Role.HEAD:
            found = self.staff.get((agency_id, Role.SPECIALIST))
        return found

    def handling_agency(self, proc: Proc, desk: int) -> int:
        """services.intake.default_handling_agency on plain data."""
        for t in proc.templates:
            if t.actor_kind == ActorKind.PROCESS and t.agency_id:
                return t.agency_id
        return self.parents.get(desk) or desk

    def max_steps(self) -> int:
        return max(len(p.templates) for p in self.procedures)


def load_world(procedures=None) -> World:
    """Read the demo province and catalogue (both must be loaded) and prepare the staff accounts."""
    from neuguong.onestop.models import Procedure
    from neuguong.org.models import AdministrativeUnit, Agency

    if procedures is None:
        procedures = list(Procedure.objects.filter(is_active=True).order_by("code"))
    procs = []
    for p in Procedure.objects.filter(pk__in=[p.pk for p in procedures]).prefetch_related("steps"):
        templates = tuple(
            Template(s.order, s.name, s.actor_kind, s.agency_id, s.hours, s.agency_level)
            for s in sorted(p.steps.all(), key=lambda s: s.order)
        )
        if not templates:
            continue
        channels = p.channels or [1]
        procs.append(
            Proc(
                pk=p.pk,
                code=p.code,
                name=p.name,
                level=p.level,
                province_code=p.province_code,
                fee=p.fee,
                deadline_hours=p.deadline_hours,
                cutoff_time=p.cutoff_time,
                online=2 in channels and p.online_level != "none",
                postal=3 in channels,
                templates=templates,
                online_level=p.online_level,
            )
        )
    procs.sort(key=lambda p: p.code)
    agencies = list(Agency.objects.filter(province_code=PROVINCE))
    by_ident = {a.identifier_code: a for a in agencies}
    if SERVICE_CENTRE not in by_ident:
        raise LookupError("The demo province is not loaded (neuguong.demo.province.load_province).")
    desks = {a.unit_id: a.pk for a in agencies if a.kind == AgencyKind.ONESTOP_DESK}
    communes = [
        Unit(u.pk, u.code, u.name, u.unit_type == "phuong")
        for u in AdministrativeUnit.objects.filter(province_code=PROVINCE, level=UnitLevel.COMMUNE)
        .valid_on(timezone.localdate())
        .order_by("code")
        if u.pk in desks
    ]
    world = World(
        procedures=procs,
        weights=[float(PROCEDURE_WEIGHTS.get(p.code, 1)) for p in procs],
        communes=communes,
        desks=desks,
        centre=by_ident[SERVICE_CENTRE].pk,
        tax=by_ident[TAX].pk if TAX in by_ident else None,
        slow=frozenset(by_ident[i].pk for i in (*SLOW_COMMUNE_PCS, LAND_OFFICE) if i in by_ident),
        identifiers={a.pk: a.identifier_code for a in agencies},
        parents={a.pk: a.parent_id for a in agencies},
        police=_police(agencies),
        units={a.pk: a.unit_id for a in agencies},
    )
    world.staff = prepare_staff(agencies)
    world.heads_since = _heads_since(world)
    return world


def _police(agencies) -> dict[int, int]:
    """Each agency's commune police: the first branch agency of its unit by identifier code, as
    catalogue.resolve_step_agency picks it."""
    branches: dict[int, int] = {}
    for a in sorted(agencies, key=lambda a: a.identifier_code):
        if a.kind == AgencyKind.BRANCH and a.unit_id is not None:
            branches.setdefault(a.unit_id, a.pk)
    return {a.pk: branches[a.unit_id] for a in agencies if a.unit_id in branches}


def _heads_since(world: World) -> dt.date | None:
    from neuguong.org.models import Term

    heads = [a for (agency, role), a in world.staff.items() if role == Role.HEAD]
    starts = Term.objects.filter(
        person_id__in=[a.person_id for a in heads if a.person_id], title__in=HEAD_TITLES
    ).values_list("started_on", flat=True)
    return max(starts, default=None)


def prepare_staff(agencies) -> dict[tuple[int, str], Actor]:
    """The staff account of each (agency, role), created once (idempotent)."""
    from neuguong.core.audit.actors import actor_fields
    from neuguong.org.models import Membership, Person, Term
    from neuguong.org.selectors import head_of
    from neuguong.org.services import person_update

    User = get_user_model()
    roles = (Role.RECEPTION, Role.SPECIALIST, Role.HEAD)
    existing = {
        (m.agency_id, m.role): m.user
        for m in Membership.objects.filter(agency__in=agencies, role__in=roles).select_related(
            "user"
        )
    }
    clerks: dict[int, list[Person]] = {}
    for term in Term.objects.filter(
        agency__in=agencies, title=PositionTitle.CIVIL_SERVANT
    ).select_related("person"):
        clerks.setdefault(term.agency_id, []).append(term.person)
    by_key: dict[tuple[int, str], Any] = {}  # the users (get_user_model's)
    plan = []  # (agency, role, person or None)
    for agency in agencies:
        desk = agency.kind in (AgencyKind.ONESTOP_DESK, AgencyKind.SERVICE_CENTRE)
        for role in (Role.RECEPTION,) if desk else (Role.SPECIALIST, Role.HEAD):
            if (agency.pk, role) in existing:
                by_key[(agency.pk, role)] = existing[(agency.pk, role)]
                continue
            if role == Role.HEAD:
                person = head_of(agency)
                if person is None:
                    continue
            else:
                free = [p for p in clerks.get(agency.pk, []) if p.user_id is None]
                person = free[0] if free else None
                if person is not None:
                    clerks[agency.pk].remove(person)
            plan.append((agency, role, person))
    unusable = make_password(None)
    new_users = [
        User(
            username=f"demo.{agency.identifier_code}.{role}",
            first_name=(person.full_name if person else f"Cán bộ {agency.name}")[:150],
            password=unusable,
        )
        for agency, role, person in plan
        if person is None or not person.user_id
    ]
    User.objects.bulk_create(new_users, ignore_conflicts=True)
    users = {
        u.username: u for u in User.objects.filter(username__in=[u.username for u in new_users])
    }
    memberships = []
    for agency, role, person in plan:
        if person is not None and person.user_id:
            user = person.user
        else:
            user = users[f"demo.{agency.identifier_code}.{role}"]
            if person is not None:
                person_update(person, actor=STAFF_ACTOR, user=user)
        memberships.append(Membership(user=user, role=role, agency=agency))
        by_key[(agency.pk, role)] = user
    Membership.objects.bulk_create(memberships)
    pks = {u.pk for u in by_key.values()}
    fresh = {u.pk: u for u in User.objects.filter(pk__in=pks).select_related("person")}
    persons = dict(Person.objects.filter(user_id__in=pks).values_list("user_id", "pk"))
    staff = {}
    for key, user in by_key.items():
        user = fresh[user.pk]
        actor_id, label = actor_fields(user)
        assert actor_id is not None  # a user's actor id is its pk
        staff[key] = Actor(actor_id, label, persons.get(user.pk))
    return staff
