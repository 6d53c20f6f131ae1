"""The heads' league table on /dashboards/ and its Excel sheet: each head over their own days in office."""

import datetime as dt
import io
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.dashboards.models import DailyFact
from neuguong.org.models import Agency, Term
from neuguong.org.tests.factories import AgencyFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboards-province")


def _handover(world):
    Term.objects.filter(person=world.head.person_obj).update(ended_on=dt.date(2026, 3, 15))
    successor = PersonFactory(full_name="Trần Thị Kế Nhiệm")
    TermFactory(person=successor, agency=world.agency_a, started_on=dt.date(2026, 3, 16))
    for day, ended, late in ((5, 40, 4), (20, 10, 0)):
        DailyFact.objects.create(
            agency=world.agency_a,
            day=dt.date(2026, 3, day),
            province_code="11",
            ended=ended,
            completed=ended,
            late=late,
        )
    return successor


def test_the_table_ranks_each_head_on_their_own_days(world, login):
    _handover(world)
    body = login(world.head).get(URL, {"period": "2026-03"}).content.decode()
    section = body[body.index('id="heads-head"') :]
    name = world.agency_a.name
    assert f"Trần Thị Kế Nhiệm · {name} · 16/03–31/03" in section
    assert f"Persona head · {name} · 01/03–15/03" in section
    assert 'data-label="Số ngày giữ chức">16<' in section
    assert 'data-label="Số ngày giữ chức">15<' in section
    # 40 ended on the predecessor's days: ranked; 10 on the successor's: below the minimum sample.
    assert "90,00% (n = 40; 76,95%–96,04%)" in section
    assert "100,00% (n = 10; 72,25%–100,00%)" in section
    assert section.index("Persona head") < section.index("Trần Thị Kế Nhiệm")
    assert "không xếp hạng" in section


def test_a_head_without_a_dossier_on_their_days_is_summarised(world, login):
    TermFactory(agency=world.agency_b, started_on=dt.date(2026, 1, 1))
    DailyFact.objects.create(
        agency=world.agency_a, day=dt.date(2026, 3, 5), province_code="11", received=3
    )
    body = login(world.head).get(URL, {"period": "2026-03"}).content.decode()
    section = body[body.index('id="heads-head"') :]
    assert "Persona head" in section
    assert "Còn 1 người đứng đầu không có hồ sơ nào" in section


def test_the_heads_sheet_has_each_term_and_its_days(world, login):
    from openpyxl import load_workbook

    _handover(world)
    response = login(world.head).get(URL, {"period": "2026-03", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[3]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == (
        "Người đứng đầu · cơ quan · thời gian giữ chức",
        "Số ngày giữ chức",
        "Hạng",
    )
    by_label = {row[0]: row for row in rows[1:]}
    old = by_label[f"Persona head · {world.agency_a.name} · 01/03–15/03"]
    new = by_label[f"Trần Thị Kế Nhiệm · {world.agency_a.name} · 16/03–31/03"]
    assert (old[1], old[2]) == (15, 1)
    assert new[1] == 16


def test_the_page_query_count_does_not_grow_with_the_heads(world, login):
    client = login(world.inspector)
    _handover(world)
    client.get(URL, {"period": "2026-03"})  # warm the per-process memos (rules, calendar)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"period": "2026-03"}).status_code == 200
    for i in range(10):
        agency = cast(
            Agency, AgencyFactory(unit=world.commune_b, identifier_code=f"000.07.{i:02d}.H18")
        )
        TermFactory(agency=agency, ended_on=dt.date(2026, 3, 9))
        TermFactory(agency=agency, started_on=dt.date(2026, 3, 10))
        for day in (3, 20):
            DailyFact.objects.create(
                agency=agency, day=dt.date(2026, 3, day), province_code="11", ended=2, received=2
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"period": "2026-03"})
    assert response.status_code == 200
    assert response.content.decode().count("· 10/03–31/03") == 10
    assert len(many) == len(few)
