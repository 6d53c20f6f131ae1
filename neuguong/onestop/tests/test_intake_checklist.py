"""Required documents as a checklist, at the desk and online (issue 8 §6), and the citizen's identity
on the online form: one service-level check for both channels, a clear 400 and nothing created."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from neuguong.core.errors import DomainError
from neuguong.core.validation import InvalidInput
from neuguong.onestop import services as s
from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier, DossierDocument, DossierTransition
from neuguong.onestop.services import checklist
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ITEMS = [
    {"name": "Tờ khai đăng ký khai sinh", "copies": 1, "original": True},
    {"name": "Giấy chứng sinh", "copies": 1, "original": True, "required": True},
    {"name": "Văn bản ủy quyền (nếu nộp thay)", "copies": 1, "original": True, "required": False},
]


@pytest.fixture
def birth(simple):
    simple.required_documents = ITEMS
    simple.save()
    return simple


def _pdf(name="giay-to.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _online(world, procedure, documents=()):
    return s.dossier_submit_online(
        procedure=procedure,
        applicant=applicant(user=world.citizen),
        handling_agency=None,
        receiving_agency=world.desk_a,
        documents=documents,
        at=MONDAY_9,
    )


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


# ---- the checklist itself --------------------------------------------------------------------


def test_an_item_is_required_unless_it_says_otherwise(birth):
    assert [(i["index"], i["required"]) for i in birth.checklist] == [
        (0, True),
        (1, True),
        (2, False),
    ]
    assert checklist.missing_items(birth, [1]) == [0]


def test_the_demo_catalogue_marks_if_any_documents_optional():
    from neuguong.onestop.data.demo_catalogue import LIEN_THONG_KHAI_SINH

    flags = {d["name"]: d["required"] for d in LIEN_THONG_KHAI_SINH["required_documents"]}
    assert flags["Giấy chứng sinh hoặc giấy tờ thay thế"] is True
    assert not [n for n, required in flags.items() if "(nếu" in n and required]


# ---- online: a file for each required item ---------------------------------------------------


def test_online_submission_is_refused_without_the_required_files(world, birth):
    with pytest.raises(InvalidInput) as exc:
        _online(world, birth, [{"name": "x", "file": _pdf(), "checklist_items": [1]}])
    assert exc.value.status == 400
    assert exc.value.code == "required_documents_missing"
    assert "Tờ khai đăng ký khai sinh" in str(exc.value)
    assert not Dossier.objects.exists()
    assert not DossierDocument.objects.exists()


def test_online_submission_with_the_required_files_records_what_each_answers(
    world, birth, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dossier = _online(
        world,
        birth,
        [
            {"name": "Tờ khai", "file": _pdf("to-khai.pdf"), "checklist_items": [0]},
            {"name": "Chứng sinh", "file": _pdf("chung-sinh.pdf"), "checklist_items": [1]},
        ],
    )
    assert dossier.state == DossierState.NEW
    assert sorted(dossier.documents.values_list("checklist_items", flat=True)) == [[0], [1]]
    # A citizen's upload is never "digitised" (that is the desk's work).
    assert not dossier.documents.filter(digitised=True).exists()


def test_the_online_form_refuses_missing_documents_with_a_400(world, birth, login):
    response = login(world.citizen).post(
        reverse("onestop-submit"),
        {
            "procedure": birth.pk,
            "receiving_agency": world.desk_a.pk,
            "applicant_name": "Cà Văn Dũng",
            "applicant_id_number": "011203000999",
            "applicant_phone": "0987654321",
            "item-1": _pdf(),
            "doc-TOTAL_FORMS": 0,
            "doc-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 400
    assert "Tờ khai đăng ký khai sinh" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_online_form_attaches_each_file_to_its_item_and_ignores_digitised(
    world, birth, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = login(world.citizen).post(
        reverse("onestop-submit"),
        {
            "procedure": birth.pk,
            "receiving_agency": world.desk_a.pk,
            "applicant_name": "Cà Văn Dũng",
            "applicant_id_number": "011203000999",
            "applicant_phone": "0987654321",
            "item-0": _pdf("to-khai.pdf"),
            "item-1": _pdf("chung-sinh.pdf"),
            "doc-TOTAL_FORMS": 1,
            "doc-INITIAL_FORMS": 0,
            "doc-0-file": _pdf("khac.pdf"),
            "doc-0-digitised": "on",  # a citizen cannot mark a document digitised
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    rows = {d.name: (d.checklist_items, d.digitised) for d in dossier.documents.all()}
    assert rows["Tờ khai đăng ký khai sinh"] == ([0], False)
    assert rows["Giấy chứng sinh"] == ([1], False)
    assert rows["khac.pdf"] == ([], False)


def test_the_citizen_form_shows_no_digitised_box(world, birth, login):
    html = login(world.citizen).get(reverse("onestop-submit")).content.decode()
    assert "digitised" not in html
    assert "đã số hóa" not in html
    checklist_html = (
        login(world.citizen)
        .get(reverse("onestop-procedure-checklist") + f"?procedure={birth.pk}")
        .content.decode()
    )
    assert 'name="item-0"' in checklist_html
    assert 'name="received"' not in checklist_html


# ---- at the desk: tick what was received -----------------------------------------------------


def test_the_desk_is_refused_when_a_required_item_is_not_ticked(world, birth):
    with pytest.raises(InvalidInput) as exc:
        _desk(world, birth, received_items=[0])
    assert exc.value.code == "required_documents_missing"
    assert "Giấy chứng sinh" in str(exc.value)
    assert not Dossier.objects.exists()


def test_the_desk_records_the_paper_documents_it_ticked(world, birth):
    dossier = _desk(world, birth, received_items=[0, 1])
    assert dossier.state == DossierState.ACCEPTED
    docs = list(dossier.documents.order_by("pk").values_list("name", "checklist_items", "file"))
    assert docs == [
        ("Tờ khai đăng ký khai sinh", [0], ""),
        ("Giấy chứng sinh", [1], ""),
    ]


def test_the_desk_may_receive_with_a_supplement_request_for_what_is_missing(world, birth):
    from neuguong.onestop import documents

    dossier = _desk(world, birth, received_items=[0], supplement_missing=True)
    assert dossier.state == DossierState.SUPPLEMENT_REQUESTED
    request = DossierTransition.objects.get(dossier=dossier, action="request_supplement")
    assert "Giấy chứng sinh" in request.note
    assert "Tờ khai" not in request.note
    first = DossierTransition.objects.filter(dossier=dossier).order_by("pk").first()
    assert first.data["missing_documents"] == [1]
    # The supplement request slip is ready, naming what is missing.
    html = documents.render_slip("supplement_request", dossier, fmt="html")
    assert "Giấy chứng sinh" in html


def test_an_unknown_checklist_item_is_a_400(world, birth):
    with pytest.raises(InvalidInput) as exc:
        _desk(world, birth, received_items=[0, 1, 7])
    assert exc.value.code == "unknown_checklist_item"
    assert not Dossier.objects.exists()


def test_the_desk_form_ticks_and_supplements(world, birth, login):
    data = {
        "procedure": birth.pk,
        "applicant_name": "Lò Thị Hoa",
        "applicant_id_number": "011190004321",
        "applicant_phone": "0912345678",
        "channel": 1,
        "receiving_agency": world.desk_a.pk,
        "handling_agency": "",
        "doc-TOTAL_FORMS": 0,
        "doc-INITIAL_FORMS": 0,
        "received": ["0"],
    }
    client = login(world.reception)
    refused = client.post(reverse("onestop-intake"), data)
    assert refused.status_code == 400
    assert "Giấy chứng sinh" in refused.content.decode()
    assert not Dossier.objects.exists()
    # The page shown again keeps the tick.
    assert 'name="received" value="0" checked' in refused.content.decode()
    received = client.post(reverse("onestop-intake"), {**data, "supplement_missing": "on"})
    assert received.status_code == 302
    assert Dossier.objects.get().state == DossierState.SUPPLEMENT_REQUESTED


def test_the_api_takes_the_received_items(world, birth, login):
    client = login(world.reception)
    body = {
        "procedure": birth.code,
        "receiving_agency": world.desk_a.identifier_code,
        "handling_agency": world.agency_a.identifier_code,
        "applicant": {"name": "Lò Văn Minh", "id_number": "011190004322", "phone": "0912345679"},
        "received_items": [0],
    }
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "required_documents_missing"
    assert not Dossier.objects.exists()
    body["received_items"] = [0, 1]
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 201, response.content


# ---- the citizen's identity ------------------------------------------------------------------


@pytest.fixture
def identity(world):
    from neuguong.core.identity.models import CitizenIdentity

    return CitizenIdentity.objects.create(
        user=world.citizen,
        provider="demo",
        subject="sub-1",
        id_number="011203000777",
        full_name="Lò Thị Mai",
        phone="0987000111",
    )


def test_a_signed_in_citizens_name_and_id_come_from_their_identity(world, simple, login, identity):
    client = login(world.citizen)
    html = client.get(reverse("onestop-submit")).content.decode()
    assert 'value="Lò Thị Mai"' in html
    assert 'value="011203000777"' in html
    assert 'value="0987000111"' in html  # the phone pre-filled
    assert "disabled" in html
    response = client.post(
        reverse("onestop-submit"),
        {
            "procedure": simple.pk,
            "receiving_agency": world.desk_a.pk,
            "applicant_name": "Someone Else",  # ignored: the identity says who submits
            "applicant_id_number": "999999999999",
            "applicant_phone": "0987000111",
            "doc-TOTAL_FORMS": 0,
            "doc-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_id_number) == ("Lò Thị Mai", "011203000777")


def test_the_desk_check_and_online_check_are_one_rule(world, birth):
    """Both channels refuse the same missing item with the same code."""
    codes = []
    for call in (lambda: _desk(world, birth, received_items=[1]), lambda: _online(world, birth)):
        with pytest.raises(DomainError) as exc:
            call()
        codes.append(exc.value.code)
    assert codes == ["required_documents_missing"] * 2


def test_the_timeline_names_the_missing_documents_in_words(world, birth, login):
    dossier = _desk(world, birth, received_items=[0], supplement_missing=True)
    text = login(world.reception).get(reverse("onestop-dossier", args=[dossier.code]))
    html = text.content.decode()
    assert "missing_documents" not in html
    assert "Giấy tờ còn thiếu" in html


def test_the_catalogue_file_reads_required_and_optional_items():
    from neuguong.onestop.catalogue import _documents

    docs = _documents(
        "Tờ khai | 1 | original; Giấy ủy quyền (nếu nộp thay) | 1 | copy; "
        "Giấy chứng sinh | 2 | original | optional; Sổ hộ khẩu (nếu có) | 1 | copy | required"
    )
    assert [(d["name"][:8], d["required"]) for d in docs] == [
        ("Tờ khai", True),
        ("Giấy ủy ", False),
        ("Giấy chứ", False),
        ("Sổ hộ kh", True),
    ]
    with pytest.raises(Exception, match="required"):
        _documents("Tờ khai | 1 | original | maybe")
