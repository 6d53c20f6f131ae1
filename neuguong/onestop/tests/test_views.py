"""Staff web of the one-stop shop: who may open what, the action buttons, intake, search, query locks."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from neuguong.core.audit.models import AuditEvent
from neuguong.onestop import forms
from neuguong.onestop.constants import ActorKind, Channel, DossierState
from neuguong.onestop.models import Dossier, DossierTransition
from neuguong.onestop.services import TRANSITION_REFUSED, dossier_start
from neuguong.onestop.tests.factories import DossierFactory, dossier_at_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(module_world):
    """The personas are built once for this module (root conftest)."""
    return module_world


@pytest.fixture
def dossier(receive):
    return receive()


def _urls(dossier, simple):
    code = dossier.code
    return {
        "queues": ("get", reverse("onestop-queues")),
        "search": ("get", reverse("onestop-search") + "?q=nguyen"),
        "dossier": ("get", reverse("onestop-dossier", args=[code])),
        "personal": ("post", reverse("onestop-dossier-personal-data", args=[code])),
        "action": ("post", reverse("onestop-dossier-action", args=[code, "start"])),
        "intake": ("get", reverse("onestop-intake")),
        "lookup": ("get", reverse("onestop-procedure-lookup") + "?procedure_q=khai"),
        "submit": ("get", reverse("onestop-submit")),
        "mine": ("get", reverse("onestop-my-dossiers")),
    }


# url × persona → status: one allowed and at least one forbidden persona for every page.
ACCESS = [
    ("queues", "reception", 200),
    ("queues", "citizen", 403),
    ("search", "specialist", 200),
    ("search", "citizen", 403),
    ("dossier", "reception", 200),
    ("dossier", "head", 200),
    ("dossier", "inspector", 200),
    ("dossier", "colleague", 200),  # a specialist of the handling agency
    ("dossier", "outsider", 403),
    # Not their dossier: 404, like an unknown code (their own goes to their citizen view, issue 8).
    ("dossier", "citizen", 404),
    ("personal", "reception", 200),
    ("personal", "outsider", 403),
    ("action", "reception", 302),
    ("action", "outsider", 403),
    ("intake", "reception", 200),
    ("intake", "specialist", 403),
    ("intake", "colleague", 403),  # intake is the desk's, not the handling agency's
    ("intake", "citizen", 403),
    ("lookup", "reception", 200),
    ("lookup", "citizen", 200),
    ("submit", "citizen", 200),
    ("submit", "reception", 403),
    ("mine", "citizen", 200),
    ("mine", "specialist", 403),
]


@pytest.mark.parametrize(("page", "persona", "status"), ACCESS)
def test_it_lets_only_the_right_personas_in(world, dossier, simple, login, page, persona, status):
    method, url = _urls(dossier, simple)[page]
    client = login(getattr(world, persona))
    response = getattr(client, method)(url)
    assert response.status_code == status


@pytest.mark.parametrize("page", ["queues", "search", "dossier", "intake", "submit", "mine"])
def test_it_sends_anonymous_visitors_to_the_login(client, dossier, simple, page):
    method, url = _urls(dossier, simple)[page]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_masks_the_citizen_id_until_shown_and_audits_the_read(world, dossier, login):
    client = login(world.reception)
    page = client.get(reverse("onestop-dossier", args=[dossier.code])).content.decode()
    assert dossier.applicant_id_number not in page
    assert dossier.masked_id in page
    assert dossier.applicant_phone not in page

    response = client.post(
        reverse("onestop-dossier-personal-data", args=[dossier.code]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert dossier.applicant_id_number in html
    assert dossier.applicant_phone in html
    event = AuditEvent.objects.filter(action="onestop.dossier.personal_data_read").get()
    assert event.actor == world.reception
    assert event.object_id == str(dossier.pk)


def test_it_shows_one_button_per_allowed_action(world, dossier, login):
    html = login(world.reception).get(reverse("onestop-dossier", args=[dossier.code])).content
    html = html.decode()
    assert 'data-action="start"' in html
    assert 'data-action="return"' not in html
    assert 'data-action="accept"' not in html


def test_it_runs_an_allowed_transition_through_its_button(world, dossier, login):
    client = login(world.reception)
    response = client.post(reverse("onestop-dossier-action", args=[dossier.code, "start"]))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROCESSING


def test_it_refuses_a_forbidden_transition_with_a_message_and_changes_nothing(
    world, dossier, login
):
    client = login(world.reception)
    before = DossierTransition.objects.filter(dossier=dossier).count()
    response = client.post(
        reverse("onestop-dossier-action", args=[dossier.code, "return"]), follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    expected = str(TRANSITION_REFUSED) % {
        "action": "Return the result",
        "state": "Accepted",
    }
    assert any(m.startswith(expected[:20]) for m in messages), messages
    dossier.refresh_from_db()
    assert dossier.state == DossierState.ACCEPTED
    assert DossierTransition.objects.filter(dossier=dossier).count() == before


def test_it_asks_for_a_reason_before_requesting_a_supplement(world, dossier, login):
    dossier_start(dossier, actor=world.reception)
    client = login(world.reception)
    url = reverse("onestop-dossier-action", args=[dossier.code, "request_supplement"])
    response = client.post(url, {"request_supplement-reason": ""})
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROCESSING

    response = client.post(url, {"request_supplement-reason": "Thiếu bản sao giấy tờ"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUPPLEMENT_REQUESTED


def test_it_receives_a_dossier_at_the_desk_and_offers_the_receipt(
    world, simple, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.reception)
    data = {
        "procedure": simple.pk,
        "applicant_name": "Lò Thị Hoa",
        "applicant_id_number": "011 2030 00123",
        "applicant_phone": "0912 345 678",
        "applicant_address": "Bản Him Lam",
        "applicant_unit": world.commune_b.pk,  # phi địa giới: lives in commune B
        "channel": 1,
        "receiving_agency": world.desk_a.pk,
        "handling_agency": "",
        "doc-TOTAL_FORMS": 3,
        "doc-INITIAL_FORMS": 0,
        "doc-0-file": SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 demo", "application/pdf"),
        "doc-0-name": "Tờ khai",
        "doc-0-digitised": "on",
    }
    response = client.post(reverse("onestop-intake"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(applicant_name="Lò Thị Hoa")
    assert response["Location"] == reverse("onestop-dossier", args=[dossier.code]) + "?received=1"
    assert dossier.state == DossierState.ACCEPTED
    assert dossier.applicant_id_number == "011203000123"
    assert dossier.receiving_agency == world.desk_a
    # Left on "automatic", the handling agency is the one the desk belongs to (commune procedure).
    assert dossier.handling_agency == world.agency_a
    assert dossier.applicant_unit == world.commune_b
    doc = dossier.documents.get()
    assert doc.digitised
    assert doc.name == "Tờ khai"
    assert doc.size > 0


def test_it_rejects_a_citizen_id_that_is_not_12_digits(world, simple, login):
    client = login(world.reception)
    response = client.post(
        reverse("onestop-intake"),
        {
            "procedure": simple.pk,
            "applicant_name": "Lò Văn Nam",
            "applicant_id_number": "12345",
            "applicant_phone": "0912345678",
            "channel": 1,
            "receiving_agency": world.desk_a.pk,
            "doc-TOTAL_FORMS": 0,
            "doc-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 400
    assert str(forms.CITIZEN_ID_INVALID) in response.content.decode()
    assert not Dossier.objects.exists()


def test_it_finds_procedures_by_part_of_the_name_without_diacritics(world, simple, login):
    response = login(world.reception).get(
        reverse("onestop-procedure-lookup") + "?procedure_q=dang ky khai"
    )
    html = response.content.decode()
    assert simple.name in html
    assert f'value="{simple.pk}"' in html
    # Nothing is pre-selected (issue 8): the user picks a line; Enter alone files nothing.
    assert "checked" not in html


def test_it_searches_by_name_without_diacritics_and_by_code(world, receive, login):
    hoa = receive(name="Lò Thị Hoa")
    other = receive(name="Quàng Văn Minh")
    client = login(world.reception)
    html = client.get(reverse("onestop-search") + "?q=lo thi hoa", HTTP_HX_REQUEST="true")
    html = html.content.decode()
    assert hoa.code in html
    assert other.code not in html
    html = client.get(reverse("onestop-search") + "?q=khai sinh").content.decode()
    assert hoa.code in html
    html = client.get(reverse("onestop-search") + f"?q={other.code}").content.decode()
    assert other.code in html
    assert hoa.code not in html


def test_it_hides_other_communes_dossiers_from_search(world, dossier, login):
    html = login(world.outsider).get(reverse("onestop-search") + "?q=nguyen").content.decode()
    assert dossier.code not in html


def test_it_lets_a_citizen_submit_online_as_new(world, simple, login):
    client = login(world.citizen)
    response = client.post(
        reverse("onestop-submit"),
        {
            "procedure": simple.pk,
            "receiving_agency": world.desk_a.pk,
            "applicant_name": "Cà Văn Dũng",
            "applicant_id_number": "011203000999",
            "applicant_phone": "0987654321",
            "doc-TOTAL_FORMS": 0,
            "doc-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.state == DossierState.NEW
    assert dossier.applicant_user == world.citizen
    assert dossier.code in client.get(reverse("onestop-my-dossiers")).content.decode()
    # ... and it waits in the desk's "to accept" queue.
    html = login(world.reception).get(reverse("onestop-queues")).content.decode()
    assert dossier.code in html


def test_it_counts_each_queue(world, simple, login):
    """A different number of dossiers in each queue of desk A, and as many at commune B's desk, which
    desk A's officer must not count."""
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    for desk, handling in ((world.desk_a, world.agency_a), (world.agency_b, world.agency_b)):
        made = {"procedure": simple, "receiving_agency": desk, "handling_agency": handling}
        # to accept: 1 online submission, not yet received
        DossierFactory(**made, state=DossierState.NEW, channel=Channel.ONLINE, received_at=None)
        # my steps: 2 whose current step is at the desk (one to receive, one result to return)
        dossier_at_step(**made, step_agency=desk, actor_kind=ActorKind.RECEIVE)
        dossier_at_step(
            **made, step_agency=desk, actor_kind=ActorKind.RETURN, state=DossierState.DONE
        )
        # at risk: 3 running, due within the next working day, with their step at the agency
        for state in (DossierState.ACCEPTED, DossierState.PROCESSING, DossierState.PROCESSING):
            dossier_at_step(**made, step_agency=handling, state=state, appointment_at=now + hour)
        # late: 4 running past their appointment
        for _ in range(4):
            dossier_at_step(
                **made,
                step_agency=handling,
                state=DossierState.PROCESSING,
                received_at=now - 10 * dt.timedelta(days=1),
                appointment_at=now - hour,
            )
        # awaiting a supplement: 5, the clock stopped
        for _ in range(5):
            DossierFactory(**made, state=DossierState.SUPPLEMENT_REQUESTED)

    response = login(world.reception).get(reverse("onestop-queues") + "?queue=my_steps")

    counts = {t["key"]: t["count"] for t in response.context["tabs"]}
    assert counts == {
        "to_accept": 1,
        "my_steps": 2,
        "at_risk": 3,
        "late": 4,
        "awaiting_supplement": 5,
    }


def _queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("onestop-queues") + "?queue=my_steps",
        reverse("onestop-queues") + "?queue=late",
        reverse("onestop-search") + "?q=nguyen",
    ],
)
def test_it_keeps_list_pages_at_a_fixed_number_of_queries(
    world, receive, login, django_assert_max_num_queries, url
):
    for _ in range(3):
        receive()
    client = login(world.reception)
    client.get(url)  # warm the per-process caches (content types, calendar)
    few = _queries(client, url, django_assert_max_num_queries)
    for _ in range(9):
        receive()
    many = _queries(client, url, django_assert_max_num_queries)
    assert many == few, "a list page must not make one query per row"
    with django_assert_max_num_queries(20):
        client.get(url)


def test_it_shows_whom_a_late_dossier_is_attributed_to(world, receive, linked, login):
    import datetime as dt

    from neuguong.onestop import services as s
    from neuguong.onestop.tests.conftest import MONDAY_9
    from neuguong.org.constants import PositionTitle
    from neuguong.org.tests.factories import PersonFactory, TermFactory

    TermFactory(
        person=PersonFactory(full_name="Giám đốc Sở Thử"),
        agency=world.department,
        title=PositionTitle.HEAD,
    )
    dossier = receive(procedure=linked)
    steps = {x.order: x for x in dossier.steps.all()}
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=steps[2].due_at)
    s.dossier_complete_step(
        dossier, actor=world.specialist, at=steps[3].due_at + dt.timedelta(days=1)
    )
    page = login(world.inspector).get(f"/onestop/dossiers/{dossier.code}/").content.decode()
    assert 'id="late-attribution"' in page
    assert world.department.name in page
    assert "Giám đốc Sở Thử" in page

    from django.utils import timezone

    on_time = receive(at=timezone.now())
    page = login(world.inspector).get(f"/onestop/dossiers/{on_time.code}/").content.decode()
    assert 'id="late-attribution"' not in page


@pytest.mark.parametrize("persona", ["party_office", "supervisor"])
def test_party_staff_see_no_individual_dossier_nor_personal_data(world, dossier, login, persona):
    client = login(getattr(world, persona))
    assert client.get(f"/onestop/dossiers/{dossier.code}/").status_code == 403
    assert client.post(f"/onestop/dossiers/{dossier.code}/personal-data/").status_code == 403
    api = client.get(f"/api/v1/dossiers/{dossier.code}")
    assert api.status_code == 403
    assert dossier.applicant_id_number not in api.content.decode()
    listing = client.get("/api/v1/dossiers").json()
    assert listing["count"] == 0 if "count" in listing else listing == []
