"""Every URL of the app for every persona: who gets the page, who is refused, and that a refusal
changes nothing. Personal data is masked in the page until the audited "show" button."""

import pytest
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import SessionState
from neuguong.feedback.reception.models import Dialogue
from neuguong.feedback.reception.tests.conftest import local

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    ("reception-sessions", ()),
    ("reception-session-new", ()),
    ("reception-compliance", ()),
    ("reception-report", ()),
    ("reception-dialogues", ()),
    ("reception-dialogue-new", ()),
    ("reception-dialogue-compliance", ()),
]
PUBLIC_PAGES = [
    "reception-public",
    "reception-public-sessions-ics",
    "reception-public-dialogues-ics",
]
STAFF = [
    "reception",
    "specialist",
    "head",
    "colleague",
    "outsider",
    "inspector",
    "admin",
    "party_office",
    "supervisor",
]


@pytest.fixture
def records(world, held, dialogue):
    session = held()
    s.session_record_citizen(
        session,
        actor=world.head,
        data={
            "full_name": "Lò Thị Hoa",
            "id_number": "011090001234",
            "phone": "0912345678",
            "address": "Bản Him Lam",
        },
    )
    d = s.dialogue_announce(dialogue(), actor=world.head, at=local(2026, 3, 1, 8))
    return {"session": session, "dialogue": d}


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_staff_pages_need_a_login(client, world, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_citizens_are_refused_staff_pages(login, world, name, args):
    assert login(world.citizen).get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("who", STAFF)
@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_staff_see_the_staff_pages(login, world, records, who, name, args):
    assert login(getattr(world, who)).get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_open_to_anyone(client, records, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"011090001234" not in response.content
    assert "Lò Thị Hoa".encode() not in response.content


@pytest.mark.parametrize(
    "who", ["head", "colleague", "reception", "party_office", "inspector", "admin"]
)
def test_in_scope_staff_see_a_session(login, world, records, who):
    url = reverse("reception-session", args=[records["session"].pk])
    assert login(getattr(world, who)).get(url).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "specialist"])
def test_out_of_scope_staff_get_404(login, world, records, who):
    # Another commune's staff, and a provincial department's (its scope is the province's own unit).
    url = reverse("reception-session", args=[records["session"].pk])
    assert login(getattr(world, who)).get(url).status_code == 404
    url = reverse("reception-dialogue", args=[records["dialogue"].pk])
    assert login(getattr(world, who)).get(url).status_code == 404


def test_personal_data_is_masked_until_shown_and_the_read_is_audited(login, world, records):
    client = login(world.head)
    session = records["session"]
    page = client.get(reverse("reception-session", args=[session.pk])).content.decode()
    assert "011090001234" not in page
    assert "********1234" in page
    assert "0912345678" not in page
    assert not AuditEvent.objects.filter(action="reception.session.personal_data_read").exists()
    page = client.post(
        reverse("reception-session-personal-data", args=[session.pk])
    ).content.decode()
    assert "011090001234" in page
    assert "0912345678" in page
    event = AuditEvent.objects.get(action="reception.session.personal_data_read")
    assert event.data == {"via": "web"}


def test_an_outsider_cannot_read_personal_data(login, world, records):
    url = reverse("reception-session-personal-data", args=[records["session"].pk])
    assert login(world.outsider).post(url).status_code == 404
    assert not AuditEvent.objects.filter(action="reception.session.personal_data_read").exists()


def test_the_head_acknowledges_from_the_page(login, world, records):
    session = records["session"]
    url = reverse("reception-session-action", args=[session.pk, "acknowledge"])
    response = login(world.head).post(url, {"reference": "5/TB-UBND", "version": session.version})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.state == SessionState.ACKNOWLEDGED


def test_an_inspector_cannot_act_and_nothing_changes(login, world, records):
    session = records["session"]
    events = AuditEvent.objects.count()
    url = reverse("reception-session-action", args=[session.pk, "acknowledge"])
    login(world.inspector).post(url, {"reference": "5/TB-UBND"})
    session.refresh_from_db()
    assert session.state == SessionState.HELD
    assert AuditEvent.objects.count() == events


def test_a_citizen_cannot_post_an_action(login, world, records):
    url = reverse("reception-session-action", args=[records["session"].pk, "acknowledge"])
    assert login(world.citizen).post(url, {"reference": "x"}).status_code == 403


def test_planning_from_the_page(login, world, chair_term):
    response = login(world.head).post(
        reverse("reception-session-new"),
        {"term": chair_term.pk, "scheduled_on": "2026-12-07", "location": "Trụ sở UBND"},
    )
    assert response.status_code == 302


def test_planning_with_a_bad_date_is_a_400(login, world, chair_term):
    response = login(world.head).post(
        reverse("reception-session-new"),
        {"term": chair_term.pk, "scheduled_on": "07/12/2026", "location": "Trụ sở UBND"},
    )
    assert response.status_code == 400


def test_the_report_exports_to_excel(login, world, records):
    import io

    from openpyxl import load_workbook

    response = login(world.head).get(
        reverse("reception-report"), {"year": 2026, "period": "q1", "format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == world.head.person_obj.full_name
    # January to March 2026: 5 + 3 + 4 working ISO weeks whose Thursday falls in the month (the
    # Tết week of February has no working day); one day held.
    assert rows[2][3:5] == (12, 1)
    assert "011090001234" not in str(rows)


def test_an_unknown_period_is_404(login, world):
    assert login(world.head).get(reverse("reception-report"), {"period": "q7"}).status_code == 404


def test_a_dialogue_is_public_once_announced_and_its_results_once_published(
    client, world, dialogue
):
    planned = dialogue(local(2026, 12, 20, 8))
    assert client.get(reverse("reception-public-dialogue", args=[planned.pk])).status_code == 404
    d = s.dialogue_announce(planned, actor=world.head, at=local(2026, 12, 1, 8))
    page = client.get(reverse("reception-public-dialogue", args=[d.pk])).content.decode()
    assert d.topic in page
    assert "Kết quả hội nghị" not in page
    Dialogue.objects.filter(pk=d.pk).update(starts_at=local(2026, 11, 20, 8))
    d.refresh_from_db()
    d = s.dialogue_hold(d, actor=world.head, held_at=local(2026, 11, 20, 8))
    s.dialogue_publish(d, actor=world.head, results="Kết quả hội nghị: giao UBND phường xử lý.")
    page = client.get(reverse("reception-public-dialogue", args=[d.pk])).content.decode()
    assert "Kết quả hội nghị: giao UBND phường xử lý." in page


@pytest.mark.parametrize(
    "name", ["admin:reception_receptionsession_changelist", "admin:reception_dialogue_changelist"]
)
def test_the_admin_lists_are_read_only(admin_client, records, name):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200
    assert b"011090001234" not in response.content
    assert reverse(name.replace("changelist", "add")).encode() not in response.content


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name",
    ["reception-sessions", "reception-dialogues", "reception-compliance", "reception-public"],
)
def test_list_pages_do_not_grow_queries_with_rows(login, world, planned, dialogue, name):
    import datetime as dt

    client = login(world.head)
    for i in range(2):
        planned(dt.date(2026, 11, 2) + dt.timedelta(days=7 * i))
        s.dialogue_announce(dialogue(local(2026, 12, 10 + i, 8)), actor=world.head)
    _queries(client, reverse(name))  # warm the per-process caches (content types, calendar)
    few = _queries(client, reverse(name))
    for i in range(2, 12):
        planned(dt.date(2026, 11, 2) + dt.timedelta(days=7 * i))
        s.dialogue_announce(dialogue(local(2026, 12, 10 + i, 8)), actor=world.head)
    assert _queries(client, reverse(name)) == few
