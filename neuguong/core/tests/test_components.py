"""The shared components of issue 8: pagination, the pager and the formatting filters (docs/ui.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from neuguong.core.pagination import paginate
from neuguong.core.templatetags.ui import money, number, vndate, vndatetime, yesno_vi

rf = RequestFactory()


def _render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", 1),
        ("2", 2),
        ("abc", 1),
        ("-3", 1),
        ("0", 1),
        ("99999999999999999999", 1),
        ("١", 1),
        ("16", 16),
    ],
)
def test_it_clamps_any_page_parameter_to_a_page_that_exists(raw, expected):
    page = paginate(rf.get("/", {"page": raw}), list(range(777)), per_page=50)
    assert page.number == expected
    assert page.paginator.count == 777


def test_it_clamps_an_overflowing_page_to_the_last_one():
    page = paginate(rf.get("/", {"page": "17"}), list(range(777)))
    assert page.number == 16
    assert list(page.object_list) == list(range(750, 777))


@pytest.mark.django_db
def test_it_counts_a_queryset_with_one_count_query(django_assert_num_queries):
    get_user_model().objects.bulk_create([get_user_model()(username=f"u{i}") for i in range(60)])
    qs = get_user_model().objects.order_by("pk")
    with django_assert_num_queries(2):  # one COUNT, one page of rows
        page = paginate(rf.get("/", {"page": "2"}), qs)
        rows = list(page.object_list)
    assert page.paginator.count == 60
    assert len(rows) == 10


def test_the_pager_says_the_total_in_vietnamese_and_keeps_the_other_parameters():
    request = rf.get("/list/", {"queue": "late", "q": "nguyễn", "page": "2"})
    page = paginate(request, list(range(777)))
    with translation.override("vi"):
        html = _render(
            '{% include "components/pager.html" with page=page %}', page=page, request=request
        )
    assert "Hiển thị 51–100 trên 777" in html
    assert "Trang trước" in html
    assert "Trang sau" in html
    assert "queue=late" in html
    assert "q=nguy%E1%BB%85n" in html
    assert "page=1" in html
    assert "page=3" in html


def test_the_pager_in_english_and_on_a_single_page():
    request = rf.get("/")
    page = paginate(request, list(range(7)))
    with translation.override("en"):
        html = _render(
            '{% include "components/pager.html" with page=page %}', page=page, request=request
        )
    assert "Showing 1–7 of 7" in html
    assert "Next" not in html
    assert "Previous" not in html


def test_the_pager_groups_thousands():
    request = rf.get("/", {"page": "30"})
    page = paginate(request, range(1_000_000))
    with translation.override("vi"):
        html = _render(
            '{% include "components/pager.html" with page=page %}', page=page, request=request
        )
    assert "Hiển thị 1.451–1.500 trên 1.000.000" in html


def test_an_empty_list_has_no_pager():
    request = rf.get("/")
    html = _render(
        '{% include "components/pager.html" with page=page %}',
        page=paginate(request, []),
        request=request,
    )
    assert html.strip() == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (75000, "75.000 ₫"),
        (0, "0 ₫"),
        (Decimal("2000.00"), "2.000 ₫"),
        (1234567, "1.234.567 ₫"),
        (-5000, "-5.000 ₫"),
        (None, ""),
        ("", ""),
        ("abc", ""),
    ],
)
def test_money(value, expected):
    assert money(value) == expected


def test_number():
    assert number(777) == "777"
    assert number(1000000) == "1.000.000"


def test_dates_are_day_month_year_in_local_time():
    utc = dt.datetime(2026, 11, 5, 7, 30, tzinfo=dt.UTC)  # 14:30 in Hà Nội
    assert vndatetime(utc) == "05/11/2026 14:30"
    assert vndate(utc) == "05/11/2026"
    late_evening = dt.datetime(2026, 11, 5, 18, 0, tzinfo=dt.UTC)  # already the 6th in Vietnam
    assert vndate(late_evening) == "06/11/2026"
    assert vndate(dt.date(2026, 1, 2)) == "02/01/2026"
    assert vndatetime(dt.date(2026, 1, 2)) == "02/01/2026"
    assert (
        vndatetime(dt.datetime(2026, 1, 2, 8, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
        == "02/01/2026 08:05"
    )
    assert vndate(None) == ""
    assert vndatetime("") == ""


def test_the_filters_in_a_template_with_a_default():
    html = _render('{{ d|vndatetime|default:"—" }} {{ fee|money }}', d=None, fee=75000)
    assert html == "— 75.000 ₫"


def test_yes_no_in_vietnamese():
    with translation.override("vi"):
        assert yesno_vi(True) == "Có"
        assert yesno_vi(False) == "Không"
    assert yesno_vi(None) == ""
