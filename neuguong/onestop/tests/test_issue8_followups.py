"""Issue 8 follow-ups in the one-stop shop: the register's rows as cards on a phone (the print and PDF keep
the grid), plurals of working hours, the fee line of the dossier page, a citizen refused the bare
receive_supplement action (the files are checked only on their own page), a citizen's upload never
digitised, and the sign-in signal connected by onestop itself."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from neuguong.core.audit.models import AuditEvent
from neuguong.core.errors import NotAllowed
from neuguong.onestop import services as s
from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier, DossierTransition
from neuguong.onestop.tests.conftest import MONDAY_9

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def mine(world, receive):
    return receive(user=world.citizen, name="Lò Văn Tâm")


def _supplement_requested(world, dossier):
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_request_supplement(
        dossier,
        actor=world.head,
        reason="Thiếu bản sao giấy chứng sinh",
        at=MONDAY_9 + dt.timedelta(hours=1),
    )
    return dossier


# ---- 1. the register on a phone ------------------------------------------------------------------


def _register(world, dossier, *, screen: bool) -> str:
    from neuguong.onestop.documents import register_html

    day = dossier.received_at.date()
    return register_html(Dossier.objects.all(), (day, day), screen=screen, query="")


def test_the_registers_rows_are_cards_with_a_label_on_every_cell(world, receive):
    dossier = receive(name="Lò Thị Hoa")
    html = _register(world, dossier, screen=True)
    assert '<table class="grid cards">' in html
    assert 'name="viewport"' in html
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td([^>]*)>", row)
    assert len(cells) == 12
    # The number and the code head the card; every other cell names its column.
    assert cells[:2] == [' class="inline"', ' class="inline"']
    assert all(c.startswith(' data-label="') for c in cells[2:])
    assert 'data-label="Hẹn trả kết quả"' in row
    assert dossier.code in row
    # Only on a screen: the print and the PDF keep the grid.
    assert "@media screen and (max-width: 600px)" in html


def test_the_registers_pdf_keeps_the_grid_and_has_no_viewport(world, receive):
    dossier = receive()
    html = _register(world, dossier, screen=False)
    assert 'name="viewport"' not in html
    assert "window.print()" not in html
    assert "table.grid th, table.grid td { border: 1px solid #000;" in html


# ---- 2. the dossier lists' cards come from the shared CSS -----------------------------------------


def test_onestop_css_leaves_the_dossier_cards_to_the_shared_components():
    css = (Path(__file__).parents[1] / "static/onestop/onestop.css").read_text()
    assert "table.dossiers" not in css


# ---- 3. plurals of working hours ------------------------------------------------------------------


def test_working_hours_take_the_singular_for_one_hour_only():
    from neuguong.onestop.catalogue import deadline_warning, working_hours

    with translation.override("en"):
        assert working_hours(1) == "1 working hour"
        assert working_hours(Decimal("24.00")) == "24 working hours"
        assert working_hours(Decimal("6.50")) == "6.5 working hours"
        assert working_hours(Decimal("1.5")) == "1.5 working hours"
        warning = deadline_warning("1.001", Decimal(1), Decimal(8))
        assert (
            warning
            == "1.001: the steps add up to 1 working hour but the legal deadline is 8 working hours"
        )
    with translation.override("vi"):
        assert working_hours(1) == "1 giờ làm việc"
        warning = deadline_warning("1.001", Decimal(1), Decimal(8))
        assert "1 giờ làm việc" in warning
        assert "8 giờ làm việc" in warning


def test_the_admins_deadline_warning_says_one_working_hour(admin_client, simple, settings):
    from django.urls import reverse

    simple.deadline_hours = Decimal(1)
    simple.save()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client.get(reverse("admin:onestop_procedure_change", args=[simple.pk]))
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"The steps of {simple.code} add up to 24 working hours, but the legal deadline is "
        "1 working hour. Adjust the steps or the deadline."
    ]


# ---- 4. the fee line -------------------------------------------------------------------------------


def test_the_dossier_page_says_how_the_fee_was_paid(world, receive, login, simple):
    simple.fee = 75000
    simple.save()
    dossier = receive()
    html = login(world.reception).get(f"/onestop/dossiers/{dossier.code}/").content.decode()
    dossier.refresh_from_db()
    assert dossier.payment_summary in html
    assert dossier.payment_summary.startswith("75.000")


# ---- 5. a citizen's supplement only with its files ---------------------------------------------


def test_a_citizen_cannot_receive_a_supplement_through_the_api(world, mine, login):
    _supplement_requested(world, mine)
    client = login(world.citizen)
    before = DossierTransition.objects.filter(dossier=mine).count()
    body = client.get(f"/api/v1/dossiers/{mine.code}").json()
    assert "receive_supplement" not in body["allowed_actions"]
    response = client.post(
        f"/api/v1/dossiers/{mine.code}/actions/receive_supplement",
        {},
        content_type="application/json",
    )
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "supplement_online_only"
    assert "Hồ sơ của tôi" in response.json()["detail"]
    mine.refresh_from_db()
    assert mine.state == DossierState.SUPPLEMENT_REQUESTED
    assert mine.pauses.get().ended_at is None
    assert DossierTransition.objects.filter(dossier=mine).count() == before
    assert not AuditEvent.objects.filter(
        object_id=str(mine.pk), action="onestop.dossier.supplement_received"
    ).exists()
    refused = AuditEvent.objects.get(
        object_id=str(mine.pk), action="onestop.dossier.supplement_refused"
    )
    assert refused.actor_id == world.citizen.pk


def test_the_service_refuses_a_citizen_and_staff_still_receive(world, mine):
    _supplement_requested(world, mine)
    with pytest.raises(NotAllowed) as refused:
        s.dossier_receive_supplement(mine, actor=world.citizen)
    assert refused.value.code == "supplement_online_only"
    mine.refresh_from_db()
    assert mine.state == DossierState.SUPPLEMENT_REQUESTED
    assert "receive_supplement" in s.allowed_actions(mine, world.head)
    s.dossier_receive_supplement(mine, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=2))
    mine.refresh_from_db()
    assert mine.state == DossierState.PROCESSING


def test_a_citizens_online_supplement_is_never_digitised(world, mine):
    from neuguong.onestop.services.citizen import dossier_supplement_online

    _supplement_requested(world, mine)
    upload = SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf")
    dossier_supplement_online(
        mine,
        actor=world.citizen,
        documents=[{"name": "Giấy chứng sinh", "file": upload, "digitised": True}],
        at=MONDAY_9 + dt.timedelta(hours=2),
    )
    doc = mine.documents.get(name="Giấy chứng sinh")
    assert doc.digitised is False
    assert doc.content_type == "application/pdf"


# ---- 6. onestop connects to the sign-in signal itself ----------------------------------------------


def test_core_identity_does_not_import_onestop():
    import neuguong.core.identity.apps as identity_apps

    source = Path(identity_apps.__file__).read_text()
    assert "neuguong.onestop" not in source


def test_the_sign_in_links_dossiers_through_onestops_receiver():
    from neuguong.core.identity.signals import citizen_signed_in

    receivers = list(citizen_signed_in._live_receivers(None)[0])
    names = {getattr(r, "__qualname__", "") for r in receivers}
    assert "dossiers_link_to_citizen" in names
