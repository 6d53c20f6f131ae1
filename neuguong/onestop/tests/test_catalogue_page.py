"""The staff page importing the procedure catalogue (issue 8 §8): admin only; a dry run whose report is the
real one and changes nothing; then the import, audited; bad files are a 400 and change nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from neuguong.core.audit.models import AuditEvent
from neuguong.onestop.catalogue import COLUMNS
from neuguong.onestop.models import Procedure
from neuguong.onestop.tests.test_catalogue import BIRTH, _birth_rows, _csv, _rows

URL = reverse("onestop-catalogue-import")


@pytest.fixture
def world(module_world):
    return module_world


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The uploads kept between the dry run and the apply go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


def _upload(content: bytes, name="catalogue.csv"):
    return SimpleUploadedFile(name, content)


def _good_csv() -> bytes:
    return _csv(_birth_rows()).getvalue()


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "catalogue"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _counts():
    return Procedure.objects.count(), AuditEvent.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("head", 403), ("inspector", 403), ("reception", 403), ("citizen", 403)],
)
def test_only_an_administrator_may_open_it(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == status


@pytest.mark.django_db
def test_a_head_cannot_import_by_posting(client, world):
    client.force_login(world.head)
    before = _counts()
    assert client.post(URL, {"file": _upload(_good_csv())}).status_code == 403
    assert _counts() == before


@pytest.mark.django_db
def test_dry_run_then_apply(client, world):
    client.force_login(world.admin)
    before = _counts()
    response = client.post(URL, {"file": _upload(_good_csv())})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chạy thử" in body  # the dry run says so
    assert "1 thủ tục được tạo" in body
    assert _counts() == before  # the dry run kept nothing
    upload_id = response.context["upload_id"]
    applied = client.post(URL, {"step": "apply", "upload": upload_id})
    assert applied.status_code == 200
    assert applied.context["applied"]
    procedure = Procedure.objects.get(code=BIRTH["code"])
    assert procedure.steps.count() == 4
    event = AuditEvent.objects.filter(action="onestop.procedure.created").latest("pk")
    assert event.actor == world.admin
    # The same upload cannot be applied twice.
    again = client.post(URL, {"step": "apply", "upload": upload_id})
    assert again.status_code == 400
    assert Procedure.objects.filter(code=BIRTH["code"]).count() == 1


@pytest.mark.django_db
def test_an_xlsx_workbook_with_an_error_reports_its_line(client, world):
    rows = _birth_rows() + _rows(
        ({**BIRTH, "code": "1.000001", "level": "moon"}, ("1", "x", "receive", "", "commune", "1"))
    )
    client.force_login(world.admin)
    response = client.post(URL, {"file": _upload(_xlsx(rows), "catalogue.xlsx")})
    assert response.status_code == 200
    report = response.context["report"]
    assert [e.line for e in report.errors] == [6]
    assert "1.000001" in response.content.decode()
    assert Procedure.objects.count() == 0


@pytest.mark.django_db
def test_another_session_cannot_apply_an_upload(client, world, django_user_model):
    client.force_login(world.admin)
    upload_id = client.post(URL, {"file": _upload(_good_csv())}).context["upload_id"]
    from django.test import Client

    other = Client()
    other.force_login(world.admin)  # the same account, another session
    assert other.post(URL, {"step": "apply", "upload": upload_id}).status_code == 400
    assert Procedure.objects.count() == 0


def _zip_named_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "catalogue.csv", "import-error"),  # an empty upload: "empty" or "no file"
        (b"code,name\n1.0,x\n", "catalogue.txt", ".xlsx"),
        ("mã,tên\n".encode("utf-16"), "catalogue.csv", "UTF-8"),
        (b"code,name\x00\n", "catalogue.csv", "UTF-8"),
        (b"<html>not a workbook</html>", "catalogue.xlsx", "Excel"),
        (_zip_named_xlsx(), "catalogue.xlsx", "Excel"),
        (b"x" * (5 * 1024 * 1024 + 1), "catalogue.csv", "5 MB"),
    ],
)
def test_a_bad_file_is_a_400_with_its_message_and_changes_nothing(
    client, world, content, name, message
):
    client.force_login(world.admin)
    before = _counts()
    response = client.post(URL, {"file": _upload(content, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before


@pytest.mark.django_db
def test_no_file_or_a_bad_upload_id_is_a_400(client, world):
    client.force_login(world.admin)
    assert client.post(URL, {}).status_code == 400
    assert client.post(URL, {"step": "apply", "upload": "../../etc/passwd"}).status_code == 400
    assert client.post(URL, {"step": "apply"}).status_code == 400


@pytest.mark.django_db
def test_a_header_without_the_required_columns_is_reported(client, world):
    client.force_login(world.admin)
    response = client.post(URL, {"file": _upload(b"code,name\n1.001193,x\n")})
    assert response.status_code == 400
    assert "step_hours" in response.content.decode()  # the missing columns are named
    assert Procedure.objects.count() == 0


@pytest.mark.django_db
def test_the_catalogue_downloads_as_it_stands_and_imports_back_unchanged(client, world):
    client.force_login(world.admin)
    client.post(
        URL,
        {
            "step": "apply",
            "upload": client.post(URL, {"file": _upload(_good_csv())}).context["upload_id"],
        },
    )
    for fmt in ("xlsx", "csv"):
        response = client.get(URL, {"export": fmt})
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
        again = client.post(URL, {"file": _upload(response.content, f"catalogue.{fmt}")})
        assert again.status_code == 200
        report = again.context["report"]
        assert report.unchanged == [BIRTH["code"]]
        assert not report.errors


@pytest.mark.django_db
def test_only_an_administrator_downloads_it(client, world):
    client.force_login(world.head)
    assert client.get(URL, {"export": "xlsx"}).status_code == 403


@pytest.mark.django_db
def test_a_dry_run_never_applied_is_deleted_after_a_day(client, world, tmp_path):
    import os
    import time

    client.force_login(world.admin)
    first = client.post(URL, {"file": _upload(_good_csv())}).context["upload_id"]
    (kept,) = (tmp_path / "catalogue-uploads").glob(f"{first}.*")
    old = time.time() - 2 * 24 * 3600
    os.utime(kept, (old, old))
    client.post(URL, {"file": _upload(_good_csv())})
    assert not kept.exists()
    assert client.post(URL, {"step": "apply", "upload": first}).status_code == 400
