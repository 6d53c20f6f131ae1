"""Every interconnected template (liên thông) of the demo catalogue against its documentation.

Each step names who does it ("Chuyển Công an xã: …", "Chuyển Bảo hiểm xã hội tỉnh: …", "Văn phòng
Đăng ký đất đai …", "Chủ tịch UBND xã ký …"), as Decree 63/2024/NĐ-CP and the national catalogue
describe the interconnected procedures. A dossier received on each template must put every step at
that kind of agency. Issue 8: step 4 of the birth registration, "Chuyển Công an xã: đăng ký thường
trú", went to the commune People's Committee, whose specialist could complete it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from neuguong.core.errors import NotAllowed
from neuguong.onestop import services as s
from neuguong.onestop.catalogue import procedure_upsert
from neuguong.onestop.constants import ActorKind
from neuguong.onestop.data import demo_catalogue as demo
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant
from neuguong.org.constants import AgencyKind, UnitLevel
from neuguong.org.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(world):
    """The fixed agencies the templates name, the commune police and the provincial centre."""

    def branch(code, name):
        return f.AgencyFactory(
            identifier_code=code,
            name=name,
            kind=AgencyKind.BRANCH,
            level=UnitLevel.PROVINCE,
            unit=world.province,
            parent=world.provincial_pc,
        )

    fixed = {
        demo.LAND_OFFICE: branch(demo.LAND_OFFICE, "Văn phòng Đăng ký đất đai tỉnh Điện Biên"),
        demo.TAX: branch(demo.TAX, "Thuế tỉnh Điện Biên"),
        demo.SOCIAL_INSURANCE: branch(demo.SOCIAL_INSURANCE, "Bảo hiểm xã hội tỉnh Điện Biên"),
    }
    police = f.AgencyFactory(
        identifier_code="000.01.32.H18",
        name="Công an phường Điện Biên Phủ",
        kind=AgencyKind.BRANCH,
        unit=world.commune_a,
    )
    centre = f.AgencyFactory(
        identifier_code=demo.SERVICE_CENTRE,
        name="Trung tâm Phục vụ hành chính công tỉnh Điện Biên",
        kind=AgencyKind.SERVICE_CENTRE,
        level=UnitLevel.PROVINCE,
        unit=world.province,
        parent=world.provincial_pc,
    )
    return {"fixed": fixed, "police": police, "centre": centre}


def documented(step_name: str, *, desk, handling, agencies):
    """The agency a step's own words name."""
    name = step_name.lower()
    fixed = agencies["fixed"]
    if name.startswith(("bộ phận một cửa", "trung tâm phục vụ", "trả ")):
        return desk
    if "công an xã" in name:
        return agencies["police"]
    if "bảo hiểm xã hội" in name:
        return fixed[demo.SOCIAL_INSURANCE]
    if "cơ quan thuế" in name:
        return fixed[demo.TAX]
    if "văn phòng đăng ký đất đai" in name:
        return fixed[demo.LAND_OFFICE]
    if "ubnd xã" in name or "tư pháp - hộ tịch" in name:
        return handling
    raise AssertionError(f"no documented agency for the step “{step_name}”")


def _receive(world, agencies, entry):
    procedure, _status = procedure_upsert(
        entry,
        agencies=dict(agencies["fixed"]),
        actor="test",
    )
    provincial = entry["level"] == "province"
    desk = agencies["centre"] if provincial else world.desk_a
    dossier = s.dossier_receive(
        actor=world.admin,
        receiving_agency=desk,
        procedure=procedure,
        applicant=applicant(),
        at=MONDAY_9,
    )
    return dossier, desk


@pytest.mark.parametrize("entry", demo.INTERCONNECTED, ids=lambda e: e["code"])
def test_each_step_of_the_template_goes_to_its_documented_agency(world, agencies, entry):
    dossier, desk = _receive(world, agencies, entry)
    handling = dossier.handling_agency
    if entry["level"] != "province":
        assert handling == world.agency_a  # the commune People's Committee
    steps = list(dossier.steps.select_related("agency").order_by("order"))
    assert len(steps) == len(entry["steps"])
    wrong = [
        (step.order, step.name, step.agency.name)
        for step in steps
        if step.agency != documented(step.name, desk=desk, handling=handling, agencies=agencies)
    ]
    assert not wrong


@pytest.mark.parametrize("entry", demo.INTERCONNECTED, ids=lambda e: e["code"])
def test_each_step_agency_is_of_the_right_kind(world, agencies, entry):
    dossier, _desk = _receive(world, agencies, entry)
    for step in dossier.steps.select_related("agency"):
        kind = step.agency.kind
        if step.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
            assert kind in (AgencyKind.ONESTOP_DESK, AgencyKind.SERVICE_CENTRE), step.name
        elif step.actor_kind == ActorKind.HANDOVER:
            # a hand-over leaves the handling agency: to the police, a branch, a department
            assert step.agency != dossier.handling_agency, step.name
            assert kind in (AgencyKind.BRANCH, AgencyKind.DEPARTMENT), step.name
        else:
            assert kind in (AgencyKind.PEOPLES_COMMITTEE, AgencyKind.BRANCH), step.name


def test_only_the_commune_police_completes_the_residence_step(world, agencies):
    """Step 4 of the interconnected birth registration is the police's: the committee's specialist
    is neither offered it nor allowed it; the police officer is."""
    dossier, _desk = _receive(world, agencies, demo.LIEN_THONG_KHAI_SINH)
    at = MONDAY_9
    s.dossier_start(dossier, actor=world.reception, at=at)
    for hours in (1, 2):  # the civil-status officer's step, then the chairman's signature
        s.dossier_complete_step(dossier, actor=world.head, at=at + dt.timedelta(hours=hours))
    dossier.refresh_from_db()
    step = dossier.current_step
    assert step.name.startswith("Chuyển Công an xã")
    assert step.agency == agencies["police"]

    later = at + dt.timedelta(hours=3)
    assert "complete_step" not in s.allowed_actions(dossier, world.colleague, later)
    with pytest.raises(NotAllowed):
        s.dossier_complete_step(dossier, actor=world.colleague, at=later)

    officer = f.UserFactory(username="police_officer")
    f.MembershipFactory(user=officer, role="specialist", agency=agencies["police"])
    assert "complete_step" in s.allowed_actions(dossier, officer, later)
    s.dossier_complete_step(dossier, actor=officer, at=later)
    dossier.refresh_from_db()
    assert dossier.current_step.name.startswith("Chuyển Bảo hiểm xã hội")
