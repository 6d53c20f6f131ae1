"""The staff dashboard page: who sees it, the period, the league tables, a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.dashboards.tests.helpers import ended
from neuguong.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboards-province")


def test_staff_see_the_province_score_and_the_league_tables(world, login):
    for _ in range(3):
        ended(world.agency_a)
    login(world.head)
    response = login(world.head).get(URL, {"period": "2026-03"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "/ 100" in body
    assert world.agency_a.name in body
    assert "không xếp hạng" in body  # 3 dossiers: below the minimum sample
    assert f"Persona head · {world.agency_a.name}" in body  # the heads' table


def test_a_bad_period_or_sort_is_a_clear_400(world, login):
    client = login(world.head)
    for params in ({"period": "2026-13"}, {"period": "abc"}, {"period": "1999"}, {"sort": "x"}):
        response = client.get(URL, params)
        assert response.status_code == 400, params
        assert 'class="box bad"' in response.content.decode()


def test_only_staff(world, login, client):
    assert client.get(URL).status_code == 302  # to the login page
    assert login(world.citizen).get(URL).status_code == 403


def test_the_page_query_count_does_not_grow_with_the_agencies(world, login):
    client = login(world.inspector)
    ended(world.agency_a)
    client.get(URL, {"period": "2026-03"})  # warm the per-process memos (rules, calendar)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"period": "2026-03"}).status_code == 200
    for i in range(12):
        ended(AgencyFactory(unit=world.commune_b, identifier_code=f"000.08.{i:02d}.H18"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"period": "2026-03"}).status_code == 200
    assert len(many) == len(few)


def test_periods():
    import datetime as dt

    from neuguong.dashboards.views import parse_period

    today = dt.date(2026, 12, 1)
    assert parse_period("", today).start == dt.date(2026, 12, 1)
    december = parse_period("2026-12", today)
    assert (december.start, december.end) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    year = parse_period("2025", today)
    assert (year.start, year.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    for bad in ("2026-00", "2026-1", "２０２６", "2021", "2028", "2026-03-01"):
        assert parse_period(bad, today) is None, bad


def test_the_dashboard_downloads_as_excel(world, login):
    import io

    from openpyxl import load_workbook

    for _ in range(2):
        ended(world.agency_a)
    response = login(world.head).get(URL, {"period": "2026-03", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('chi-so-766-20260301-20260331.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 4
    province, agencies = book.worksheets[0], book.worksheets[1]
    assert province.max_row == 3 + 22  # title, total, header, the 22 items
    names = [row[0] for row in agencies.iter_rows(min_row=2, values_only=True)]
    assert world.agency_a.name in names
    cells = " ".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    )
    assert "Nguyễn Văn An" not in cells  # no applicant data
