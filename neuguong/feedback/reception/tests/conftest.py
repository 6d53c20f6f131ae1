"""Fixtures of the reception app: the world's commune A chair and party secretary, and records in any state."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from neuguong.feedback.reception import services as s
from neuguong.org.constants import PositionTitle

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday in office hours, after the two-level reform and Conclusion 215.
MONDAY_9 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=VN)


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


@pytest.fixture
def chair_term(world):
    """world.head chairs commune A's People's Committee (the world's own term)."""
    from neuguong.org.models import Term

    return Term.objects.get(person=world.head.person_obj, agency=world.agency_a)


@pytest.fixture
def secretary_term(world):
    from neuguong.org.tests import factories as f

    return f.TermFactory(
        person=f.PersonFactory(full_name="Lò Văn Bí Thư", email="bithu@example.vn"),
        title=PositionTitle.SECRETARY,
        agency=None,
        party_org=world.party_a,
        started_on=dt.date(2025, 7, 1),
    )


@pytest.fixture
def planned(world, chair_term):
    """planned(day=...) → a planned session of commune A's chair."""

    def build(day=dt.date(2026, 1, 5)):
        return s.session_plan(
            actor=world.head, term=chair_term, scheduled_on=day, location="Trụ sở UBND phường"
        )

    return build


@pytest.fixture
def held(world, planned):
    def build(day=dt.date(2026, 1, 5)):
        session = planned(day)
        return s.session_hold(
            session, actor=world.head, held_at=dt.datetime.combine(day, dt.time(9), tzinfo=VN)
        )

    return build


@pytest.fixture
def dialogue(world):
    """dialogue(starts_at=...) → a planned dialogue of commune A."""

    def build(starts_at=None):
        return s.dialogue_plan(
            actor=world.head,
            unit=world.commune_a,
            chair=world.head.person_obj,
            topic="Giải phóng mặt bằng đường vành đai",
            starts_at=starts_at or local(2026, 3, 10, 8),
            location="Hội trường phường",
        )

    return build
