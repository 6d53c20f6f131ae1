"""The procedure's 766 fields in the catalogue (items 1.1, 1.3, 3.5): who may apply, the day the legal basis
takes effect, the fee payable online. Imported and exported with the other columns, edited in the admin,
shown on the public procedure page; a bad cell is its row's error and writes nothing."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from neuguong.onestop.catalogue import COLUMNS, PROCEDURE_COLUMNS
from neuguong.onestop.catalogue_files import catalogue_export, catalogue_import
from neuguong.onestop.data.demo_catalogue import DEMO_CATALOGUE
from neuguong.onestop.models import Procedure
from neuguong.onestop.tests.factories import ProcedureFactory, ProcedureStepFactory

pytestmark = pytest.mark.django_db

BIRTH = {
    "code": "1.001193",
    "name": "Thủ tục đăng ký khai sinh",
    "field": "Hộ tịch",
    "level": "commune",
    "applicants": "Công dân Việt Nam",
    "legal_basis": "Luật Hộ tịch năm 2014",
    "legal_basis_effective_on": "01/07/2025",
    "fee": "8000",
    "online_payment": "có",
    "required_documents": "Tờ khai đăng ký khai sinh | 1 | original",
    "online_level": "full",
    "channels": "1,2,3",
    "published_on": "2025-06-24",
    "deadline_hours": "8",
    "step_order": "1",
    "step_name": "Xử lý",
    "step_actor": "process",
    "step_level": "commune",
    "step_hours": "8",
}


def _csv(*rows, columns=COLUMNS) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    stream = io.BytesIO(text.getvalue().encode("utf-8"))
    stream.name = "catalogue.csv"
    return stream


def test_the_columns_include_the_three_fields():
    for column in ("applicants", "legal_basis_effective_on", "online_payment"):
        assert column in PROCEDURE_COLUMNS


def test_it_imports_the_three_fields(world):
    report = catalogue_import(_csv(BIRTH))

    assert report.ok, report.as_text()
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.applicants == "Công dân Việt Nam"
    assert procedure.legal_basis_effective_on == dt.date(2025, 7, 1)
    assert procedure.online_payment is True


@pytest.mark.parametrize(
    ("cell", "value"),
    [("yes", True), ("không", False), ("0", False), ("", False), ("x", True)],
)
def test_online_payment_reads_yes_and_no_and_blank_is_no(world, cell, value):
    catalogue_import(_csv({**BIRTH, "online_payment": cell}))
    assert Procedure.objects.get(code="1.001193").online_payment is value


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        (
            "legal_basis_effective_on",
            "31/02/2026",
            "legal_basis_effective_on: “31/02/2026” is not a date",
        ),
        ("legal_basis_effective_on", "next month", "is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
        ("online_payment", "maybe", "online_payment: “maybe” is not yes or no"),
        ("applicants", "x" * 501, "applicants: at most 500 characters"),
    ],
)
def test_a_bad_cell_is_its_rows_error_and_writes_nothing_of_that_procedure(
    world, column, cell, message
):
    other = {**BIRTH, "code": "1.000894", "name": "Thủ tục đăng ký kết hôn"}
    with translation.override("en"):
        report = catalogue_import(_csv({**BIRTH, column: cell}, other))

    assert [(e.line, e.code) for e in report.errors] == [(2, "1.001193")]
    assert message in report.errors[0].message
    assert report.skipped == ["1.001193"]
    assert not Procedure.objects.filter(code="1.001193").exists()
    assert report.created == ["1.000894"]  # the other procedures are imported


def test_a_bad_date_leaves_an_existing_procedure_as_it_was(world):
    catalogue_import(_csv(BIRTH))
    report = catalogue_import(
        _csv({**BIRTH, "legal_basis_effective_on": "2026-13-01", "applicants": "Mọi người"})
    )

    assert [str(e) for e in report.errors] == [
        "dòng 2 (1.001193): legal_basis_effective_on: “2026-13-01” không phải là ngày "
        "(YYYY-MM-DD hoặc DD/MM/YYYY)"
    ]
    procedure = Procedure.objects.get(code="1.001193")
    assert (procedure.applicants, procedure.legal_basis_effective_on) == (
        "Công dân Việt Nam",
        dt.date(2025, 7, 1),
    )


def test_a_file_without_the_new_columns_leaves_them_as_they_are(world):
    catalogue_import(_csv(BIRTH))
    older = [
        c for c in COLUMNS if c not in ("applicants", "legal_basis_effective_on", "online_payment")
    ]
    report = catalogue_import(_csv({**BIRTH, "name": "Đăng ký khai sinh"}, columns=older))

    assert report.updated == ["1.001193"]
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name == "Đăng ký khai sinh"
    assert procedure.applicants == "Công dân Việt Nam"
    assert procedure.legal_basis_effective_on == dt.date(2025, 7, 1)
    assert procedure.online_payment is True


def test_an_excel_date_cell_is_read_as_a_date(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    row = {**BIRTH, "legal_basis_effective_on": dt.datetime(2026, 4, 1)}
    sheet.append([row.get(c, "") for c in COLUMNS])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    stream.name = "catalogue.xlsx"

    report = catalogue_import(stream)

    assert report.ok, report.as_text()
    assert Procedure.objects.get(code="1.001193").legal_basis_effective_on == dt.date(2026, 4, 1)


def test_the_export_writes_the_three_fields_and_imports_back_unchanged(world):
    catalogue_import(_csv(BIRTH))
    out = io.BytesIO()
    out.name = "catalogue.csv"
    catalogue_export(out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert (
        rows[0]["applicants"],
        rows[0]["legal_basis_effective_on"],
        rows[0]["online_payment"],
    ) == (
        "Công dân Việt Nam",
        "2025-07-01",
        "yes",
    )
    out.seek(0)
    assert catalogue_import(out).unchanged == ["1.001193"]


# ---- the admin and the public page --------------------------------------------------------------------


def test_the_admin_form_shows_the_three_fields_with_their_labels(admin_client, world):
    procedure = ProcedureFactory(code="1.004873")
    page = admin_client.get(reverse("admin:onestop_procedure_change", args=[procedure.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("applicants", "legal_basis_effective_on", "online_payment"):
        assert f'name="{name}"' in html
    for label in ("Đối tượng thực hiện", "Ngày văn bản quy định có hiệu lực", "Thanh toán phí"):
        assert label in html


def test_the_admin_form_saves_the_three_fields(admin_client, world):
    procedure = ProcedureFactory(code="1.004873", required_documents=[{"name": "Tờ khai"}])
    url = reverse("admin:onestop_procedure_change", args=[procedure.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "required_documents": '[{"name": "Tờ khai"}]',
            "channels": "[1, 2, 3]",
            "applicants": "Công dân Việt Nam",
            "legal_basis_effective_on": "2026-04-01",
            "online_payment": "on",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure.refresh_from_db()
    assert (procedure.applicants, procedure.legal_basis_effective_on, procedure.online_payment) == (
        "Công dân Việt Nam",
        dt.date(2026, 4, 1),
        True,
    )


def _public(client, procedure):
    return client.get(reverse("onestop-procedure", args=[procedure.code])).content.decode()


def test_the_public_page_shows_who_may_apply_the_legal_basis_date_and_online_payment(client, world):
    procedure = ProcedureFactory(
        applicants="Công dân Việt Nam cư trú trong nước",
        legal_basis_effective_on=dt.date(2025, 7, 1),
        fee=Decimal(8000),
        online_payment=True,
    )
    ProcedureStepFactory(procedure=procedure, order=1)
    html = _public(client, procedure)
    assert "Công dân Việt Nam cư trú trong nước" in html
    assert 'data-field="legal_basis_effective_on">01/07/2025<' in html
    assert "Có thể nộp phí, lệ phí trực tuyến" in html  # the site speaks Vietnamese by default

    Procedure.objects.filter(pk=procedure.pk).update(online_payment=False)
    assert "Chưa thể nộp phí, lệ phí trực tuyến" in _public(client, procedure)


def test_a_free_procedure_says_nothing_about_paying_online(client, world):
    procedure = ProcedureFactory(fee=Decimal(0), online_payment=False)
    assert 'data-field="online_payment"' not in _public(client, procedure)
    assert 'data-field="applicants"' not in _public(client, procedure)  # none recorded


# ---- the demo catalogue -------------------------------------------------------------------------------


def test_the_demo_catalogue_makes_1_1_1_3_and_3_5_non_trivial():
    from neuguong.dashboards.indicators.formulas import published_in_time

    dated = [p for p in DEMO_CATALOGUE if p["legal_basis_effective_on"]]
    judged = [
        published_in_time(
            published_on=dt.date.fromisoformat(p["published_on"]),
            effective_on=dt.date.fromisoformat(p["legal_basis_effective_on"]),
        )
        for p in dated
        if p["published_on"].startswith("2026")
    ]
    assert 0 < sum(judged) < len(judged)  # some 2026 announcements on time, some late
    assert len(dated) < len(DEMO_CATALOGUE)  # one legal basis undated: not judged
    assert any(not p["applicants"] for p in DEMO_CATALOGUE)
    assert all(p["applicants"] for p in DEMO_CATALOGUE[:10])
    with_fee = [p for p in DEMO_CATALOGUE if p["fee"] > 0]
    payable = [p for p in with_fee if p["online_payment"]]
    assert 0 < len(payable) < len(with_fee)
    assert not any(p["online_payment"] for p in DEMO_CATALOGUE if p["fee"] == 0)
