import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from neuguong.onestop.catalogue import COLUMNS, default_handling_agency, resolve_step_agency
from neuguong.onestop.catalogue_files import catalogue_export, catalogue_import
from neuguong.onestop.models import Procedure
from neuguong.org.constants import AgencyKind
from neuguong.org.tests import factories as f

BIRTH = {
    "code": "1.001193",
    "name": "Thủ tục đăng ký khai sinh",
    "field": "Hộ tịch",
    "level": "commune",
    "fee": "0",
    "required_documents": "Tờ khai đăng ký khai sinh | 1 | original; Giấy chứng sinh | 1 | bản chính",
    "online_level": "full",
    "channels": "1,2,3",
    "cutoff_time": "15:00",
    "published_on": "2025-07-01",
    "deadline_hours": "8",
}


def _rows(*rows):
    out = []
    for procedure, step in rows:
        row = dict.fromkeys(COLUMNS, "")
        row.update(procedure)
        row.update(
            dict(
                zip(
                    [
                        "step_order",
                        "step_name",
                        "step_actor",
                        "step_agency",
                        "step_level",
                        "step_hours",
                    ],
                    step,
                    strict=True,
                )
            )
        )
        out.append(row)
    return out


def _csv(rows) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    stream = io.BytesIO(text.getvalue().encode("utf-8"))
    stream.name = "catalogue.csv"
    return stream


def _birth_rows(hours=("0.5", "4.5", "2", "1")):
    return _rows(
        (BIRTH, ("1", "Tiếp nhận", "receive", "", "commune", hours[0])),
        ({"code": "1.001193"}, ("2", "Xử lý", "process", "", "commune", hours[1])),
        ({"code": "1.001193"}, ("3", "Ký", "sign", "", "commune", hours[2])),
        ({"code": "1.001193"}, ("4", "Trả kết quả", "return", "", "commune", hours[3])),
    )


def test_it_imports_a_csv_catalogue_with_steps(world):
    report = catalogue_import(_csv(_birth_rows()))

    assert report.ok, report.as_text()
    assert report.created == ["1.001193"]
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name == "Thủ tục đăng ký khai sinh"
    assert procedure.cutoff_time.hour == 15
    assert procedure.channels == [1, 2, 3]
    assert procedure.required_documents[1] == {
        "name": "Giấy chứng sinh",
        "copies": 1,
        "original": True,
        "required": True,  # the checklist's flag (issue 8): required unless "(nếu …)"
    }
    assert [s.actor_kind for s in procedure.steps.all()] == ["receive", "process", "sign", "return"]
    assert procedure.steps_total_hours == Decimal(8)
    assert not report.warnings


def test_it_is_idempotent_by_code(world):
    catalogue_import(_csv(_birth_rows()))
    report = catalogue_import(_csv(_birth_rows()))

    assert report.unchanged == ["1.001193"]
    assert Procedure.objects.count() == 1

    report = catalogue_import(_csv(_birth_rows(hours=("1", "4", "2", "1"))))
    assert report.updated == ["1.001193"]
    assert Procedure.objects.get().steps.get(order=1).hours == Decimal(1)


def test_it_reports_a_bad_row_with_its_line_and_imports_the_good_ones(world):
    marriage = dict(BIRTH, code="1.000894", name="Thủ tục đăng ký kết hôn")
    rows = _birth_rows() + _rows(
        (marriage, ("1", "Tiếp nhận", "receive", "", "commune", "1")),
        ({"code": "1.000894"}, ("2", "Xử lý", "dance", "", "commune", "7")),
        ({"code": "not-a-code"}, ("1", "x", "receive", "", "", "1")),
    )
    report = catalogue_import(_csv(rows))

    assert report.created == ["1.001193"]
    assert report.skipped == ["1.000894"]
    assert [(e.line, e.code) for e in report.errors] == [(7, "1.000894"), (8, "not-a-code")]
    assert "step_actor" in report.errors[0].message
    assert not Procedure.objects.filter(code="1.000894").exists()


def test_it_reports_a_bad_first_row_and_still_checks_the_procedures_other_rows(world):
    rows = _birth_rows()
    rows[0]["name"] = ""
    rows[2]["step_actor"] = "dance"
    report = catalogue_import(_csv(rows))

    assert report.skipped == ["1.001193"]
    assert [(e.line, e.code) for e in report.errors] == [(2, "1.001193"), (4, "1.001193")]
    assert "name" in report.errors[0].message
    assert "step_actor" in report.errors[1].message
    assert not Procedure.objects.exists()


def test_it_warns_when_the_steps_do_not_add_up_to_the_deadline(world):
    report = catalogue_import(_csv(_birth_rows(hours=("1", "4", "2", "3"))))

    assert report.ok
    assert report.created == ["1.001193"]
    assert len(report.warnings) == 1
    assert "10" in report.warnings[0]
    assert "8" in report.warnings[0]
    assert Procedure.objects.get().deadline_mismatch


def test_it_rejects_an_unknown_step_agency(world):
    rows = _birth_rows()
    rows[1]["step_agency"] = "999.99.99.H18"
    report = catalogue_import(_csv(rows))

    assert report.errors[0].line == 3
    assert "999.99.99.H18" in report.errors[0].message


def test_it_reports_a_missing_header_column_on_line_one(world):
    stream = io.BytesIO(b"code,name\n1.001193,x\n")
    stream.name = "x.csv"
    report = catalogue_import(stream)

    assert report.errors[0].line == 1
    assert Procedure.objects.count() == 0


def test_it_round_trips_through_excel(world):
    rows = _birth_rows()
    rows[1]["step_agency"] = world.department.identifier_code
    rows[1]["step_level"] = "province"
    catalogue_import(_csv(rows))
    out = io.BytesIO()
    out.name = "catalogue.xlsx"
    assert catalogue_export(out) == 1

    out.seek(0)
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == COLUMNS
    assert sheet.cell(3, COLUMNS.index("step_agency") + 1).value == world.department.identifier_code
    out.seek(0)
    report = catalogue_import(out)
    assert report.ok
    assert report.unchanged == ["1.001193"]


def test_it_reads_an_excel_file_with_line_numbers(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in _birth_rows():
        sheet.append([row[c] for c in COLUMNS])
    sheet.cell(4, COLUMNS.index("step_hours") + 1).value = "abc"
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    stream.name = "c.xlsx"

    report = catalogue_import(stream)

    assert [(e.line, e.code) for e in report.errors] == [(4, "1.001193")]
    assert report.skipped == ["1.001193"]


def test_the_command_prints_the_report(world, tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_bytes(_csv(_birth_rows()).getvalue())
    with translation.override("en"):
        call_command("catalogue", "import", str(path))
        assert "1 created" in capsys.readouterr().out

        out = tmp_path / "out.xlsx"
        call_command("catalogue", "export", str(out))
        assert "Exported 1 procedures" in capsys.readouterr().out
    # In the default language the report is in Vietnamese.
    call_command("catalogue", "import", str(path))
    assert "0 tạo mới" in capsys.readouterr().out


def test_it_resolves_the_commune_police_and_the_handling_agency(world):
    police = f.AgencyFactory(
        name="Công an phường Điện Biên Phủ", kind=AgencyKind.BRANCH, unit=world.commune_a
    )
    rows = _birth_rows()
    rows[2]["step_actor"] = "handover"
    catalogue_import(_csv(rows))
    procedure = Procedure.objects.get()
    steps = {s.order: s for s in procedure.steps.all()}

    def resolve(order):
        return resolve_step_agency(
            steps[order], handling_agency=world.agency_a, receiving_agency=world.desk_a
        )

    assert resolve(1) == world.desk_a
    assert resolve(2) == world.agency_a
    assert resolve(3) == police
    assert default_handling_agency(procedure, world.desk_a) == world.agency_a


@pytest.mark.slow
def test_it_loads_the_demo_catalogue_idempotently(db):
    from neuguong.demo.province import load_province
    from neuguong.onestop.catalogue import load_demo_catalogue
    from neuguong.onestop.data.demo_catalogue import DEMO_CATALOGUE

    load_province()
    procedures = load_demo_catalogue()

    assert len(procedures) == len(DEMO_CATALOGUE) >= 30
    assert not [p.code for p in procedures if p.deadline_mismatch]
    interconnected = {p.code for p in procedures if p.is_interconnected}
    assert {"3.000722", "1.012753", "2.002913"} <= interconnected
    land = Procedure.objects.get(code="1.012753")
    assert {s.agency.identifier_code for s in land.steps.all() if s.agency} == {
        "000.00.21.H18",
        "000.00.22.H18",
    }
    out = io.StringIO()
    load_demo_catalogue(stdout=out)
    assert f"{len(DEMO_CATALOGUE)} unchanged" in out.getvalue()
