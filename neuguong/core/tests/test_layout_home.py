"""The home pages' figures (issue 8 §3): each is the count of the queue it links to, for its role."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from neuguong.core import home_figures
from neuguong.onestop import selectors
from neuguong.onestop.constants import ActorKind, DossierState, StepResult
from neuguong.onestop.tests.factories import DossierFactory, DossierStepFactory, dossier_at_step
from neuguong.org.tests import factories as f


@pytest.fixture
def world(module_world):
    return module_world


def _figures(response) -> dict:
    return {fig.key: fig for fig in response.context["figures"]}


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_the_reception_home_counts_what_the_desk_has_to_do_today(world, login):
    now = timezone.now()
    for _ in range(2):  # submitted online, waiting at desk A
        DossierFactory(state=DossierState.NEW, receiving_agency=world.desk_a, received_at=None)
    for _ in range(3):  # received today at desk A
        DossierFactory(
            receiving_agency=world.desk_a, handling_agency=world.agency_a, received_at=now
        )
    DossierFactory(  # received yesterday: not today's
        receiving_agency=world.desk_a, received_at=now - dt.timedelta(days=1, hours=1)
    )
    dossier_at_step(  # a result ready to hand back at the desk
        step_agency=world.desk_a,
        actor_kind=ActorKind.RETURN,
        state=DossierState.DONE,
        receiving_agency=world.desk_a,
        received_at=now - dt.timedelta(days=3),
    )
    DossierFactory(state=DossierState.NEW, receiving_agency=world.agency_b, received_at=None)

    response = login(world.reception).get(reverse("home"))
    figures = _figures(response)

    assert figures["to_accept"].value == 2 == selectors.queue_to_accept(world.reception).count()
    assert _query(figures["to_accept"].url) == {"queue": "to_accept"}
    assert figures["received_today"].value == 3
    assert figures["to_return"].value == 1
    assert _query(figures["to_return"].url) == {"queue": "my_steps", "step": "return"}
    body = response.content.decode()
    assert 'data-figure="to_accept"' in body
    assert "Hồ sơ trực tuyến chờ tiếp nhận" in body


def test_received_today_links_to_the_register_of_the_day(world, login):
    now = timezone.now()
    DossierFactory(receiving_agency=world.desk_a, received_at=now)
    figure = _figures(login(world.reception).get(reverse("home")))["received_today"]
    query = _query(figure.url)
    today = timezone.localdate().isoformat()
    assert urlsplit(figure.url).path == reverse("onestop-register")
    assert query == {"from": today, "to": today, "agency": str(world.desk_a.pk)}
    register = login(world.reception).get(figure.url)
    assert register.status_code == 200


def test_the_specialist_home_counts_my_steps_and_those_at_risk(world, login):
    now = timezone.now()
    soon = home_figures.onestop.queue_at_risk  # the queue's own definition of "at risk"
    dossier_at_step(
        step_agency=world.department,
        receiving_agency=world.desk_a,
        handling_agency=world.department,
    )
    dossier_at_step(
        step_agency=world.department,
        receiving_agency=world.desk_a,
        handling_agency=world.department,
        state=DossierState.PROCESSING,
        appointment_at=now + dt.timedelta(minutes=30),
    )
    dossier_at_step(  # not theirs
        step_agency=world.agency_b, receiving_agency=world.agency_b, handling_agency=world.agency_b
    )

    figures = _figures(login(world.specialist).get(reverse("home")))

    assert figures["my_steps"].value == 2 == selectors.queue_my_steps(world.specialist).count()
    assert figures["at_risk"].value == soon(world.specialist).count() == 1
    assert _query(figures["at_risk"].url) == {"queue": "at_risk"}


def test_the_head_home_counts_signatures_risks_and_the_late_dossiers_of_their_agency(world, login):
    now = timezone.now()
    past = now - dt.timedelta(days=2)
    dossier_at_step(
        step_agency=world.agency_a,
        actor_kind=ActorKind.SIGN,
        state=DossierState.PROCESSING,
        receiving_agency=world.desk_a,
        handling_agency=world.agency_a,
    )
    # Late at the head's agency: its step handed over late.
    mine = DossierFactory(
        state=DossierState.PROCESSING,
        receiving_agency=world.desk_a,
        handling_agency=world.agency_a,
        received_at=now - dt.timedelta(days=10),
        appointment_at=past,
    )
    DossierStepFactory(dossier=mine, order=1, agency=world.agency_a, result=StepResult.LATE)
    # Late too, but the department's step overran: not attributed to the head's agency.
    theirs = DossierFactory(
        state=DossierState.PROCESSING,
        receiving_agency=world.desk_a,
        handling_agency=world.agency_a,
        received_at=now - dt.timedelta(days=10),
        appointment_at=past,
    )
    DossierStepFactory(dossier=theirs, order=1, agency=world.agency_a, result=StepResult.ON_TIME)
    DossierStepFactory(
        dossier=theirs, order=2, agency=world.department, completed_at=None, due_at=past
    )

    figures = _figures(login(world.head).get(reverse("home")))

    assert figures["to_sign"].value == 1
    assert _query(figures["to_sign"].url) == {"queue": "my_steps", "step": "sign"}
    assert selectors.queue_late(world.head).count() == 2
    assert figures["late_mine"].value == 1
    assert _query(figures["late_mine"].url) == {"queue": "late", "attributed": "mine"}
    # The SQL rule agrees with the one the dossier page uses.
    from neuguong.onestop.services.deadlines import late_attribution

    assert late_attribution(mine)[1] == world.agency_a
    assert late_attribution(theirs)[1] == world.department


def test_the_queue_filters_of_the_figures_narrow_the_queue_as_the_figure_counts(world):
    dossier_at_step(
        step_agency=world.agency_a,
        actor_kind=ActorKind.SIGN,
        state=DossierState.PROCESSING,
        receiving_agency=world.desk_a,
        handling_agency=world.agency_a,
    )
    dossier_at_step(step_agency=world.agency_a, receiving_agency=world.desk_a)
    qs = selectors.queue_my_steps(world.head)
    assert qs.count() == 2
    assert home_figures.QUEUE_FILTERS["step"](qs, world.head, "sign").count() == 1
    assert home_figures.QUEUE_FILTERS["step"](qs, world.head, "bogus").count() == 2


def test_the_head_reads_delegations_by_procedure_name(world, login):
    from neuguong.onestop.tests.factories import ProcedureFactory

    ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    deputy = f.PersonFactory(full_name="Lò Thị Phó")
    f.DelegationFactory(
        delegator=world.head.person_obj,
        delegate=deputy,
        agency=world.agency_a,
        procedure_codes=["1.001193"],
    )
    body = login(world.head).get(reverse("home")).content.decode()
    section = body.split('class="cards delegations"', 1)[1].split("</table>", 1)[0]
    assert "Đăng ký khai sinh" in section
    assert reverse("onestop-procedure", args=["1.001193"]) in section


def test_the_inspector_home_shows_the_last_digest_and_the_exports(world, login):
    body = login(world.inspector).get(reverse("home")).content.decode()
    assert 'data-card="audit"' in body
    assert "Chưa có bản tóm lược ngày nào được niêm phong." in body
    assert 'data-card="exports"' in body
    assert "format=xlsx" in body
    assert 'data-figure="late"' in body


@pytest.mark.parametrize("persona", ["party_office", "supervisor"])
def test_roles_whose_work_comes_later_get_a_plain_sentence_not_empty_queues(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("home"))
    body = response.content.decode()
    assert 'data-later="reviews"' in body
    assert "data-figure=" not in body
    assert "chưa có" in body


def test_the_citizen_home_leads_to_submit_and_my_dossiers(world, login):
    body = login(world.citizen).get(reverse("home")).content.decode()
    assert reverse("onestop-submit") in body
    assert reverse("onestop-my-dossiers") in body


def test_the_queue_page_lists_exactly_what_a_narrower_figure_counts(world, login):
    dossier_at_step(
        step_agency=world.agency_a,
        actor_kind=ActorKind.SIGN,
        state=DossierState.PROCESSING,
        receiving_agency=world.desk_a,
        handling_agency=world.agency_a,
    )
    dossier_at_step(step_agency=world.agency_a, receiving_agency=world.desk_a)
    client = login(world.head)
    figure = _figures(client.get(reverse("home")))["to_sign"]
    listed = client.get(figure.url).context["page"].paginator.count
    assert listed == figure.value == 1
