"""The citizen's own pages: "My dossiers", the citizen view of a dossier and its actions (supplement,
withdraw, rate), all through the onestop services; other citizens' dossiers answer 404."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.core.audit.models import AuditEvent
from neuguong.onestop import services as s
from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier, Rating
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.org.tests import factories as org_f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def mine(world, receive):
    return receive(user=world.citizen, name="Lò Văn Tâm")


@pytest.fixture
def neighbour(world):
    from neuguong.org.models import Membership

    user = org_f.UserFactory(username="neighbour")
    Membership.objects.create(user=user, role="citizen")
    return user


def _started(world, dossier):
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    return dossier


def _supplement_requested(world, dossier):
    _started(world, dossier)
    s.dossier_request_supplement(
        dossier,
        actor=world.head,
        reason="Thiếu bản sao giấy chứng sinh",
        at=MONDAY_9 + dt.timedelta(hours=1),
    )
    return dossier


def _returned(world, dossier):
    _started(world, dossier)
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=2))
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=3))
    s.dossier_return(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(hours=4))
    return dossier


def test_it_lists_only_the_citizens_own_dossiers_with_a_pager(world, receive, mine, login):
    other = receive(name="Người khác")
    page = login(world.citizen).get("/onestop/mine/")
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.code in html
    assert other.code not in html
    assert "Hiển thị 1–1 trên 1" in html
    assert f"/onestop/mine/{mine.code}/" in html


def test_my_dossiers_pages_through_more_than_one_page(world, receive, login):
    from neuguong.onestop.tests.factories import DossierFactory

    for _ in range(23):
        DossierFactory(applicant_user=world.citizen, receiving_agency=world.desk_a)
    client = login(world.citizen)
    first = client.get("/onestop/mine/").content.decode()
    assert "Hiển thị 1–20 trên 23" in first
    second = client.get("/onestop/mine/?page=2").content.decode()
    assert "Hiển thị 21–23 trên 23" in second
    assert client.get("/onestop/mine/?page=99").status_code == 200


def test_the_citizen_view_shows_steps_and_agencies_but_no_staff_and_no_audit(world, mine, login):
    for staff, name in ((world.reception, "Quàng Văn Nhận"), (world.head, "Lường Thị Chủ")):
        staff.first_name = name
        staff.save()
    _started(world, mine)
    page = login(world.citizen).get(f"/onestop/mine/{mine.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert world.agency_a.name in html  # the steps' agency
    assert "Thẩm định" in html  # a step's name
    assert "Quàng Văn Nhận" not in html
    assert "Lường Thị Chủ" not in html
    assert "onestop.dossier" not in html  # no audit action code
    assert "personal-data" not in html  # no reveal button
    assert "/audit/" not in html
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", html)  # no ISO timestamp


def test_another_citizens_dossier_answers_404_everywhere(world, mine, neighbour, client):
    client.force_login(neighbour)
    assert client.get(f"/onestop/mine/{mine.code}/").status_code == 404
    assert client.get(f"/onestop/dossiers/{mine.code}/").status_code == 404
    for action in ("supplement", "withdraw", "rate"):
        assert client.post(f"/onestop/mine/{mine.code}/{action}/").status_code == 404
    assert client.get("/onestop/mine/NO-SUCH-CODE/").status_code == 404


def test_the_staff_url_sends_a_citizen_to_their_own_view(world, mine, login):
    response = login(world.citizen).get(f"/onestop/dossiers/{mine.code}/")
    assert response.status_code == 302
    assert response["Location"] == f"/onestop/mine/{mine.code}/"


def test_staff_still_get_the_staff_page(world, mine, login):
    page = login(world.reception).get(f"/onestop/dossiers/{mine.code}/")
    assert page.status_code == 200


def test_the_citizen_sends_a_requested_supplement_online(world, mine, login):
    _supplement_requested(world, mine)
    client = login(world.citizen)
    page = client.get(f"/onestop/mine/{mine.code}/").content.decode()
    assert "Thiếu bản sao giấy chứng sinh" in page
    upload = SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/onestop/mine/{mine.code}/supplement/",
        {"name": "Bản sao giấy chứng sinh", "files": [upload]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.state == DossierState.PROCESSING
    doc = mine.documents.get(name="Bản sao giấy chứng sinh")
    assert doc.uploaded_by == world.citizen
    assert doc.content_type == "application/pdf"
    assert mine.pauses.get().ended_at is not None
    assert AuditEvent.objects.filter(
        object_id=str(mine.pk), action="onestop.dossier.supplement_received"
    ).exists()


def test_a_supplement_that_is_not_what_it_says_changes_nothing(world, mine, login):
    _supplement_requested(world, mine)
    fake = SimpleUploadedFile("giay.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = login(world.citizen).post(
        f"/onestop/mine/{mine.code}/supplement/", {"files": [fake]}
    )
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.state == DossierState.SUPPLEMENT_REQUESTED
    assert not mine.documents.filter(name="giay.pdf").exists()


def test_a_supplement_without_a_file_is_refused(world, mine, login):
    _supplement_requested(world, mine)
    response = login(world.citizen).post(f"/onestop/mine/{mine.code}/supplement/", {})
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.state == DossierState.SUPPLEMENT_REQUESTED


def test_no_supplement_form_when_none_was_requested(world, mine, login):
    _started(world, mine)
    client = login(world.citizen)
    assert "supplement-files" not in client.get(f"/onestop/mine/{mine.code}/").content.decode()
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/onestop/mine/{mine.code}/supplement/", {"files": [upload]})
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.state == DossierState.PROCESSING


def test_the_citizen_withdraws_with_a_reason(world, mine, login):
    client = login(world.citizen)
    assert client.post(f"/onestop/mine/{mine.code}/withdraw/", {"reason": ""}).status_code == 400
    assert Dossier.objects.get(pk=mine.pk).state == DossierState.ACCEPTED
    response = client.post(f"/onestop/mine/{mine.code}/withdraw/", {"reason": "Nộp nhầm thủ tục"})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=mine.pk).state == DossierState.WITHDRAWN
    page = client.get(f"/onestop/mine/{mine.code}/").content.decode()
    assert 'id="withdraw"' not in page  # nothing left to withdraw


def test_the_citizen_rates_a_returned_dossier_once(world, mine, login):
    _returned(world, mine)
    client = login(world.citizen)
    page = client.get(f"/onestop/mine/{mine.code}/").content.decode()
    assert 'id="rate"' in page
    response = client.post(
        f"/onestop/mine/{mine.code}/rate/", {"value": "satisfied", "reasons": ["on_time"]}
    )
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=mine)
    assert rating.value == "satisfied"
    assert rating.reasons == ["on_time"]
    again = client.post(f"/onestop/mine/{mine.code}/rate/", {"value": "dissatisfied"})
    assert again.status_code == 400
    assert Rating.objects.get(dossier=mine).value == "satisfied"
    assert 'id="rate"' not in client.get(f"/onestop/mine/{mine.code}/").content.decode()


def test_staff_cannot_use_the_citizen_pages(world, mine, login):
    client = login(world.reception)
    assert client.get("/onestop/mine/").status_code == 403
    assert client.get(f"/onestop/mine/{mine.code}/").status_code == 403


def test_a_citizen_cannot_skip_the_files_through_the_staff_action_url(world, mine, login):
    _supplement_requested(world, mine)
    response = login(world.citizen).post(
        f"/onestop/dossiers/{mine.code}/actions/receive_supplement/"
    )
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.state == DossierState.SUPPLEMENT_REQUESTED


def test_my_dossiers_costs_the_same_queries_for_3_or_23_dossiers(
    world, login, django_assert_max_num_queries
):
    from neuguong.onestop.tests.factories import DossierFactory

    client = login(world.citizen)
    for _ in range(3):
        DossierFactory(applicant_user=world.citizen, receiving_agency=world.desk_a)
    with django_assert_max_num_queries(12) as few:
        assert client.get("/onestop/mine/").status_code == 200
    for _ in range(20):
        DossierFactory(applicant_user=world.citizen, receiving_agency=world.desk_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/onestop/mine/").status_code == 200
