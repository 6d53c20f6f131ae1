"""The payment at intake (issue 8 §7): the fee, whether it is paid and how (online / at the desk /
not applicable), consistent at every door: the rule, the web forms, the API, the actions, the seed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from neuguong.core.validation import InvalidInput
from neuguong.onestop import services as s
from neuguong.onestop import validation
from neuguong.onestop.constants import ActorKind, DossierState, PaymentMethod, PaymentState
from neuguong.onestop.models import Dossier
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant, procedure_with_steps

pytestmark = pytest.mark.django_db

FEE = Decimal(75000)
ONLINE, DESK, NA = PaymentMethod.ONLINE, PaymentMethod.DESK, PaymentMethod.NOT_APPLICABLE
PAID, REQUESTED, NOT_REQUIRED = PaymentState.PAID, PaymentState.REQUESTED, PaymentState.NOT_REQUIRED


@pytest.fixture
def paying(world):
    return procedure_with_steps(
        [
            (ActorKind.RECEIVE, 1, None),
            (ActorKind.PROCESS, 5, None),
            (ActorKind.SIGN, 1, None),
            (ActorKind.RETURN, 1, None),
        ],
        code="2.000635",
        name="Cấp bản sao trích lục hộ tịch",
        fee=FEE,
    )


@pytest.mark.parametrize(
    ("fee", "state", "method", "channel", "expected"),
    [
        (0, None, None, 1, (NOT_REQUIRED, NA)),
        (0, "not_required", "not_applicable", 2, (NOT_REQUIRED, NA)),
        (FEE, None, None, 1, (REQUESTED, NA)),
        (FEE, "requested", None, 2, (REQUESTED, NA)),
        (FEE, None, "desk", 1, (PAID, DESK)),
        (FEE, "paid", "online", 2, (PAID, ONLINE)),
        (FEE, "paid", "desk", 3, (PAID, DESK)),  # by post, paid at the desk
    ],
)
def test_the_rule_fills_in_a_consistent_payment(fee, state, method, channel, expected):
    assert validation.clean_payment(fee, state, method, channel=channel) == expected


@pytest.mark.parametrize(
    ("fee", "state", "method", "channel", "code"),
    [
        (0, "paid", "desk", 1, "payment_without_fee"),
        (0, "requested", None, 1, "payment_without_fee"),
        (0, None, "online", 2, "payment_without_fee"),
        (FEE, "not_required", None, 1, "fee_not_required"),
        (FEE, "paid", None, 1, "payment_method_missing"),
        (FEE, "paid", "not_applicable", 1, "payment_method_missing"),
        (FEE, "requested", "desk", 1, "payment_not_paid"),
        (FEE, "paid", "online", 1, "payment_wrong_channel"),
        (FEE, "paid", "desk", 2, "payment_wrong_channel"),
        (FEE, "free", None, 1, "invalid_payment"),
        (FEE, None, "cash", 1, "invalid_payment"),
    ],
)
def test_the_rule_refuses_contradictions(fee, state, method, channel, code):
    with pytest.raises(InvalidInput) as exc:
        validation.clean_payment(fee, state, method, channel=channel)
    assert exc.value.code == code
    assert exc.value.status == 400


def test_the_refusal_is_worded_in_vietnamese_and_english():
    for language, words in (("vi", "không phải nộp"), ("en", "not required")):
        with translation.override(language):
            with pytest.raises(InvalidInput) as exc:
                validation.clean_payment(FEE, "not_required", None)
            assert words in str(exc.value)
            assert "75.000 ₫" in str(exc.value)


def _desk(world, procedure, **kwargs):
    return s.dossier_receive(
        actor=world.reception,
        receiving_agency=world.desk_a,
        procedure=procedure,
        applicant=applicant(),
        handling_agency=world.agency_a,
        at=MONDAY_9,
        **kwargs,
    )


def test_a_desk_intake_records_the_fee_paid_at_the_desk(world, paying):
    dossier = _desk(world, paying, paid={"payment_method": "desk"})
    assert (dossier.fee, dossier.payment_state, dossier.payment_method) == (FEE, PAID, DESK)
    assert dossier.paid_at == MONDAY_9
    assert dossier.payment_summary.startswith("75.000 ₫ · ")
    first = dossier.transitions.order_by("pk").first()
    assert first.data["payment_method"] == "desk"


def test_a_dossier_without_a_fee_is_not_required_and_not_applicable(world, receive):
    dossier = receive()
    assert (dossier.fee, dossier.payment_state, dossier.payment_method) == (0, NOT_REQUIRED, NA)
    with translation.override("vi"):
        assert dossier.payment_summary == "Không thu phí"


def test_the_desk_form_records_how_the_fee_was_paid(world, paying, login):
    data = {
        "procedure": paying.pk,
        "applicant_name": "Lò Thị Hoa",
        "applicant_id_number": "011190004321",
        "applicant_phone": "0912345678",
        "channel": 1,
        "receiving_agency": world.desk_a.pk,
        "handling_agency": "",
        "doc-TOTAL_FORMS": 0,
        "doc-INITIAL_FORMS": 0,
    }
    client = login(world.reception)
    assert client.post(reverse("onestop-intake"), {**data, "payment": "desk"}).status_code == 302
    assert client.post(reverse("onestop-intake"), {**data, "payment": "later"}).status_code == 302
    rows = list(Dossier.objects.order_by("pk").values_list("payment_state", "payment_method"))
    assert rows == [(PAID, DESK), (REQUESTED, NA)]


def test_an_online_submission_paid_online_is_counted_as_online(world, paying, login):
    response = login(world.citizen).post(
        reverse("onestop-submit"),
        {
            "procedure": paying.pk,
            "receiving_agency": world.desk_a.pk,
            "applicant_name": "Cà Văn Dũng",
            "applicant_id_number": "011203000999",
            "applicant_phone": "0987654321",
            "payment": "online",
            "doc-TOTAL_FORMS": 0,
            "doc-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.payment_state, dossier.payment_method) == (PAID, ONLINE)
    assert Dossier.objects.filter(payment_method=ONLINE).count() == 1  # what the indicators count


API_BODY = {
    "procedure": "2.000635",
    "receiving_agency": "000.01.02.H18",
    "handling_agency": "000.01.01.H18",
    "applicant": {"name": "Lò Văn Minh", "id_number": "011190004322", "phone": "0912345679"},
}


@pytest.mark.parametrize(
    ("payment", "code"),
    [
        ({"payment_state": "not_required"}, "fee_not_required"),
        ({"payment_state": "paid"}, "payment_method_missing"),
        ({"payment_state": "paid", "payment_method": "online"}, "payment_wrong_channel"),
        ({"payment_state": "requested", "payment_method": "desk"}, "payment_not_paid"),
    ],
)
def test_the_api_refuses_a_contradictory_payment(world, paying, login, payment, code):
    client = login(world.reception)
    response = client.post(
        "/api/v1/dossiers", {**API_BODY, **payment}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert not Dossier.objects.exists()


def test_the_api_records_a_fee_paid_at_the_desk(world, paying, login):
    client = login(world.reception)
    body = {**API_BODY, "payment_method": "desk"}
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert (response.json()["payment_state"], response.json()["payment_method"]) == ("paid", "desk")


def test_the_payment_actions_keep_the_row_consistent(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_request_payment(dossier, actor=world.head, amount=350000, at=MONDAY_9)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.payment_state, dossier.payment_method) == (
        DossierState.PAYMENT_REQUESTED,
        REQUESTED,
        NA,
    )
    s.run_action(dossier, "confirm_payment", actor=world.head, method="online", at=MONDAY_9)
    dossier.refresh_from_db()
    assert (dossier.payment_state, dossier.payment_method) == (PAID, ONLINE)
    assert dossier.paid_at == MONDAY_9


def test_confirming_a_payment_nobody_requested_is_refused(world, receive):
    from neuguong.core.errors import DomainError

    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.PAYMENT_REQUESTED)
    dossier.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        s.dossier_confirm_payment(dossier, actor=world.head, at=MONDAY_9)
    assert exc.value.code == "nothing_to_pay"


def test_the_seed_pays_each_fee_consistently(world, paying):
    """The bulk generator's dossiers follow the same rule (the database would refuse them else)."""
    from neuguong.onestop.seed.dossier import DossierSim
    from neuguong.onestop.seed.plan import Ids
    from neuguong.onestop.seed.world import Proc, Template

    proc = Proc(
        pk=paying.pk,
        code=paying.code,
        name=paying.name,
        level=paying.level,
        province_code="11",
        fee=FEE,
        deadline_hours=paying.deadline_hours,
        cutoff_time=None,
        online=True,
        postal=False,
        templates=(Template(1, "Tiếp nhận", ActorKind.RECEIVE, None, Decimal(8)),),
    )
    who = {"name": "A", "id_number": "011190004399", "phone": "", "address": "", "unit_id": None}
    for channel, method in ((1, DESK), (2, ONLINE)):
        sim = DossierSim(
            Ids({"dossier": 1, "step": 1}),
            code="X",
            proc=proc,
            desk=world.desk_a.pk,
            handling=world.agency_a.pk,
            applicant=who,
            channel=channel,
            at=MONDAY_9,
        )
        assert (sim.payment_state, sim.payment_method) == (PAID, method)


def test_the_timeline_names_the_payment_in_words(world, paying, login):
    dossier = _desk(world, paying, paid={"payment_method": "desk"})
    with translation.override("vi"):
        html = login(world.reception).get(reverse("onestop-dossier", args=[dossier.code]))
    text = html.content.decode()
    assert "payment_method" not in text
    assert "payment_state" not in text
    assert "Hình thức nộp phí" in text
    assert "Đã nộp tại quầy" in text


def test_the_fee_choice_appears_only_for_a_procedure_with_a_fee(world, paying, simple, login):
    url = reverse("onestop-procedure-checklist") + "?procedure="
    desk = login(world.reception).get(url + str(paying.pk)).content.decode()
    assert 'name="payment" value="desk" checked' in desk
    assert 'name="payment" value="later"' in desk
    assert "75.000 ₫" in desk
    assert 'name="payment"' not in login(world.reception).get(url + str(simple.pk)).content.decode()
    citizen = login(world.citizen).get(url + str(paying.pk)).content.decode()
    assert 'name="payment" value="online" checked' in citizen
    assert 'value="desk"' not in citizen
