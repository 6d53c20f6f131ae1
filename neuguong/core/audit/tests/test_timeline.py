"""The human-readable audit timeline (issue 8): labels, formatted values, technical detail for inspectors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from neuguong.core.audit import labels, log_action
from neuguong.core.audit.timeline import timeline_for
from neuguong.onestop import services as s
from neuguong.onestop.services.workflow import VERBS
from neuguong.onestop.tests.conftest import MONDAY_9, receive, simple  # noqa: F401 (fixtures)

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T")
CODE = re.compile(r"onestop\.|org\.[a-z]+\.|late_by_rule|step_completed|agency_id|person_id")


def _text(html: str) -> str:
    """The visible text of a page: no tags, no attributes, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<details class=\"tech\">.*?</details>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def worked(world, receive):  # noqa: F811
    """A dossier with a completed step, two supplement requests (late by rule) and a pause."""
    dossier = receive()
    s.dossier_start(dossier, actor=world.reception, at=MONDAY_9 + dt.timedelta(minutes=30))
    s.dossier_complete_step(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=2))
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="Thiếu bản sao", at=MONDAY_9 + dt.timedelta(hours=3)
    )
    s.dossier_receive_supplement(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=4))
    s.dossier_request_supplement(
        dossier, actor=world.head, reason="Thiếu giấy ủy quyền", at=MONDAY_9 + dt.timedelta(hours=5)
    )
    s.dossier_receive_supplement(dossier, actor=world.head, at=MONDAY_9 + dt.timedelta(hours=6))
    dossier.refresh_from_db()
    assert dossier.late_by_rule
    return dossier


def _flat(entries) -> str:
    return " | ".join(
        f"{e.title} {e.actor} " + " ".join(f"{f.label}: {f.value}" for f in e.fields)
        for e in entries
    )


def test_every_dossier_verb_has_a_label():
    for verb in VERBS.values():
        label = labels.action_label(f"onestop.dossier.{verb}")
        assert label != str(labels.UNKNOWN_ACTION), verb
    for verb in ("signature_refused", "apology_signature_refused", "personal_data_read", "rated"):
        assert labels.action_label(f"onestop.dossier.{verb}") != str(labels.UNKNOWN_ACTION)


def test_a_dossier_timeline_reads_in_vietnamese(worked, world):
    with translation.override("vi"):
        text = _flat(timeline_for(worked, world.head))
    assert "Tiếp nhận tại bộ phận một cửa" in text
    assert "Hoàn thành bước xử lý" in text
    assert "Yêu cầu bổ sung giấy tờ" in text
    assert "Trễ hạn theo quy định: Có" in text
    assert "Lần yêu cầu bổ sung: 2" in text
    assert "Hẹn trả kết quả:" in text
    assert "Thời gian tạm dừng (giờ làm việc)" in text
    assert "Trạng thái: Đang xử lý → Yêu cầu bổ sung giấy tờ" in text
    assert "Kết quả: " in text
    assert re.search(r"Thời gian tạm dừng \(giờ làm việc\): 1(?![\d,.])", text)
    assert " head " in text  # the official's name (the test user has only a username)
    assert not CODE.search(text), CODE.search(text)
    assert not ISO.search(text)
    assert "True" not in text
    assert "False" not in text


def test_the_dossier_page_shows_the_timeline_without_codes_or_iso_times(worked, world, login):
    with translation.override("vi"):
        res = login(world.head).get(reverse("onestop-dossier", args=[worked.code]))
    html = res.content.decode()
    assert res.status_code == 200
    assert 'id="history"' in html
    assert "Lịch sử xử lý hồ sơ" in html
    text = _text(html)
    assert "Hoàn thành bước xử lý" in text
    assert not CODE.search(text), CODE.search(text)
    assert not ISO.search(html), ISO.search(html)  # not even in an attribute
    assert "Chi tiết kỹ thuật" not in html  # the head is no inspector
    assert "Mã băm" not in html


@pytest.mark.parametrize("persona", ["inspector", "admin"])
def test_inspectors_get_codes_and_hashes_behind_a_toggle(worked, world, login, persona):
    with translation.override("vi"):
        res = login(getattr(world, persona)).get(reverse("onestop-dossier", args=[worked.code]))
    html = res.content.decode()
    assert '<details class="tech">' in html
    assert "Chi tiết kỹ thuật" in html
    assert "onestop.dossier.step_completed" in html
    event = worked_event(worked)
    assert event.hash in html
    # Outside the toggle, inspectors read the same labels as everyone.
    assert not CODE.search(_text(html))


def worked_event(dossier):
    from neuguong.core.audit.models import AuditEvent

    return AuditEvent.objects.filter(object_id=str(dossier.pk)).order_by("-seq").first()


def test_the_public_view_hides_staff_names_and_internal_events(worked, world):
    from neuguong.onestop.services.privacy import dossier_personal_data_read

    dossier_personal_data_read(worked, actor=world.head, via="web", applicant_may=False)
    with translation.override("vi"):
        staff = _flat(timeline_for(worked, world.head))
        public = _flat(timeline_for(worked, None, public=True))
    assert "Xem thông tin cá nhân của người nộp" in staff
    assert "Xem thông tin cá nhân" not in public
    assert "Persona" not in public
    assert "Thiếu bản sao" not in public  # staff notes stay inside
    assert "Hoàn thành bước xử lý" in public


def test_agency_ids_become_names_with_one_query(worked, world, django_assert_max_num_queries):
    from neuguong.core.audit.models import AuditEvent

    log_action(
        worked,
        "onestop.dossier.apology_drafted",
        actor=world.head,
        data={"agency_id": world.agency_a.pk},
    )
    log_action(
        worked,
        "onestop.dossier.signature_refused",
        actor=world.head,
        data={"agency_id": world.agency_b.pk, "person_id": world.head.person_obj.pk},
    )
    events = list(AuditEvent.objects.filter(object_id=str(worked.pk)).order_by("seq"))
    timeline_for(events[:1], world.head)  # content types cached
    # The viewer's roles (for the technical detail), then one query for the agencies, one for the people.
    with django_assert_max_num_queries(3):
        entries = timeline_for(events, world.head)
    with translation.override("vi"):
        text = _flat(entries)
    assert "Ủy ban nhân dân phường Điện Biên Phủ" in text
    assert "Ủy ban nhân dân xã Mường Phăng" in text
    assert "Persona head" in text  # the person who tried to sign, by name


def test_unknown_codes_and_fields_fall_back_to_a_generic_label(world):
    log_action(
        world.agency_a, "org.agency.frobnicated", actor="system:test", data={"zork_level": 3}
    )
    log_action(world.agency_a, "core.whatever.happened", actor=None, data={"x": True})
    with translation.override("vi"):
        entries = timeline_for(world.agency_a, world.head)
    text = _flat(entries)
    assert "frobnicated" not in text
    assert "zork_level" not in text
    assert "Ghi nhận thay đổi" in text
    assert "Chi tiết khác: 3" in text
    assert "Hệ thống" in text


def test_org_changes_show_old_and_new_by_field_label(world):
    from neuguong.org import services as org

    org.agency_update(world.agency_a, actor=world.admin, short_name="UBND phường ĐBP")
    with translation.override("vi"):
        entries = timeline_for(world.agency_a, world.head)
    last = entries[-1]
    assert last.title.startswith("Thay đổi")
    assert [(f.label, f.value) for f in last.fields] == [("Tên viết tắt", "— → UBND phường ĐBP")]


# ---- the inspectors' list of every event ------------------------------------------------------------


def test_inspectors_page_through_every_event_with_labels_and_links(worked, world, login):
    url = reverse("audit-event-list")
    with translation.override("vi"):
        res = login(world.inspector).get(url, {"kind": "onestop.dossier"})
    html = res.content.decode()
    assert res.status_code == 200
    assert "Hoàn thành bước xử lý" in html
    assert reverse("audit-timeline", args=["onestop", "dossier", worked.pk]) in html
    assert re.search(r"Hiển thị 1–\d+ trên \d+", html)
    assert not CODE.search(_text(html))


def test_the_event_list_is_for_inspectors_only(worked, world, login):
    for persona in ("head", "reception", "citizen"):
        assert login(getattr(world, persona)).get(reverse("audit-event-list")).status_code == 403


def test_a_bad_filter_is_a_400_with_a_message(world, login):
    res = login(world.inspector).get(
        reverse("audit-event-list"), {"kind": "nothing.here", "on": "x"}
    )
    assert res.status_code == 400


def test_the_dossier_page_does_not_query_per_event(worked, world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.inspector)
    url = reverse("onestop-dossier", args=[worked.code])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        log_action(
            worked,
            "onestop.dossier.signature_refused",
            actor=world.head,
            data={"agency_id": world.agency_b.pk, "person_id": world.head.person_obj.pk},
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert (
        len(many.captured_queries) <= len(few.captured_queries) + 2
    )  # agencies, people: once each
