"""A varied March 2026 for the drill-down tests: every measured item has records in and out of its
numerator, for agencies of two communes and of the province, and a second province beside them.

Dossiers are arranged with factories (no history): `helpers.facts_current()` then brings the daily facts
up to date, as the services and the seed do for real dossiers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from neuguong.dashboards.tests import helpers
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.tests.conftest import submit
from neuguong.onestop.constants import (
    ActorKind,
    Channel,
    DossierState,
    OnlineLevel,
    PaymentMethod,
    PaymentState,
    RatingValue,
    StepResult,
)
from neuguong.onestop.models import Apology, DossierDocument, Rating
from neuguong.onestop.tests.factories import (
    DossierFactory,
    DossierStepFactory,
    ProcedureFactory,
    ProcedureStepFactory,
    local,
)
from neuguong.org.constants import UnitLevel
from neuguong.org.tests import factories as org

# Applicant data the drill-down pages must never show.
NAME, ID_NUMBER, PHONE, ADDRESS = "Trần Thị Bảo Ngọc", "011299887766", "0987654321", "Số 9 ngõ Kín"


def ended(handling, *, state=None, **kwargs):
    """helpers.ended (returned in March), in another end state when asked."""
    dossier = helpers.ended(handling, **kwargs)
    if state is not None:
        type(dossier).objects.filter(pk=dossier.pk).update(state=state)
        dossier.state = state
    return dossier


def _procedure(level, *, online=OnlineLevel.FULL, steps=True, fee=0, **kwargs):
    procedure = ProcedureFactory(
        level=level,
        online_level=online,
        fee=Decimal(fee),
        required_documents=[{"name": "Tờ khai"}],
        applicants="Công dân Việt Nam",
        **kwargs,
    )
    if steps:
        ProcedureStepFactory(procedure=procedure, order=1)
    return procedure


def _paid(fee, method):
    if method is None:
        return {
            "fee": Decimal(fee),
            "payment_state": PaymentState.REQUESTED,
            "payment_method": PaymentMethod.NOT_APPLICABLE,
        }
    return {"fee": Decimal(fee), "payment_state": PaymentState.PAID, "payment_method": method}


def _answered(world, agency, *, at=None, late=False, kind="feedback", **extra):
    item = submit(world, kind=kind)
    at = at or local(2026, 3, 12, 9)
    FeedbackItem.objects.filter(pk=item.pk).update(
        agency=agency,
        state=extra.pop("state", "published"),
        answered_at=at,
        answer="Đã xử lý.",
        answer_due_at=at + (dt.timedelta(hours=-1) if late else dt.timedelta(days=1)),
        answered_late=late,
        **extra,
    )
    return item


def build(world) -> SimpleNamespace:
    """The dataset; returns the world with the procedures and the other province added."""
    a, b, dept, pc = world.agency_a, world.agency_b, world.department, world.provincial_pc
    private = {
        "applicant_name": NAME,
        "applicant_id_number": ID_NUMBER,
        "applicant_phone": PHONE,
        "applicant_address": ADDRESS,
    }
    # 1.1: announced in March well before / just before the legal basis takes effect, or undated.
    early = {"published_on": dt.date(2026, 3, 2), "legal_basis_effective_on": dt.date(2026, 4, 15)}
    commune_online = _procedure(UnitLevel.COMMUNE, code="1.001", **early)
    commune_offline = _procedure(
        UnitLevel.COMMUNE,
        online=OnlineLevel.NONE,
        code="1.002",
        published_on=dt.date(2026, 3, 20),
        legal_basis_effective_on=dt.date(2026, 3, 23),
    )
    commune_bare = _procedure(  # parts missing; announced, but its legal basis is undated
        UnitLevel.COMMUNE, steps=False, code="1.003", published_on=dt.date(2026, 3, 10)
    )
    _procedure(UnitLevel.COMMUNE, code="1.004", is_active=False, **early)  # abolished
    commune_fee = _procedure(
        UnitLevel.COMMUNE, online=OnlineLevel.PARTIAL, fee=50000, code="1.005", online_payment=True
    )
    province_online = _procedure(
        UnitLevel.PROVINCE, fee=100000, code="2.001", online_payment=True, **early
    )
    province_offline = _procedure(
        UnitLevel.PROVINCE,
        online=OnlineLevel.NONE,
        fee=30000,
        code="2.002",
        published_on=dt.date(2026, 3, 25),
        legal_basis_effective_on=dt.date(2026, 3, 26),
    )
    days = {"processing_days": Decimal("2.50")}

    # Commune A's committee: on time, late, online, late by rule, with results, digitised, rated.
    ended(a, procedure=commune_online, state=DossierState.DONE, **days, **private)
    ended(a, procedure=commune_online, late=True, **days)
    ended(a, procedure=commune_online, channel=Channel.ONLINE, **days)
    ended(a, procedure=commune_offline, late_by_rule=True, supplement_count=2, **days)
    with_e_result = ended(a, procedure=commune_online, result_file="results/2026/03/kq.pdf", **days)
    DossierDocument.objects.create(dossier=with_e_result, name="Tờ khai (bản quét)", digitised=True)
    scanned_no_result = ended(a, procedure=commune_bare, **days)  # with a result, no e-result
    DossierDocument.objects.create(dossier=scanned_no_result, name="Bản quét", digitised=True)
    rated = ended(a, procedure=commune_online, **days)
    Rating.objects.create(dossier=rated, value=RatingValue.DISSATISFIED)
    happy = ended(a, procedure=commune_online, channel=Channel.ONLINE, **days)
    Rating.objects.create(dossier=happy, value=RatingValue.SATISFIED)
    fine = ended(a, procedure=commune_online, **days)
    Rating.objects.create(dossier=fine, value=RatingValue.ACCEPTABLE)
    # Fees: paid online, paid at the desk, still to pay.
    ended(a, procedure=commune_fee, channel=Channel.ONLINE, **_paid(50000, "online"), **days)
    ended(a, procedure=commune_fee, **_paid(50000, PaymentMethod.DESK), **days)
    DossierFactory(
        handling_agency=a,
        receiving_agency=world.desk_a,
        procedure=commune_fee,
        received_at=local(2026, 3, 20, 9),
        state=DossierState.PAYMENT_REQUESTED,
        **_paid(50000, None),
    )
    # Interconnected: the department's step overran; late for the department only.
    linked = ended(a, procedure=commune_online, late=True, **days)
    DossierStepFactory(dossier=linked, order=1, agency=a, result=StepResult.ON_TIME)
    DossierStepFactory(
        dossier=linked, order=2, agency=dept, actor_kind=ActorKind.HANDOVER, result=StepResult.LATE
    )
    # Late with an apology by commune B's committee (it asked for the extra time).
    apologised = ended(a, procedure=commune_online, late=True, **days)
    DossierStepFactory(dossier=apologised, order=1, agency=b, result=StepResult.LATE)
    Apology.objects.create(
        dossier=apologised,
        agency=b,
        reason="Chờ xác minh",
        old_appointment_at=apologised.appointment_at,
        new_appointment_at=apologised.appointment_at + dt.timedelta(days=2),
        drafted_at=apologised.appointment_at,
    )
    # Received in March, ended in April (volume in March); received in February, ended in March.
    DossierFactory(
        handling_agency=a,
        receiving_agency=a,
        procedure=commune_online,
        channel=Channel.ONLINE,
        received_at=local(2026, 3, 30, 9),
        processing_ended_at=local(2026, 4, 2, 9),
        state=DossierState.DONE,
    )
    ended(a, procedure=commune_online, received=local(2026, 2, 25, 9), **days)
    # Still open, received in March; withdrawn (ended without a result).
    DossierFactory(
        handling_agency=a,
        receiving_agency=a,
        procedure=commune_offline,
        received_at=local(2026, 3, 5, 9),
    )
    ended(a, procedure=commune_online, state=DossierState.WITHDRAWN)

    # Commune B: received at desk A (phi địa giới), online, with a fee paid online; a complaint about it.
    remote = ended(
        b,
        procedure=commune_fee,
        receiving_agency=world.desk_a,
        channel=Channel.ONLINE,
        **_paid(50000, "online"),
        **days,
    )
    ended(b, procedure=commune_offline, late=True, **days)

    # The department (province level): online and offline provincial procedures, fees both ways.
    ended(
        dept,
        procedure=province_online,
        channel=Channel.ONLINE,
        result_file="results/2026/03/gcn.pdf",
        state=DossierState.DONE,
        **_paid(100000, PaymentMethod.DESK),
        **days,
    )
    ended(dept, procedure=province_offline, **_paid(30000, "online"), **days)
    desk_only = _procedure(UnitLevel.PROVINCE, fee=20000, code="2.003")
    ended(dept, procedure=desk_only, **_paid(20000, PaymentMethod.DESK), **days)
    ended(dept, procedure=province_online, late=True, **_paid(100000, "online"), **days)

    # Feedback answered in March: on time, late, dissatisfied, reopened; the department's; one about
    # the remote dossier (5.4 "complained" for commune B); not counted: April, a complaint, merged.
    _answered(world, a)
    _answered(world, a, late=True)
    _answered(world, a, rating="dissatisfied")
    _answered(world, a, rating="satisfied")
    _answered(world, a, reopened_count=1, state="in_progress")
    _answered(world, a, late=True, rating="dissatisfied")
    _answered(world, dept, rating="acceptable")
    _answered(world, b, dossier=remote)
    _answered(world, a, at=local(2026, 4, 1, 9), late=True)
    _answered(world, a, kind="complaint", late=True)
    _answered(world, a, late=True, state="merged")

    # A second province: its records never reach a user of province 11, and the other way round.
    other_province = org.UnitFactory(
        code="12", name="Tỉnh Lai Châu", level=UnitLevel.PROVINCE, province_code="12"
    )
    other_commune = org.UnitFactory(name="Xã Bản Giang", parent=other_province, province_code="12")
    other_agency = org.AgencyFactory(
        name="Ủy ban nhân dân xã Bản Giang",
        unit=other_commune,
        province_code="12",
        identifier_code="000.01.01.H29",
    )
    other_procedure = _procedure(UnitLevel.COMMUNE, code="9.001", province_code="12")
    for late in (False, True):
        ended(
            other_agency,
            procedure=other_procedure,
            late=late,
            channel=Channel.ONLINE,
            province_code="12",
            **days,
        )
    user = org.UserFactory(username="lai_chau")
    org.MembershipFactory(user=user, role="specialist", agency=other_agency)
    world.other_agency, world.other_commune, world.other_user = other_agency, other_commune, user
    world.province_online = province_online
    world.pc = pc
    helpers.facts_current()
    return world


def add_cross_level(world) -> SimpleNamespace:
    """Commune B's committee takes an online dossier for a provincial procedure (`build` first): 3.2
    counts only the procedures of the unit's own level, so commune B used 1 of its level's 3 online
    procedures, not 2 (test_counting_scope, test_drilldown_items)."""
    ended(
        world.agency_b,
        procedure=world.province_online,
        channel=Channel.ONLINE,
        processing_days=Decimal("1.25"),
    )
    return world
