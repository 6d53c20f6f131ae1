"""Issue 7 §7 over the dossier API: every bad input is a 400 (or 404) with a code, and changes nothing.

Each case was a 500 found by probing the running demo, some of them saving half of the change first
(a fee of 1e30 made the dossier, the lists and the register unreadable for everyone).
"""

import json

import pytest

from neuguong.core.audit.models import AuditEvent
from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier, DossierTransition
from neuguong.onestop.services import dossier_start
from neuguong.onestop.tests.test_api import INTAKE

pytestmark = pytest.mark.django_db

# Actions that need a reason, and the one that needs an amount.
REASON_ACTIONS = ["refuse", "withdraw", "stop", "request_supplement", "draft_apology"]


def _state(code: str):
    """Everything an action could change: the row, its transitions, the audit log."""
    return (
        Dossier.objects.filter(code=code).values().get(),
        DossierTransition.objects.filter(dossier__code=code).count(),
        AuditEvent.objects.exclude(action="onestop.dossier.personal_data_read").count(),
    )


def _post(client, url, body, *, raw=False):
    data = body if raw else json.dumps(body)
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def processing(world, receive):
    dossier = receive()
    dossier_start(dossier, actor=world.reception)
    return dossier


def _act_url(dossier, action):
    return f"/api/v1/dossiers/{dossier.code}/actions/{action}"


def _assert_refused(response, status=400):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"]
    assert body["detail"]
    return body


# ---- request_payment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount",
    [
        "1e30",  # JSON number 1e30: 500 on SQLite, but the fee and the state were saved
        "1e12",  # 13 digits: one more than Dossier.fee holds
        "NaN",
        "Infinity",
        "-Infinity",
        "-5",
        "0",
        '"abc"',
        '"1e30"',
        "1.5",  # whole đồng only
        "true",
        "[]",
        "{}",
        '"1' + "0" * 40 + '"',
        "1e999999999",
    ],
)
def test_request_payment_refuses_an_amount_the_fee_cannot_hold(world, processing, login, amount):
    client = login(world.head)
    before = _state(processing.code)

    r = _post(client, _act_url(processing, "request_payment"), f'{{"amount": {amount}}}', raw=True)

    _assert_refused(r)
    assert _state(processing.code) == before


def test_request_payment_accepts_a_fee_of_twelve_digits(world, processing, login):
    r = _post(login(world.head), _act_url(processing, "request_payment"), {"amount": 999999999999})

    assert r.status_code == 200, r.content
    assert r.json()["fee"] == "999999999999"
    assert r.json()["state"] == DossierState.PAYMENT_REQUESTED


# ---- actions without a body ---------------------------------------------------------------------


@pytest.mark.parametrize("action", [*REASON_ACTIONS, "request_payment"])
@pytest.mark.parametrize("body", [None, "", "null", "{}", '{"reason": null}', '{"reason": "  "}'])
def test_an_action_without_its_parameters_is_a_400_never_a_500(
    world, processing, receive, login, action, body
):
    dossier = receive() if action == "refuse" else processing  # refuse runs on a new one; 409 ok
    client = login(world.admin)
    before = _state(dossier.code)

    url = _act_url(dossier, action)
    if body is None:  # no body and no content type at all, as `curl -X POST` sends
        r = client.generic("POST", url)
    else:
        r = client.post(url, body, content_type="application/json")

    assert r.status_code == 400, r.content
    assert r.json()["code"] in {"reason_required", "amount_required"}
    assert _state(dossier.code) == before


@pytest.mark.parametrize("body", ["[]", "5", '"reason"', "{bad json"])
def test_a_body_that_is_not_an_object_is_a_400(world, processing, login, body):
    r = login(world.admin).post(_act_url(processing, "stop"), body, content_type="application/json")
    _assert_refused(r)


def test_an_action_without_parameters_runs_without_a_body(world, receive, login):
    dossier = receive()
    r = login(world.reception).generic("POST", _act_url(dossier, "start"))
    assert r.status_code == 200, r.content
    assert r.json()["state"] == DossierState.PROCESSING


def test_a_client_cannot_choose_the_time_of_an_action(world, processing, login):
    r = _post(
        login(world.admin),
        _act_url(processing, "stop"),
        {"reason": "Hết thẩm quyền", "at": "2001-01-01T00:00:00Z"},
    )
    assert r.status_code == 200
    assert DossierTransition.objects.filter(dossier=processing).last().at.year > 2001


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reason", "Thiếu\x00giấy tờ"),
        ("reason", "x" * 2001),
        ("reason", 5),
        ("reason", ["a"]),
    ],
)
def test_a_reason_with_a_control_character_or_too_long_is_refused(
    world, processing, login, field, value
):
    before = _state(processing.code)
    r = _post(login(world.admin), _act_url(processing, "request_supplement"), {field: value})
    _assert_refused(r)
    assert _state(processing.code) == before


def test_a_multi_line_reason_is_kept(world, processing, login):
    reason = "Thiếu:\n- giấy chứng sinh\n- sổ hộ khẩu"
    r = _post(login(world.admin), _act_url(processing, "request_supplement"), {"reason": reason})
    assert r.status_code == 200, r.content
    assert DossierTransition.objects.filter(dossier=processing).last().note == reason


@pytest.mark.parametrize("when", ["9999-12-31T00:00:00+07:00", "1900-01-01T00:00:00+07:00", "x"])
def test_an_apology_date_far_from_now_is_refused(world, processing, login, when):
    before = _state(processing.code)
    r = _post(
        login(world.admin),
        _act_url(processing, "draft_apology"),
        {"reason": "Quá tải", "new_appointment_at": when},
    )
    _assert_refused(r)
    assert _state(processing.code) == before


# ---- intake -------------------------------------------------------------------------------------


def _intake(**applicant):
    return dict(INTAKE, applicant=dict(INTAKE["applicant"], **applicant))


@pytest.mark.parametrize(
    "id_number",
    [
        "011190001234\n",  # a 13th character, a newline: r"^\d{12}$" accepts it
        "٠١١١٩٠٠٠١٢٣٤",  # Arabic-Indic digits
        "０１１１９０００１２３４",  # fullwidth digits
        "01119000123²",  # a superscript digit
        "01119000123",
        "0111900012345",
        "01119000123a",
        "",
    ],
)
def test_intake_refuses_a_citizen_id_that_is_not_12_ascii_digits(world, simple, login, id_number):
    r = _post(login(world.reception), "/api/v1/dossiers", _intake(id_number=id_number))
    _assert_refused(r)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "applicant",
    [
        {"phone": "0" * 10_000},
        {"phone": "09123456789012"},
        {"phone": "12345"},
        {"phone": "0912\x00345678"},
        {"phone": "０９１２３４５６７８"},
        {"address": "x" * 100_000},
        {"address": "x" * 501},
        {"name": "x" * 201},
        {"name": "Lò Thị\x00 Mai"},
        {"name": "Lò Thị\x07 Mai"},
        {"name": "Lò Thị\x1b[31m Mai"},
        {"name": "Lò Thị\r\nMai"},
        {"name": "  "},
        {"address": "Bản\x00Him Lam"},
        {"unit_code": "\x00"},
    ],
)
def test_intake_refuses_what_the_form_refuses(world, simple, login, applicant):
    r = _post(login(world.reception), "/api/v1/dossiers", _intake(**applicant))
    _assert_refused(r)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("channel", [-1, 0, 2, 4, 2**63, 2**70, True, False, 1.0, 3.5, "1", None])
def test_intake_refuses_a_channel_outside_its_enum(world, simple, login, channel):
    r = _post(login(world.reception), "/api/v1/dossiers", dict(INTAKE, channel=channel))
    _assert_refused(r)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("field", ["procedure", "receiving_agency", "handling_agency"])
def test_intake_refuses_a_nul_in_a_lookup_code(world, simple, login, field):
    r = _post(login(world.reception), "/api/v1/dossiers", dict(INTAKE, **{field: "1.00\x001193"}))
    _assert_refused(r)
    assert not Dossier.objects.exists()


def test_intake_normalises_a_phone_and_accepts_the_postal_channel(world, simple, login):
    r = _post(
        login(world.reception),
        "/api/v1/dossiers",
        dict(_intake(phone="+84 912.345.678", id_number="0111 9000 1234"), channel=3),
    )
    assert r.status_code == 201, r.content
    dossier = Dossier.objects.get()
    assert (dossier.applicant_phone, dossier.applicant_id_number) == ("0912345678", "011190001234")
    assert dossier.channel == 3


# ---- query strings and paths --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dossiers?q=%00",
        "/api/v1/dossiers?state=%00",
        "/api/v1/dossiers?state=nonsense",
        "/api/v1/dossiers?procedure=%00",
        "/api/v1/dossiers?offset=99999999999999999999",
        "/api/v1/dossiers?offset=9223372036854775807",
        "/api/v1/dossiers?offset=-1",
        "/api/v1/dossiers?agency=99999999999999999999",
        "/api/v1/dossiers?agency=9223372036854775808",
        "/api/v1/dossiers?agency=%C2%B2",
        "/api/v1/dossiers?limit=99999999999999999999",
        "/api/v1/dossiers?q=" + "a" * 201,
        "/api/v1/dossiers/%00",
        "/api/v1/dossiers/%00/actions/start",
    ],
)
def test_bad_parameters_of_the_list_are_400(world, processing, login, url):
    client = login(world.admin)
    r = client.post(url) if url.endswith("/start") else client.get(url)
    _assert_refused(r)


@pytest.mark.parametrize(
    "code", ["%C2%B2", "99999999999999999999", "9223372036854775808", "-1", "x" * 61]
)
def test_odd_dossier_codes_are_404(world, processing, login, code):
    client = login(world.admin)
    assert client.get(f"/api/v1/dossiers/{code}").status_code == 404
    r = client.post(f"/api/v1/dossiers/{code}/actions/stop", {}, content_type="application/json")
    assert r.status_code == 404


def test_the_public_lookup_refuses_a_nul_and_odd_digits(world, processing, client):
    assert client.get("/api/v1/public/dossiers/%00?verify=1234").status_code == 400
    for verify in ("%C2%B2%C2%B2%C2%B2%C2%B2", "%D9%A1%D9%A2%D9%A3%D9%A4"):
        r = client.get(f"/api/v1/public/dossiers/{processing.code}?verify={verify}")
        assert r.status_code in (400, 404)


def test_a_control_character_in_a_rating_is_refused(world, processing, client):
    r = _post(
        client,
        f"/api/v1/public/dossiers/{processing.code}/rating",
        {"verify": processing.applicant_phone[-4:], "value": "satisfied", "comment": "tốt\x00"},
    )
    _assert_refused(r)
