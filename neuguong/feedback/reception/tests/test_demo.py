"""The demo's reception days and dialogues: the compliance views flag the shortfalls, the late
announcement and the late publication it plants; its audit chains verify; a second run adds nothing."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from neuguong.core.audit.verify import verify
from neuguong.feedback.reception import compliance
from neuguong.feedback.reception.constants import Position, SessionState
from neuguong.feedback.reception.models import (
    Dialogue,
    ReceptionCitizen,
    ReceptionMatter,
    ReceptionSession,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from neuguong.demo import reception
    from neuguong.demo.accounts import load_accounts
    from neuguong.demo.province import load_province

    with django_db_blocker.unblock():
        block = transaction.atomic()
        block._from_testcase = True  # as Django's TestCase marks its class-wide block
        block.__enter__()
        try:
            load_province()
            with override_settings(DEMO_ALLOWED=True):
                load_accounts()
            reception.load()
        except BaseException:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


@pytest.fixture
def admin(demo):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def last_full_month():
    first = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def test_the_compliance_view_flags_heads_below_their_minimum(admin):
    year, month = last_full_month()
    rows = compliance.reception_compliance(admin, year, month, month)
    below = [r for r in rows if r.below_minimum]
    assert len(rows) > 80  # 45 communes x 2 heads, and the province's two
    assert 5 <= len(below) < len(rows) / 2
    assert any(r.position == Position.PARTY_HEAD for r in below)
    assert any(r.position == Position.GOV_CHAIR for r in below)


def test_the_provincial_chair_misses_february(admin):
    year = timezone.localdate().year
    rows = compliance.reception_compliance(admin, year, 2, 2)
    chair = next(r for r in rows if r.position == Position.GOV_CHAIR and r.level == "province")
    assert (chair.required, chair.held) == (1, 0)


def test_sessions_carry_citizens_in_minority_languages_and_matters(demo):
    assert ReceptionSession.objects.filter(state=SessionState.ACKNOWLEDGED).exists()
    assert ReceptionSession.objects.filter(
        state=SessionState.PLANNED, scheduled_on__gte=timezone.localdate()
    ).exists()
    minority = ReceptionCitizen.objects.exclude(language="vi")
    assert minority.exists()
    assert not minority.filter(interpreter="").exists()
    assert (
        ReceptionMatter.objects.filter(category_code="land").count()
        > ReceptionMatter.objects.filter(category_code="environment").count()
    )
    assert ReceptionMatter.objects.filter(
        feedback_item__isnull=False, feedback_item__channel="reception"
    ).exists()


def test_the_dialogue_compliance_view_flags_the_planted_cases(admin):
    report = compliance.dialogue_compliance(admin, timezone.localdate().year)
    assert len(report.communes_without) >= 1
    assert len(report.late_announcements) == 1
    assert len(report.late_publications) == 1
    assert len(report.unanswered_requests) == 1
    assert Dialogue.objects.filter(state="announced", starts_at__gt=timezone.now()).count() == 2


def test_the_audit_chains_verify(demo):
    report = verify(processes=1)
    ours = [p for p in report.problems if "reception." in p]
    assert ours == []
    assert report.records > 3000


def test_a_second_run_adds_nothing(demo):
    from neuguong.demo import reception

    before = (ReceptionSession.objects.count(), Dialogue.objects.count())
    reception.load()
    assert (ReceptionSession.objects.count(), Dialogue.objects.count()) == before
