"""No page a staff member or citizen reads shows an audit code, a field name or an ISO timestamp (issue 8),
outside the inspectors' technical detail. Renders every list and detail page H2 owns for a worked dossier."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from neuguong.onestop import services as s
from neuguong.onestop.tests.conftest import MONDAY_9

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}")
CODE = re.compile(
    r"\b(onestop|org|core)\.[a-z_]+\.[a-z_]+\b|late_by_rule|step_completed|supplement_requested"
    r"|agency_id|person_id|paused_hours|\bTrue\b|\bFalse\b"
)
PHONE = "0912345678"


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def worked(world, receive):
    dossier = receive(phone=PHONE)
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(minutes=30))
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=2))
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="1", at=MONDAY_9 + dt.timedelta(hours=3)
    )
    s.dossier_receive_supplement(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=4))
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="2", at=MONDAY_9 + dt.timedelta(hours=5)
    )
    s.dossier_receive_supplement(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=6))
    return dossier


def _staff_urls(world, dossier) -> list[str]:
    queues = reverse("onestop-queues")
    return [
        *(
            f"{queues}?queue={q}"
            for q in ("to_accept", "my_steps", "at_risk", "late", "awaiting_supplement")
        ),
        reverse("onestop-search") + "?q=nguyen",
        reverse("onestop-dossier", args=[dossier.code]),
        reverse("audit-timeline", args=["onestop", "dossier", dossier.pk]),
        reverse("audit-timeline", args=["org", "agency", world.agency_a.pk]),
        reverse("org-unit-tree"),
        reverse("org-agency-list"),
        reverse("org-agency-detail", args=[world.agency_a.pk]),
        reverse("org-person-list"),
        reverse("org-person-detail", args=[world.head.person_obj.pk]),
        reverse("org-delegation-list"),
        reverse("org-quota-report"),
        reverse("audit-digests"),
    ]


def test_no_staff_page_shows_codes_or_iso_timestamps(world, worked, login):
    from neuguong.org import services as org

    org.agency_update(world.agency_a, actor=world.admin, short_name="UBND phường ĐBP")
    client = login(world.head)
    for url in _staff_urls(world, worked):
        with translation.override("vi"):
            response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not ISO.search(html), (url, ISO.search(html))
        found = CODE.search(_visible(html))
        assert not found, (url, found)
        assert "Chi tiết kỹ thuật" not in html, url


def test_the_public_tracking_page_shows_the_history_without_staff(world, worked, client):
    with translation.override("vi"):
        response = client.post(
            reverse("onestop-track"), {"code": worked.code, "verify": PHONE[-4:]}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quá trình giải quyết hồ sơ" in html
    assert "Hoàn thành bước xử lý" in html
    assert "Yêu cầu bổ sung giấy tờ" in html
    assert "Persona" not in html
    assert world.head.username not in _visible(html).split()
    assert not ISO.search(html)
    assert not CODE.search(_visible(html))
    assert '<table class="steps cards">' in html
