"""The satisfaction-mix chart: its own URL, no script or inline style, every value written out and in the
<desc>, the ratings of dossiers ended and of feedback answered in the period, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.tests import drilldown_data
from neuguong.dashboards.tests.test_charts import SVG, _clean
from neuguong.onestop.constants import RatingValue
from neuguong.onestop.models import Dossier, Rating
from neuguong.onestop.tests.factories import local

pytestmark = pytest.mark.django_db

URL = "/dashboards/charts/satisfaction.svg"


@pytest.fixture
def varied(world):
    return drilldown_data.build(world)


def _ended_in_march(**filters) -> int:
    return Dossier.objects.filter(
        processing_ended_at__gte=local(2026, 3, 1, 0),
        processing_ended_at__lt=local(2026, 4, 1, 0),
        province_code="11",
        **filters,
    ).count()


def test_the_mix_of_ratings(varied, login):
    response = login(varied.head).get(URL, {"period": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = _clean(response.content.decode())
    desc = root.find(f"{SVG}desc").text
    ended = _ended_in_march()
    rated = Rating.objects.filter(dossier__province_code="11").count()
    assert rated == 3
    not_rated = ended - rated
    assert f"Hồ sơ đã kết thúc xử lý (n = {ended}): Hài lòng 1 (" in desc
    assert f"Chưa đánh giá {not_rated} (" in desc
    # Feedback answered in March (not the April one, the complaint or the merged duplicate).
    assert "Phản ánh, kiến nghị đã trả lời (n = 8): Hài lòng 1 (13%), Bình thường 1 (13%)" in desc
    assert "Không hài lòng 2 (25%), Chưa đánh giá 4 (50%)." in desc
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Không hài lòng 2 (25%)" in texts  # written out on the chart, not only in <desc>
    widths = [
        int(r.get("width"))
        for r in root.iter(f"{SVG}rect")
        if r.get("fill") == "#a51c20" and r.get("height") == "32"
    ]
    assert len(widths) == 2  # one dissatisfied segment per bar
    assert widths[1] == round(430 * 4 / 8) - round(430 * 2 / 8)  # cumulative ends


def test_another_province_is_not_counted(varied, login):
    desc = _clean(login(varied.other_user).get(URL, {"period": "2026-03"}).content.decode())
    text = desc.find(f"{SVG}desc").text
    assert "Hồ sơ đã kết thúc xử lý (n = 2)" in text
    assert "Phản ánh, kiến nghị đã trả lời (n = 0)" in text


def test_it_refuses_bad_input_and_outsiders(varied, login, client):
    assert login(varied.head).get(URL, {"period": "2026-3"}).status_code == 400
    assert login(varied.citizen).get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_its_query_count_is_constant(varied, login):
    client = login(varied.inspector)
    client.get(URL, {"period": "2026-03"})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"period": "2026-03"})
    for dossier in Dossier.objects.filter(rating__isnull=True)[:5]:
        Rating.objects.create(dossier=dossier, value=RatingValue.SATISFIED)
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"period": "2026-03"})
    assert len(many) == len(few)
