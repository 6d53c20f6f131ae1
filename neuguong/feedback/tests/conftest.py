"""Feedback fixtures on top of the `world` personas: items of each kind handled by commune A's
People's Committee (agency_a), where `head` and `specialist_a` (colleague) work."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from neuguong.feedback.constants import Channel, ItemKind

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = dt.datetime(2025, 10, 6, 9, 0, tzinfo=TZ)


def submit(world, *, kind=ItemKind.FEEDBACK, actor=None, at=MONDAY_9, **extra):
    from neuguong.feedback.services import submit_item

    fields = {
        "category_code": "land",
        "title": "Lấn chiếm đất công",
        "body": "Hộ gia đình xây tường rào lấn ra đường đất công ở tổ 5.",
        "commune_code": world.commune_a.code,
        "channel": Channel.WEB,
        "actor": actor,
        "submitter_name": "Nguyễn Văn An",
        "submitter_phone": "0912345678",
        "address": "Tổ 5, phường Điện Biên Phủ",
        "at": at,
        "kind": kind,
    }
    fields.update(extra)
    return submit_item(**fields)


@pytest.fixture
def item(world):
    return submit(world)
