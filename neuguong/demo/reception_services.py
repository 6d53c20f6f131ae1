"""The demo's reception days and dialogues that go through the services (split from reception.py,
which writes the year of history in bulk): the live week's reception days, whose matters become
feedback items, and the dialogue conferences with their shortfalls (one commune holds none, one late
announcement, one late publication, one awaiting its results, two announced for the coming weeks).

`self` is reception.py's `_Loader`: its clock, its random generator and the days it reserved.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from neuguong.demo.reception import CATEGORIES, MATTERS, VILLAGES, _at, _weighted, _working
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import Language
from neuguong.feedback.reception.models import Dialogue
from neuguong.org.models import AdministrativeUnit, Agency

if TYPE_CHECKING:
    from neuguong.demo.reception import _Loader


def live(self: _Loader, actor) -> int:
    """The days history() reserved, lived through the services: each matter is a feedback item."""
    count = 0
    for term, day in self.live_days:
        session = s.session_plan(actor=actor, term=term, scheduled_on=day, location="Trụ sở UBND")
        session = s.session_hold(session, actor=actor, held_at=_at(day))
        citizen = s.session_record_citizen(
            session,
            actor=actor,
            at=_at(day, 9),
            data={
                "full_name": self.name(),
                "phone": "0912" + f"{self.rng.randint(0, 999999):06d}",
                "address": self.rng.choice(VILLAGES),
                "language": Language.THAI,
                "interpreter": self.name(),
            },
        )
        category = _weighted(self.rng, CATEGORIES)
        s.session_record_matter(
            session,
            actor=actor,
            citizen=citizen,
            category_code=category,
            summary=self.rng.choice(MATTERS[category]),
            at=_at(day, 10),
        )
        count += 1
    return count


def dialogues(self: _Loader, actor) -> int:
    year = self.today.year
    communes = list(
        AdministrativeUnit.objects.valid_on(self.today)
        .filter(level="commune", province_code="11")
        .order_by("code")
    )
    if not communes:
        return 0
    chairs = {
        a.unit_id: a for a in Agency.objects.filter(kind="peoples_committee", unit__in=communes)
    }
    # A voters' request that obliges a dialogue, still unanswered.
    s.voter_request_record(
        actor=actor,
        unit=communes[0],
        received_on=self.today - dt.timedelta(days=20),
        signatures=1450,
        voters=11200,
        subject="Đề nghị đối thoại về quy hoạch chợ trung tâm",
    )
    made = 0
    for i, unit in enumerate(communes[:-1]):  # the last commune holds none this year
        pc = chairs.get(unit.pk)
        chair = pc.terms.filter(title="head").order_by("started_on").first() if pc else None
        if chair is None:
            continue
        month = 3 + i % 8
        starts = _at(_working(dt.date(year, month, 5 + i % 15)), 8)
        if starts > self.now - dt.timedelta(days=12):
            starts = self.now - dt.timedelta(days=40)
        d = s.dialogue_plan(
            actor=actor,
            unit=unit,
            chair=chair.person,
            topic=self.rng.choice(
                [
                    "Giải phóng mặt bằng và tái định cư",
                    "Cải cách thủ tục hành chính",
                    "Quản lý đất đai",
                ]
            ),
            starts_at=starts,
            location="Hội trường UBND",
            units_taking_part="UBND, Ủy ban MTTQ, HĐND",
            at=starts - dt.timedelta(days=20),
        )
        notice = 4 if i == 1 else 10  # one late announcement
        s.dialogue_announce(d, actor=actor, at=starts - dt.timedelta(days=notice))
        if i == 2:
            # held recently, results not published yet: the reminder falls due
            recent = self.now - dt.timedelta(days=9)
            Dialogue.objects.filter(pk=d.pk).update(starts_at=recent)
            d.refresh_from_db()
            s.dialogue_hold(d, actor=actor, held_at=recent)
            made += 1
            continue
        s.dialogue_hold(d, actor=actor, held_at=starts)
        if i < 12:  # the participants and issues of a dozen dialogues (a feedback item each)
            s.dialogue_record_participant(
                d, actor=actor, name=self.name(), organisation="Bản Him Lam"
            )
            s.dialogue_record_issue(
                d,
                actor=actor,
                summary="Chậm chi trả tiền bồi thường",
                category_code="site_clearance",
                owner=pc,
                commitment="Hoàn thành chi trả trong quý",
                deadline=(starts + dt.timedelta(days=80)).date(),
                at=starts,
            )
        late = 15 if i == 3 else 6  # one late publication
        s.dialogue_publish(
            d,
            actor=actor,
            results="Đã tiếp thu và giao các cơ quan giải quyết.",
            at=starts + dt.timedelta(days=late),
        )
        made += 1
    for unit in communes[4:6]:  # announced for the coming weeks
        pc = chairs.get(unit.pk)
        chair = pc.terms.filter(title="head").first() if pc else None
        if chair is None:
            continue
        starts = _at(_working(self.today + dt.timedelta(days=14)), 8)
        d = s.dialogue_plan(
            actor=actor,
            unit=unit,
            chair=chair.person,
            topic="Đối thoại cuối năm",
            starts_at=starts,
            location="Nhà văn hóa",
            format="online" if unit == communes[5] else "in_person",
        )
        s.dialogue_announce(d, actor=actor)
        made += 1
    return made
