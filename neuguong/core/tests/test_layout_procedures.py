"""The public procedure pages (issue 8 §4, §5, §7): no district level, paged, by field, and "submit
online" wherever the procedure allows it; the landing page groups procedures by field."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from neuguong.onestop.constants import OnlineLevel
from neuguong.onestop.tests.factories import ProcedureFactory
from neuguong.onestop.views_public import deadline_text
from neuguong.org.constants import UnitLevel


def _submit_url(code):
    return f"{reverse('onestop-submit')}?procedure={code}"


@pytest.fixture
def catalogue(db):
    online = ProcedureFactory(
        code="1.001193",
        name="Đăng ký khai sinh",
        field="Hộ tịch",
        online_level=OnlineLevel.FULL,
        channels=[1, 2],
    )
    desk_only = ProcedureFactory(
        code="2.000815",
        name="Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        field="Đất đai",
        level=UnitLevel.PROVINCE,
        online_level=OnlineLevel.NONE,
        channels=[1, 3],
        deadline_hours=Decimal(8),
    )
    return online, desk_only


def test_the_catalogue_offers_no_district_level(catalogue, client):
    body = client.get(reverse("onestop-procedures")).content.decode()
    assert 'value="province"' in body
    assert 'value="commune"' in body
    assert 'value="district"' not in body
    assert "Cấp huyện" not in body
    assert "Huyện" not in body
    # An old link with ?level=district lists every procedure instead of an empty district level.
    response = client.get(reverse("onestop-procedures"), {"level": "district"})
    assert response.status_code == 200
    assert response.context["level"] == ""
    assert len(response.context["rows"]) == 2


def test_the_catalogue_offers_submit_online_where_the_procedure_allows_it(catalogue, client):
    online, desk_only = catalogue
    body = client.get(reverse("onestop-procedures")).content.decode()
    assert f'href="{_submit_url(online.code)}"' in body
    assert _submit_url(desk_only.code) not in body


def test_a_procedure_page_offers_submit_online_when_allowed(catalogue, client):
    online, desk_only = catalogue
    body = client.get(reverse("onestop-procedure", args=[online.code])).content.decode()
    assert f'href="{_submit_url(online.code)}"' in body
    assert "Nộp hồ sơ trực tuyến" in body
    body = client.get(reverse("onestop-procedure", args=[desk_only.code])).content.decode()
    assert _submit_url(desk_only.code) not in body
    assert "không nộp trực tuyến" in body


def test_a_procedure_listing_the_online_channel_counts_as_online(db, client):
    p = ProcedureFactory(code="1.000001", online_level=OnlineLevel.NONE, channels=[1, 2])
    body = client.get(reverse("onestop-procedure", args=[p.code])).content.decode()
    assert _submit_url(p.code) in body


def test_the_catalogue_is_paged_with_the_shared_pager(db, client):
    for n in range(30):
        ProcedureFactory(code=f"9.{n:06d}", name=f"Thủ tục thử {n:02d}")
    first = client.get(reverse("onestop-procedures")).content.decode()
    assert "Hiển thị 1–25 trên 30" in first
    second = client.get(reverse("onestop-procedures"), {"page": 2})
    assert len(second.context["rows"]) == 5
    assert "Hiển thị 26–30 trên 30" in second.content.decode()
    # A nonsense page clamps instead of failing.
    assert client.get(reverse("onestop-procedures"), {"page": "999"}).status_code == 200


def test_the_catalogue_filters_by_field(catalogue, client):
    response = client.get(reverse("onestop-procedures"), {"field": "Đất đai"})
    assert [r["procedure"].code for r in response.context["rows"]] == ["2.000815"]
    # An unknown field is no filter (and is not echoed back).
    response = client.get(reverse("onestop-procedures"), {"field": "<script>"})
    assert len(response.context["rows"]) == 2


def test_the_landing_page_searches_groups_by_field_and_offers_the_two_main_actions(
    catalogue, client
):
    body = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("onestop-procedures")}"' in body
    assert 'name="q"' in body
    assert "?field=H%E1%BB%99%20t%E1%BB%8Bch" in body  # "Hộ tịch", one link per field
    assert "Đất đai" in body
    assert f'href="{reverse("onestop-submit")}"' in body
    assert "Nộp hồ sơ trực tuyến" in body
    assert f'href="{reverse("onestop-track")}"' in body
    assert "Tra cứu hồ sơ" in body


def test_the_landing_page_is_two_queries_at_most(catalogue, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(reverse("home"))


def test_the_deadline_reads_in_whole_days_with_the_right_plural():
    with translation.override("en"):
        assert deadline_text(Decimal(8)) == "1 working day"
        assert deadline_text(Decimal(40)) == "5 working days"
        assert deadline_text(Decimal(4)) == "4 working hours"
    assert deadline_text(Decimal(8)) == "1 ngày làm việc"
    assert deadline_text(Decimal(12)) == "12 giờ làm việc"
