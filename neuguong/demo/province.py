"""The demo province, Điện Biên: units, agencies, party organisations, plainly synthetic people, terms,
staffing quotas and delegations. Idempotent: a second run finds everything in place and adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import cast

from django.db import transaction

from neuguong.demo.names import NameMaker
from neuguong.demo.records import ensure
from neuguong.demo.units import TWO_LEVEL_FROM, find_province, load_units
from neuguong.org import services
from neuguong.org.constants import (
    AgencyKind,
    DecisionKind,
    DelegationKind,
    PartyOrgKind,
    PositionTitle,
    QuotaKind,
    UnitLevel,
    UnitType,
)
from neuguong.org.models import (
    AdministrativeUnit,
    Agency,
    Delegation,
    PartyOrganization,
    Person,
    StaffingQuota,
    Term,
)

PROVINCE = "11"
ACTOR = "system:demo"
SUFFIX = "H18"  # Điện Biên's suffix in the electronic identifier codes used by the demo
TERM_START = TWO_LEVEL_FROM

# Province-level agencies: (identifier, name, kind, parent identifier or None)
PROVINCIAL_AGENCIES = [
    ("000.00.00", "Ủy ban nhân dân tỉnh Điện Biên", AgencyKind.PEOPLES_COMMITTEE, None),
    (
        "000.00.01",
        "Trung tâm Phục vụ hành chính công tỉnh Điện Biên",
        AgencyKind.SERVICE_CENTRE,
        "000.00.00",
    ),
    ("000.00.02", "Văn phòng Ủy ban nhân dân tỉnh", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.10", "Sở Nội vụ", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.11", "Sở Tư pháp", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.12", "Sở Tài chính", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.13", "Sở Công Thương", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.14", "Sở Nông nghiệp và Môi trường", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.15", "Sở Xây dựng", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.16", "Sở Khoa học và Công nghệ", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.17", "Sở Giáo dục và Đào tạo", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.18", "Sở Y tế", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.19", "Sở Văn hóa, Thể thao và Du lịch", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.20", "Sở Dân tộc và Tôn giáo", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.21", "Văn phòng Đăng ký đất đai tỉnh Điện Biên", AgencyKind.BRANCH, "000.00.14"),
    ("000.00.22", "Thuế tỉnh Điện Biên", AgencyKind.BRANCH, None),
    ("000.00.23", "Bảo hiểm xã hội tỉnh Điện Biên", AgencyKind.BRANCH, None),
    ("000.00.24", "Công an tỉnh Điện Biên", AgencyKind.BRANCH, None),
    ("000.00.25", "Thanh tra tỉnh Điện Biên", AgencyKind.DEPARTMENT, "000.00.00"),
    ("000.00.90", "Văn phòng Tỉnh ủy Điện Biên", AgencyKind.PARTY_OFFICE, None),
    ("000.00.91", "Ban Tổ chức Tỉnh ủy Điện Biên", AgencyKind.PARTY_BOARD, None),
    ("000.00.92", "Ủy ban Kiểm tra Tỉnh ủy Điện Biên", AgencyKind.PARTY_BOARD, None),
]

# The district level before 1 July 2025, kept as history (statistics office codes).
FORMER_DISTRICTS = [
    ("094", "Thành phố Điện Biên Phủ", UnitType.THANH_PHO),
    ("095", "Thị xã Mường Lay", UnitType.THI_XA),
    ("096", "Huyện Mường Nhé", UnitType.HUYEN),
    ("097", "Huyện Mường Chà", UnitType.HUYEN),
    ("098", "Huyện Tủa Chùa", UnitType.HUYEN),
    ("099", "Huyện Tuần Giáo", UnitType.HUYEN),
    ("100", "Huyện Điện Biên", UnitType.HUYEN),
    ("101", "Huyện Điện Biên Đông", UnitType.HUYEN),
    ("102", "Huyện Mường Ảng", UnitType.HUYEN),
    ("103", "Huyện Nậm Pồ", UnitType.HUYEN),
]
DISTRICT_LEVEL_ENDED = TWO_LEVEL_FROM - dt.timedelta(days=1)

# Civil-status procedures a commune chair commonly authorises a vice-chair to sign.
CIVIL_STATUS_CODES = ["1.001193", "1.000894", "1.000656", "2.000815"]

HOME_WARD = "03127"  # Phường Điện Biên Phủ: home of the demo accounts


def code(prefix: str) -> str:
    return f"{prefix}.{SUFFIX}"


def agencies_of_commune(unit: AdministrativeUnit) -> dict[str, Agency]:
    """The commune's People's Committee (pc), one-stop desk (desk) and police (police)."""
    found = {a.kind: a for a in Agency.objects.filter(unit=unit, level=UnitLevel.COMMUNE)}
    # cast: the demo's communes have all three (load_province makes them).
    return {
        "pc": cast(Agency, found.get(AgencyKind.PEOPLES_COMMITTEE)),
        "desk": cast(Agency, found.get(AgencyKind.ONESTOP_DESK)),
        "police": cast(Agency, found.get(AgencyKind.BRANCH)),
    }


class _Loader:
    def __init__(self):
        self.names = NameMaker(seed=11)
        self.rng = random.Random(11)
        self.province_unit: AdministrativeUnit | None = None

    def agency(self, ident, name, kind, level, unit, parent=None) -> Agency:
        agency, _ = ensure(
            Agency,
            {"identifier_code": code(ident)},
            {
                "name": name,
                "kind": kind,
                "level": level,
                "unit": unit,
                "parent": parent,
                "province_code": PROVINCE,
                "valid_from": TERM_START,
            },
            actor=ACTOR,
        )
        return agency

    def staff(self, agency: Agency | None, title, party_org=None, started_on=TERM_START) -> Person:
        existing = Term.objects.filter(
            agency=agency, party_org=party_org, title=title, started_on=started_on
        ).first()
        if existing:
            return existing.person
        person = services.person_create(actor=ACTOR, full_name=self.names())
        services.term_create(
            actor=ACTOR,
            person=person,
            agency=agency,
            party_org=party_org,
            title=title,
            started_on=started_on,
            decision_ref=f"{self.rng.randint(10, 999)}/QĐ-UBND",
        )
        return person

    def leadership(self, agency: Agency, deputies: int, civil_servants: int) -> tuple[Person, list]:
        head = self.staff(agency, PositionTitle.HEAD)
        deps = []
        for i in range(deputies):
            deps.append(
                self.staff(
                    agency, PositionTitle.DEPUTY, started_on=TERM_START + dt.timedelta(days=i)
                )
            )
        for i in range(civil_servants):
            self.staff(
                agency, PositionTitle.CIVIL_SERVANT, started_on=TERM_START + dt.timedelta(days=i)
            )
        return head, deps

    def quotas(self, agency: Agency, base: int, kinds=(QuotaKind.CIVIL_SERVANT,)):
        for year in (2025, 2026):
            for kind in kinds:
                approved = base + self.rng.randint(0, base // 3 + 1)
                # A few agencies run over quota, most have a handful of vacant posts.
                filled = approved + (
                    self.rng.randint(1, 3) if self.rng.random() < 0.12 else -self.rng.randint(0, 4)
                )
                ensure(
                    StaffingQuota,
                    {"agency": agency, "year": year, "kind": kind},
                    {
                        "approved": approved,
                        "filled": max(filled, 0),
                        "decision_ref": f"{self.rng.randint(100, 999)}/QĐ-UBND ngày 15/12/{year - 1}",
                    },
                    actor=ACTOR,
                )

    def delegate(self, kind, delegator, delegate, agency, *, codes=(), kinds=(), number, note=""):
        ensure(
            Delegation,
            {
                "delegator": delegator,
                "delegate": delegate,
                "agency": agency,
                "legal_basis_number": number,
            },
            {
                "kind": kind,
                "procedure_codes": list(codes),
                "decision_kinds": list(kinds),
                "legal_basis_date": TERM_START,
                "valid_from": TERM_START,
                "note": note,
            },
            actor=ACTOR,
        )

    def load(self):
        root, communes = load_units(find_province(PROVINCE), actor=ACTOR)
        self.province_unit = root
        for district_code, name, unit_type in FORMER_DISTRICTS:
            ensure(
                AdministrativeUnit,
                {"code": district_code, "valid_from": None},
                {
                    "name": name,
                    "level": UnitLevel.DISTRICT,
                    "unit_type": unit_type,
                    "parent": root,
                    "province_code": PROVINCE,
                    "valid_to": DISTRICT_LEVEL_ENDED,
                },
                actor=ACTOR,
            )

        by_ident: dict[str, Agency] = {}
        for ident, name, kind, parent in PROVINCIAL_AGENCIES:
            by_ident[ident] = self.agency(
                ident,
                name,
                kind,
                UnitLevel.PROVINCE,
                root,
                by_ident.get(parent) if parent else None,
            )
        provincial_pc = by_ident["000.00.00"]
        for ident, agency in by_ident.items():
            big = ident in {"000.00.00", "000.00.01", "000.00.14", "000.00.21"}
            self.leadership(agency, deputies=3 if big else 2, civil_servants=4 if big else 2)
            kinds = (
                (QuotaKind.CIVIL_SERVANT, QuotaKind.PUBLIC_EMPLOYEE)
                if big
                else (QuotaKind.CIVIL_SERVANT,)
            )
            self.quotas(agency, 40 if big else 25, kinds)

        # Party: provincial committee, standing committee, and a committee per commune.
        provincial_party, _ = PartyOrganization.objects.get_or_create(
            name="Đảng bộ tỉnh Điện Biên",
            defaults={
                "kind": PartyOrgKind.PROVINCIAL_COMMITTEE,
                "unit": root,
                "province_code": PROVINCE,
            },
        )
        standing, _ = PartyOrganization.objects.get_or_create(
            name="Ban Thường vụ Tỉnh ủy Điện Biên",
            defaults={
                "kind": PartyOrgKind.STANDING_COMMITTEE,
                "parent": provincial_party,
                "unit": root,
                "province_code": PROVINCE,
            },
        )
        self.staff(None, PositionTitle.SECRETARY, party_org=provincial_party)
        for i in range(2):
            self.staff(
                None,
                PositionTitle.DEPUTY_SECRETARY,
                party_org=provincial_party,
                started_on=TERM_START + dt.timedelta(days=i),
            )
        for i in range(6):
            self.staff(
                None,
                PositionTitle.STANDING_MEMBER,
                party_org=standing,
                started_on=TERM_START + dt.timedelta(days=i),
            )

        for i, unit in enumerate(communes, start=1):
            kind_word = "phường" if unit.unit_type == UnitType.PHUONG else "xã"
            short = unit.name.split(" ", 1)[1]
            pc = self.agency(
                f"000.{i:02d}.30",
                f"Ủy ban nhân dân {kind_word} {short}",
                AgencyKind.PEOPLES_COMMITTEE,
                UnitLevel.COMMUNE,
                unit,
                provincial_pc,
            )
            desk = self.agency(
                f"000.{i:02d}.31",
                f"Bộ phận Một cửa {kind_word} {short}",
                AgencyKind.ONESTOP_DESK,
                UnitLevel.COMMUNE,
                unit,
                pc,
            )
            police = self.agency(
                f"000.{i:02d}.32",
                f"Công an {kind_word} {short}",
                AgencyKind.BRANCH,
                UnitLevel.COMMUNE,
                unit,
                by_ident["000.00.24"],
            )
            chair, vice_chairs = self.leadership(pc, deputies=2, civil_servants=3)
            self.staff(desk, PositionTitle.CIVIL_SERVANT)
            self.staff(
                desk, PositionTitle.CIVIL_SERVANT, started_on=TERM_START + dt.timedelta(days=1)
            )
            self.leadership(police, deputies=1, civil_servants=0)
            self.quotas(pc, 20)
            party, _ = PartyOrganization.objects.get_or_create(
                name=f"Đảng ủy {kind_word} {short}",
                defaults={
                    "kind": PartyOrgKind.COMMITTEE,
                    "parent": provincial_party,
                    "unit": unit,
                    "province_code": PROVINCE,
                },
            )
            self.staff(None, PositionTitle.SECRETARY, party_org=party)
            self.staff(None, PositionTitle.DEPUTY_SECRETARY, party_org=party)
            # The chair authorises the first vice-chair to sign civil-status results (phân công ký thay).
            self.delegate(
                DelegationKind.ASSIGNMENT,
                chair,
                vice_chairs[0],
                pc,
                codes=CIVIL_STATUS_CODES,
                number=f"{10 + i}/QĐ-UBND",
                note="Phân công Phó Chủ tịch ký thay Chủ tịch kết quả thủ tục hộ tịch, chứng thực.",
            )
        # A provincial authorisation: the provincial chair authorises the director of Agriculture and
        # Environment to sign land decisions, and the Home Affairs director staffing decisions.
        chair = Term.objects.get(agency=provincial_pc, title=PositionTitle.HEAD).person
        for ident, decision_kinds, note in [
            (
                "000.00.14",
                [DecisionKind.PROCEDURE_RESULT, DecisionKind.FINANCE],
                "Ủy quyền Giám đốc Sở ký quyết định trong lĩnh vực đất đai, môi trường.",
            ),
            (
                "000.00.10",
                [DecisionKind.STAFFING],
                "Ủy quyền Giám đốc Sở Nội vụ ký quyết định về biên chế.",
            ),
        ]:
            director = Term.objects.get(agency=by_ident[ident], title=PositionTitle.HEAD).person
            self.delegate(
                DelegationKind.AUTHORISATION,
                chair,
                director,
                provincial_pc,
                kinds=decision_kinds,
                number=f"{ident[-2:]}/QĐ-UBND",
                note=note,
            )


@transaction.atomic
def load_province(stdout=None) -> None:
    """Load the demo province. Idempotent."""
    _Loader().load()
    if stdout is not None:
        # Its figures are printed once everything is loaded, as the home pages count them
        # (org.selectors.registry_counts): counting here disagreed with them.
        stdout.write("  Province loaded / Đã nạp tỉnh: Điện Biên")
