"""The one-stop defects found by trying each role (issue 8 §7), one test (or more) each.

Each failed before its fix: the commune hand-over at the committee, the "new → accepted" history,
sign and finish offered to a specialist, the apology's date wording and its "was late" while the
appointment is ahead, the receipt's broken headings and doubled "1.", and a fee "not required".
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from neuguong.onestop import documents
from neuguong.onestop import services as s
from neuguong.onestop.constants import ActorKind, DossierState, PaymentMethod, PaymentState
from neuguong.onestop.models import Dossier, DossierTransition
from neuguong.onestop.tests.conftest import MONDAY_9
from neuguong.onestop.tests.factories import applicant, procedure_with_steps

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# ---- history: what happened, not "new (submitted online) → accepted" ---------------------------


def test_a_desk_intake_starts_its_history_from_no_state(world, receive):
    dossier = receive()
    first = DossierTransition.objects.filter(dossier=dossier).order_by("at", "pk").first()
    assert (first.action, first.from_state, first.to_state) == ("receive", "", "accepted")


def test_an_online_submission_starts_its_history_from_no_state(world, simple):
    dossier = s.dossier_submit_online(
        procedure=simple,
        applicant=applicant(user=world.citizen),
        handling_agency=None,
        receiving_agency=world.desk_a,
        at=MONDAY_9,
    )
    first = DossierTransition.objects.get(dossier=dossier)
    assert (first.action, first.from_state, first.to_state) == ("submit", "", "new")


def test_the_dossier_page_and_the_api_do_not_say_new_to_accepted(world, receive, login):
    dossier = receive()
    html = login(world.reception).get(reverse("onestop-dossier", args=[dossier.code])).content
    text = html.decode()
    new_label = str(DossierState.NEW.label)
    assert f"{new_label} →" not in text
    from django.utils import translation

    with translation.override("vi"):
        assert f"{DossierState.NEW.label} →" not in text
    assert DossierTransition.objects.filter(dossier=dossier, from_state="new").count() == 0


# ---- signing is offered only with authority to sign ------------------------------------------


def _at_sign_step(world, receive):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=1))
    dossier.refresh_from_db()
    assert dossier.current_step.actor_kind == ActorKind.SIGN
    return dossier


def test_a_specialist_is_not_offered_sign_finish_or_the_signing_step(world, receive):
    dossier = _at_sign_step(world, receive)
    offered = s.allowed_actions(dossier, world.colleague, MONDAY_9 + dt.timedelta(hours=2))
    assert "sign_result" not in offered
    assert "finish" not in offered
    assert "complete_step" not in offered  # it would sign first
    head = s.allowed_actions(dossier, world.head, MONDAY_9 + dt.timedelta(hours=2))
    assert {"sign_result", "finish", "complete_step"} <= set(head)


def test_the_specialists_page_has_no_sign_button(world, receive, login):
    dossier = _at_sign_step(world, receive)
    html = login(world.colleague).get(reverse("onestop-dossier", args=[dossier.code])).content
    assert b'data-action="sign_result"' not in html
    assert b'data-action="finish"' not in html


def test_a_specialist_at_a_processing_step_may_still_finish_a_signed_dossier(world, receive):
    dossier = _at_sign_step(world, receive)
    s.dossier_sign_result(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=2))
    offered = s.allowed_actions(dossier, world.colleague, MONDAY_9 + dt.timedelta(hours=3))
    assert "finish" in offered
    assert "complete_step" in offered
    assert "sign_result" not in offered  # already signed


# ---- the apology slip ------------------------------------------------------------------------


def _apology(world, receive, *, after_appointment: bool):
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9)
    dossier.refresh_from_db()
    step_due = dossier.current_step.due_at
    at = dossier.appointment_at + dt.timedelta(hours=2) if after_appointment else step_due
    at += dt.timedelta(minutes=30)
    s.apology_draft(dossier, actor=world.reception, reason="Chờ xác minh", at=at)
    dossier.refresh_from_db()
    assert (at > dossier.apology.old_appointment_at) is after_appointment
    return dossier


def test_the_apology_writes_the_received_date_as_a_date(world, receive):
    dossier = _apology(world, receive, after_appointment=False)
    html = documents.render_slip("apology", dossier, fmt="html")
    assert "Ngày 06/10/2025," in html
    assert not re.search(r"Ngày \d\d giờ", html)


def test_an_apology_before_the_appointment_says_it_will_be_late(world, receive):
    dossier = _apology(world, receive, after_appointment=False)
    text = " ".join(_pdf_text(documents.render_slip("apology", dossier)).split())
    assert "dự kiến không thể trả kết quả giải quyết hồ sơ" in text
    assert "chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời hạn" not in text
    assert "đã gây phiền hà" not in text


def test_an_apology_after_the_appointment_says_it_was_late(world, receive):
    dossier = _apology(world, receive, after_appointment=True)
    text = " ".join(_pdf_text(documents.render_slip("apology", dossier)).split())
    assert "chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời hạn" in text
    assert "dự kiến" not in text


# ---- the receipt slip ------------------------------------------------------------------------


def _heading_lines(html: str) -> dict[str, list]:
    """Each header heading (class "line") → [(line width, box width)] as WeasyPrint lays it out."""
    from weasyprint import HTML

    def walk(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    found: dict[str, list] = {}
    page = HTML(string=html).render().pages[0]
    for box in walk(page._page_box):
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        if "line" in classes and type(box).__name__ == "BlockBox":
            text = "".join(element.itertext()).strip()
            lines = [c for c in box.children if type(c).__name__ == "LineBox"]
            found[text] = [(line.width, box.width) for line in lines]
    return found


@pytest.mark.parametrize(
    "desk_name",
    [None, "Trung tâm Phục vụ hành chính công tỉnh Điện Biên"],  # the longest desk name
)
def test_the_receipt_headings_each_fit_one_line(world, receive, desk_name):
    if desk_name:
        world.desk_a.name = desk_name
        world.desk_a.save()
    dossier = receive()
    lines = _heading_lines(documents.render_slip("receipt", dossier, fmt="html"))
    nation = lines["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    office = lines[dossier.receiving_agency.name.upper()]
    authority = lines[world.agency_a.name.upper()]
    for heading in (nation, office, authority):
        assert len(heading) == 1  # one line
        width, room = heading[0]
        assert width <= room + 0.5  # and within its column


def test_the_receipt_numbers_its_documents_once(world, simple):
    simple.required_documents = [
        {"name": "Tờ khai đăng ký khai sinh", "copies": 1, "original": True, "required": True},
        {"name": "Giấy chứng sinh", "copies": 1, "original": True, "required": True},
    ]
    simple.save()
    dossier = s.dossier_receive(
        actor=world.reception,
        receiving_agency=world.desk_a,
        procedure=simple,
        applicant=applicant(),
        handling_agency=world.agency_a,
        received_items=[0, 1],
        at=MONDAY_9,
    )
    text = _pdf_text(documents.render_slip("receipt", dossier))
    assert len(re.findall(r"(?m)^\s*1\.", text)) == 1, text
    assert "a) Tờ khai đăng ký khai sinh" in text
    assert "b) Giấy chứng sinh" in text


# ---- the fee and "not required" --------------------------------------------------------------


def test_a_dossier_with_a_fee_is_never_not_required(world):
    paying = procedure_with_steps(
        [(ActorKind.RECEIVE, 1, None), (ActorKind.PROCESS, 7, None)], code="1.000894", fee=2000
    )
    dossier = s.dossier_receive(
        actor=world.reception,
        receiving_agency=world.desk_a,
        procedure=paying,
        applicant=applicant(),
        handling_agency=world.agency_a,
        at=MONDAY_9,
    )
    assert dossier.fee == 2000
    assert dossier.payment_state != PaymentState.NOT_REQUIRED
    assert "Không phải nộp" not in dossier.payment_summary
    assert "Not required" not in dossier.payment_summary


def test_the_database_refuses_a_fee_marked_not_required(world, receive):
    dossier = receive()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(
            fee=2000, payment_state=PaymentState.NOT_REQUIRED
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(
            fee=2000, payment_state=PaymentState.PAID, payment_method=PaymentMethod.NOT_APPLICABLE
        )


# ---- the admin in Vietnamese (issue 8 §8): every onestop model and field -------------------------


def test_every_onestop_model_and_field_has_a_vietnamese_name():
    from django.apps import apps
    from django.utils import translation
    from django.utils.functional import Promise

    missing = []
    with translation.override("vi"):
        for model in apps.get_app_config("onestop").get_models():
            opts = model._meta
            for attr in ("verbose_name", "verbose_name_plural"):
                value = opts.original_attrs.get(attr)
                if not isinstance(value, Promise) or str(value) == value._args[0]:
                    missing.append(f"{opts.label}.Meta.{attr}")
            for field in opts.concrete_fields:
                if field.name in {"id", "search_text"}:
                    continue
                name = field.verbose_name
                if not isinstance(name, Promise) or str(name) == name._args[0]:
                    missing.append(f"{opts.label}.{field.name}")
    assert missing == []
