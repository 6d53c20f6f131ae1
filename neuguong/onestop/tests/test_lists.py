"""The one-stop lists page through their rows and say how many there are (issue 8), and the dossier page's
§7 defects: the late box and the doubled "trễ hạn"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from neuguong.onestop import services as s
from neuguong.onestop.constants import DossierState
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import DossierFactory

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T")


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def many_waiting(world, simple):
    """57 dossiers awaiting a supplement at desk A: more than one page of 50."""
    for _ in range(57):
        DossierFactory(
            procedure=simple,
            receiving_agency=world.desk_a,
            handling_agency=world.agency_a,
            state=DossierState.SUPPLEMENT_REQUESTED,
        )


def _codes(response) -> list[str]:
    return [d.code for d in response.context["dossiers"]]


def test_a_queue_of_more_than_50_says_its_total_and_pages_through_the_rest(
    world, many_waiting, login
):
    client = login(world.reception)
    url = reverse("onestop-queues") + "?queue=awaiting_supplement"
    with translation.override("vi"):
        first = client.get(url)
        second = client.get(url + "&page=2")
    assert first.status_code == 200
    assert "Hiển thị 1–50 trên 57" in first.content.decode()
    assert "Hiển thị 51–57 trên 57" in second.content.decode()
    assert len(_codes(first)) == 50
    assert len(_codes(second)) == 7
    assert not set(_codes(first)) & set(_codes(second))
    # The pager's link keeps the queue.
    assert "?queue=awaiting_supplement&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999", "9" * 40, "١"])
def test_a_bad_page_number_clamps_instead_of_failing(world, many_waiting, login, page):
    url = reverse("onestop-queues") + f"?queue=awaiting_supplement&page={page}"
    response = login(world.reception).get(url)
    assert response.status_code == 200
    assert len(_codes(response)) in (50, 7)


def test_the_queue_tab_partial_has_the_pager_too(world, many_waiting, login):
    url = reverse("onestop-queues") + "?queue=awaiting_supplement"
    response = login(world.reception).get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="pager"' in html


def test_the_list_counts_with_one_count_query(world, many_waiting, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.reception)
    url = reverse("onestop-queues") + "?queue=awaiting_supplement&page=2"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 5, counts  # one per tab badge; the listed queue reuses its badge's


def test_search_pages_through_its_results(world, many_waiting, login):
    client = login(world.reception)
    with translation.override("vi"):
        first = client.get(reverse("onestop-search"), {"q": "nguyen van an"})
        second = client.get(reverse("onestop-search"), {"q": "nguyen van an", "page": 2})
    assert "Hiển thị 1–50 trên 57" in first.content.decode()
    assert len(_codes(second)) == 7
    assert "q=nguyen+van+an&amp;page=2" in first.content.decode()


def test_the_lists_show_dates_day_first_and_tables_as_cards(world, receive, login):
    receive()
    html = (
        login(world.reception).get(reverse("onestop-queues") + "?queue=my_steps").content.decode()
    )
    assert '<table class="dossiers cards">' in html
    assert "06/10/2025 09:00" in html
    assert not ISO.search(_text(html))


# ---- the dossier page's late box (§7) ------------------------------------------------------------


@pytest.fixture
def late_by_rule(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_request_supplement(dossier, actor=world.head, reason="1", at=MONDAY_9)
    s.dossier_receive_supplement(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=1))
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="2", at=MONDAY_9 + dt.timedelta(hours=2)
    )
    assert dossier.late_by_rule
    return dossier


@pytest.fixture
def late_step(world, receive, linked):
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
    return dossier


def _page(client, dossier) -> str:
    with translation.override("vi"):
        return client.get(reverse("onestop-dossier", args=[dossier.code])).content.decode()


def _late_box(html: str) -> str:
    match = re.search(r'<div class="([^"]*)" id="late-attribution"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no late box"
    return match.group(0)


def test_the_status_does_not_say_late_twice(world, late_by_rule, login):
    html = _page(login(world.head), late_by_rule)
    head = _text(html.split('id="late-attribution"')[0])
    assert "trễ hạn trễ hạn" not in head
    assert head.count("trễ hạn") == 1 + head.count("Hồ sơ trễ hạn")


def test_the_late_box_is_a_warning_not_a_success(world, late_step, late_by_rule, login):
    client = login(world.inspector)
    for dossier in (late_step, late_by_rule):
        box = _late_box(_page(client, dossier))
        classes = re.search(r'class="([^"]*)"', box).group(1).split()
        assert "callout" not in classes  # the green border of success messages
        assert "bad" in classes or "warn" in classes


def test_the_late_box_has_no_stray_dash_and_names_the_head_in_its_sentence(
    world, late_step, late_by_rule, login
):
    client = login(world.inspector)
    box = _late_box(_page(client, late_step))
    text = _text(box)
    assert not re.search(r"(^|\.) ?—", text), text
    assert "—" not in text
    # One paragraph: the head's name follows "Trách nhiệm thuộc người đứng đầu cơ quan đó:" on its line.
    paragraph = re.search(r"<p>(.*?)</p>", box, re.S).group(1)
    assert "Hồ sơ trễ hạn" in paragraph
    assert re.search(
        r"người đứng đầu cơ quan đó:(&nbsp;|\s)*<a [^>]*>Giám đốc Sở Thử</a>", paragraph
    )
    text_rule = _text(_late_box(_page(client, late_by_rule)))
    assert "—" not in text_rule
    assert text_rule.startswith("Hồ sơ trễ hạn.")


def test_the_step_table_becomes_cards_with_labels(world, late_step, login):
    html = _page(login(world.head), late_step)
    table = re.search(r'<table class="steps cards">.*?</table>', html, re.S).group(0)
    assert 'data-label="Kết quả"' in table
    assert 'data-label="Hạn xử lý"' in table or 'data-label="Hạn"' in table
