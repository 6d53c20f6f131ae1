"""Compliance views and reports: the minimums and periods come from the rulebook, dated; moving a
rule's dates moves what is required. Dialogue compliance flags what Art. 43 is owed."""

import datetime as dt

import pytest
from django.urls import reverse

from neuguong.core.rules.models import Rule
from neuguong.feedback.reception import compliance, rules
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.tests.conftest import local

pytestmark = pytest.mark.django_db


def row_of(rows, person):
    return next(r for r in rows if r.person.pk == person.pk)


def new_version(key, value, start):
    """End the version in force the day before `start` and add `value` from `start`."""
    current = Rule.objects.filter(key=key, effective_to__isnull=True).get()
    current.effective_to = start - dt.timedelta(days=1)
    current.save()
    Rule.objects.create(key=key, value=value, effective_from=start, source="Test source")


def test_a_commune_chair_owes_one_day_per_iso_week(world, held):
    held(dt.date(2026, 1, 5))
    held(dt.date(2026, 1, 12))
    rows = compliance.reception_compliance(world.admin, 2026, 1, 1)
    row = row_of(rows, world.head.person_obj)
    assert (row.required, row.held) == (5, 2)  # Thursdays 1, 8, 15, 22, 29 January 2026
    assert row.below_minimum
    assert row.rule_key == "reception.minimum.gov_chair.commune"


def test_two_sessions_on_one_day_count_as_one_day(world, held):
    held(dt.date(2026, 1, 5))
    held(dt.date(2026, 1, 5))
    row = row_of(compliance.reception_compliance(world.admin, 2026, 1, 1), world.head.person_obj)
    assert row.held == 1


def test_a_commune_secretary_owes_two_days_a_month(world, secretary_term):
    for day in ("2026-02-03", "2026-02-17"):
        session = s.session_plan(
            actor=world.party_office, term=secretary_term, scheduled_on=day, location="Đảng ủy"
        )
        s.session_hold(session, actor=world.party_office, held_at=local(2026, 2, int(day[-2:]), 9))
    row = row_of(compliance.reception_compliance(world.admin, 2026, 2, 2), secretary_term.person)
    assert (row.required, row.held, row.below_minimum) == (2, 2, False)
    assert row.rule_key == "reception.minimum.party_head.commune"


def test_changing_the_rules_effective_date_changes_the_minimum(world):
    key = "reception.minimum.gov_chair.commune"
    assert rules.required_days("gov_chair", "commune", 2026, 2) == 3  # the Tết week owes none
    new_version(key, {"days": 2, "per": "month"}, dt.date(2026, 2, 1))
    assert rules.required_days("gov_chair", "commune", 2026, 1) == 5
    assert rules.required_days("gov_chair", "commune", 2026, 2) == 2
    row = row_of(compliance.reception_compliance(world.admin, 2026, 1, 2), world.head.person_obj)
    assert row.required == 7
    # Moving the new version's start a month later puts February back on the weekly rule.
    moved = Rule.objects.get(key=key, effective_from=dt.date(2026, 2, 1))
    moved.effective_from = dt.date(2026, 3, 1)
    moved.save()
    old = Rule.objects.get(key=key, effective_to=dt.date(2026, 1, 31))
    old.effective_to = dt.date(2026, 2, 28)
    old.save()
    assert rules.required_days("gov_chair", "commune", 2026, 2) == 3
    assert rules.required_days("gov_chair", "commune", 2026, 3) == 2


def test_a_week_without_a_working_day_owes_no_reception_day():
    # Tết 2026: Monday 16 to Sunday 22 February are all days off on the calendar.
    assert dt.date(2026, 2, 19) not in rules.iso_weeks_in_month(2026, 2)
    assert rules.iso_weeks_in_month(2026, 2) == [
        dt.date(2026, 2, 5),
        dt.date(2026, 2, 12),
        dt.date(2026, 2, 26),
    ]


def test_the_district_level_owes_nothing_after_june_2025():
    assert rules.required_days("gov_chair", "district", 2025, 6) == 2
    assert rules.required_days("gov_chair", "district", 2025, 7) is None


def test_the_acknowledgement_deadline_follows_the_rulebook(world, planned):
    new_version(rules.ACKNOWLEDGEMENT_DAYS, 5, dt.date(2026, 1, 1))
    session = s.session_hold(planned(), actor=world.head, held_at=local(2026, 1, 5, 9))
    assert session.acknowledgement_due_at.date() == dt.date(2026, 1, 12)


def test_the_notice_period_follows_the_rulebook(world, dialogue):
    new_version("dialogue.notice_days", 3, dt.date(2026, 1, 1))
    d = s.dialogue_announce(
        dialogue(local(2026, 3, 10, 8)), actor=world.head, at=local(2026, 3, 5, 8)
    )
    assert not d.announcement_late


def test_the_publication_period_follows_the_rulebook(world, dialogue):
    new_version("dialogue.publish_days", 20, dt.date(2026, 1, 1))
    d = s.dialogue_announce(dialogue(), actor=world.head, at=local(2026, 3, 1, 8))
    d = s.dialogue_hold(d, actor=world.head, held_at=local(2026, 3, 10, 8))
    assert d.publish_due_at == local(2026, 3, 30, 8)


def test_the_compliance_page_flags_the_shortfall(login, world, held):
    held(dt.date(2026, 1, 5))
    page = (
        login(world.head)
        .get(reverse("reception-compliance"), {"month": "2026-01"})
        .content.decode()
    )
    assert f'class="short" data-head="{world.head.person_obj.pk}"' in page


def test_the_compliance_query_count_is_bounded(
    world, held, django_assert_max_num_queries, secretary_term
):
    held(dt.date(2026, 1, 5))
    with django_assert_max_num_queries(12):
        compliance.reception_compliance(world.admin, 2026, 1, 12)


def test_dialogue_compliance_flags_communes_late_announcements_and_publications(world, dialogue):
    d = s.dialogue_announce(
        dialogue(local(2026, 3, 10, 8)), actor=world.head, at=local(2026, 3, 6, 8)
    )
    d = s.dialogue_hold(d, actor=world.head, held_at=local(2026, 3, 10, 8))
    s.dialogue_publish(d, actor=world.head, results="Kết quả", at=local(2026, 3, 25, 8))
    report = compliance.dialogue_compliance(world.admin, 2026, now=local(2026, 12, 1, 8))
    without = [c for c, _n in report.communes_without]
    assert world.commune_b in without
    assert world.commune_a not in without
    assert [x.pk for x in report.late_announcements] == [d.pk]
    assert [x.pk for x in report.late_publications] == [d.pk]


def test_an_unpublished_dialogue_past_its_period_is_late(world, dialogue):
    d = s.dialogue_announce(dialogue(), actor=world.head, at=local(2026, 3, 1, 8))
    s.dialogue_hold(d, actor=world.head, held_at=local(2026, 3, 10, 8))
    early = compliance.dialogue_compliance(world.admin, 2026, now=local(2026, 3, 15, 8))
    late = compliance.dialogue_compliance(world.admin, 2026, now=local(2026, 3, 21, 8))
    assert early.late_publications == []
    assert [x.pk for x in late.late_publications] == [d.pk]


def test_an_obliging_voters_request_without_a_dialogue_is_listed(world):
    s.voter_request_record(
        actor=world.head,
        unit=world.commune_a,
        received_on="2026-02-01",
        signatures=900,
        voters=8000,
        subject="Quy hoạch chợ",
    )
    s.voter_request_record(
        actor=world.head,
        unit=world.commune_a,
        received_on="2026-02-02",
        signatures=10,
        voters=8000,
        subject="Ít người",
    )
    report = compliance.dialogue_compliance(world.admin, 2026)
    assert [r.subject for r in report.unanswered_requests] == ["Quy hoạch chợ"]


def test_scope_limits_the_compliance_rows(world, held):
    held(dt.date(2026, 1, 5))
    assert compliance.reception_compliance(world.outsider, 2026, 1, 1) == [] or all(
        r.unit != world.commune_a
        for r in compliance.reception_compliance(world.outsider, 2026, 1, 1)
    )
