"""Demo reception days and dialogue conferences for Điện Biên (idempotent).

- Reception days over the twelve months before the current one and this month to date, for every
  head with a duty (commune and provincial People's Committee chairs, commune and provincial party
  secretaries), with the citizens received (some in Thái, H'Mông or Khơ Mú with an interpreter), the
  matters raised and the written acknowledgements. Written in bulk, with their audit chains through
  `core.audit.bulk.ChainWriter`, so `audit verify` holds. Some heads fall short on purpose: every
  seventh commune chair skips about half the weeks, three commune secretaries hold one day a month,
  and the provincial chair misses two months.
- The last week's days of a few communes, and the coming four weeks' planned days, go through the
  services, so their matters are feedback items (channel "reception") like any other.
- Dialogues through the services: every commune but one holds its yearly dialogue; one was announced
  late, one published late, one is held and awaiting its results, two are announced for December,
  and a voters' request that obliges a dialogue is still unanswered.

Runs before the one-stop demo, whose seed publishes the audit digests of the past days. This module
writes the bulk history; reception_services.py does the live week and the dialogues.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from neuguong.core.audit.bulk import ChainWriter
from neuguong.core.calendar.clock import is_working_day
from neuguong.core.errors import DomainError
from neuguong.demo.names import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from neuguong.feedback.reception import rules
from neuguong.feedback.reception.compliance import duty_terms
from neuguong.feedback.reception.constants import Language, Level, Position, SessionState
from neuguong.feedback.reception.models import (
    ReceptionCitizen,
    ReceptionMatter,
    ReceptionSession,
    SessionTransition,
)
from neuguong.feedback.reception.services.sessions import position_of_term

ACTOR = "system:demo"
SEED = 2026
# (category, weight): land and site clearance lead, as in the seed article.
CATEGORIES = [
    ("land", 35),
    ("site_clearance", 20),
    ("policies", 15),
    ("procedures", 8),
    ("infrastructure", 10),
    ("environment", 5),
    ("other", 7),
]
MATTERS = {
    "land": [
        "Tranh chấp ranh giới đất với hộ liền kề",
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
    ],
    "site_clearance": [
        "Chưa nhận đủ tiền bồi thường đường vành đai",
        "Đề nghị xem xét giá đất tái định cư",
    ],
    "policies": ["Chưa được hưởng trợ cấp hộ nghèo", "Đề nghị hỗ trợ nhà ở cho người có công"],
    "procedures": ["Hồ sơ chứng thực trả chậm", "Đề nghị hướng dẫn đăng ký khai sinh"],
    "infrastructure": ["Đường vào bản bị sạt lở", "Đề nghị sửa cầu treo"],
    "environment": ["Khói bụi từ lò gạch", "Rác thải ven suối"],
    "other": ["Đề nghị giải quyết tiếng ồn karaoke"],
}
LANGUAGES = [
    (Language.VIETNAMESE, 62),
    (Language.THAI, 25),
    (Language.HMONG, 10),
    (Language.OTHER, 3),
]
VILLAGES = [
    "Bản Him Lam",
    "Bản Noong Bua",
    "Tổ dân phố 5",
    "Bản Phiêng Ban",
    "Bản Co Mận",
    "Bản Hua Pe",
]


def _working(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _in_week(day: dt.date) -> dt.date | None:
    """`day`, or the nearest working day of the same ISO week (later first), or None for a week
    without one (the Tết holiday)."""
    monday = day - dt.timedelta(days=day.weekday())
    later = [day + dt.timedelta(days=k) for k in range(7 - day.weekday())]
    earlier = [day - dt.timedelta(days=k) for k in range(1, day.weekday() + 1)]
    return next((d for d in later + earlier if d >= monday and is_working_day(d)), None)


def _at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


def _weighted(rng: random.Random, pairs):
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def _schedule(
    position: str, level: str, index: int, first: dt.date, last: dt.date, short: bool, rng
):
    """The reception days of one head between first and last (inclusive)."""
    days: list[dt.date] = []
    if position == Position.GOV_CHAIR and level == Level.COMMUNE:
        day = first + dt.timedelta(
            days=(index % 5 - first.weekday()) % 7
        )  # one weekday per commune
        while day <= last:
            held = _in_week(day)
            if held is not None and not (short and rng.random() < 0.5):
                days.append(held)
            day += dt.timedelta(days=7)
    else:
        month = dt.date(first.year, first.month, 1)
        while month <= last:
            wanted = [10, 24] if level == Level.COMMUNE else [15]
            if short:
                wanted = (
                    wanted[:1]
                    if level == Level.COMMUNE
                    else ([] if month.month in (2, 8) else wanted)
                )
            days += [_working(month.replace(day=d)) for d in wanted]
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return [d for d in days if first <= d <= last]


class _Loader:
    def __init__(self, now: dt.datetime):
        self.now = now
        self.today = timezone.localdate(now)
        self.rng = random.Random(SEED)
        self.live_from = self.today - dt.timedelta(days=7)
        self.live_days: list[tuple] = []
        start = self.today.replace(day=1)
        self.first = (start - dt.timedelta(days=365)).replace(day=1)
        # Days whose audit digest is published are sealed: bulk history starts after them.
        sealed = ChainWriter().sealed_until
        if sealed is not None:
            self.first = max(self.first, timezone.localdate(sealed) + dt.timedelta(days=1))
        self.earliest = _at(self.first, 0)

    def name(self) -> str:
        """A synthetic name (citizens may share one, unlike officials)."""
        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"

    def heads(self):
        rows = []
        for term in duty_terms(self.first, self.today):
            try:
                position, level, unit = position_of_term(term)
            except DomainError:  # a term without a reception duty is not scheduled
                continue
            rows.append((term, position, level, unit))
        return rows

    # ---- bulk history ------------------------------------------------------------------------

    def history(self) -> int:
        """Held days before the live week, and the planned days of the coming four weeks, in bulk:
        each day's citizens, matters and acknowledgement decided first, then one bulk insert per table."""
        heads = self.heads()
        commune_chairs = [h for h in heads if h[1] == Position.GOV_CHAIR and h[2] == Level.COMMUNE]
        commune_secretaries = [
            h for h in heads if h[1] == Position.PARTY_HEAD and h[2] == Level.COMMUNE
        ]
        short = {h[0].pk for h in commune_chairs[::7]} | {h[0].pk for h in commune_secretaries[1:4]}
        short |= {h[0].pk for h in heads if h[1] == Position.GOV_CHAIR and h[2] == Level.PROVINCE}
        lively = {h[0].pk for h in heads if h[2] == Level.PROVINCE}
        lively |= {h[0].pk for h in [h for h in heads if h[2] == Level.COMMUNE][:16]}
        sessions: list[ReceptionSession] = []
        people: list[list[tuple[ReceptionCitizen, str | None]]] = []
        for index, (term, position, level, unit) in enumerate(heads):
            start = max(self.first, term.started_on)
            past = _schedule(
                position,
                level,
                index,
                start,
                self.today - dt.timedelta(days=1),
                term.pk in short,
                self.rng,
            )
            lately = [d for d in past if d >= self.live_from]
            if term.pk in lively and lately:
                # this head's first day of the last week goes through the services (live())
                self.live_days.append((term, lately[0]))
                past.remove(lately[0])
            coming = _schedule(
                position,
                level,
                index,
                self.today,
                self.today + dt.timedelta(days=28),
                False,
                self.rng,
            )
            for day in past + coming:
                session = ReceptionSession(
                    province_code=unit.province_code,
                    unit=unit,
                    head_id=term.person_id,
                    position=position,
                    level=level,
                    agency_id=term.agency_id,
                    party_org_id=term.party_org_id,
                    scheduled_on=day,
                    location="Trụ sở tiếp công dân" if level == Level.PROVINCE else "Trụ sở UBND",
                    state=SessionState.PLANNED,
                    version=0,
                    created_at=max(min(_at(day) - dt.timedelta(days=14), self.now), self.earliest),
                )
                sessions.append(session)
                people.append(self.held(session) if day < self.today else [])
        ReceptionSession.objects.bulk_create(sessions, batch_size=1000)
        citizens = []
        for session, received in zip(sessions, people, strict=True):
            for citizen, _category in received:
                citizen.session = session
                citizens.append(citizen)
        ReceptionCitizen.objects.bulk_create(citizens, batch_size=2000)
        matters = [
            ReceptionMatter(
                session=citizen.session,
                citizen=citizen,
                province_code=citizen.province_code,
                category_code=category,
                summary=self.rng.choice(MATTERS[category]),
                recorded_at=citizen.recorded_at,
            )
            for received in people
            for citizen, category in received
            if category is not None
        ]
        ReceptionMatter.objects.bulk_create(matters, batch_size=2000)
        self.chains(sessions)
        return len(sessions)

    def held(self, session: ReceptionSession) -> list[tuple[ReceptionCitizen, str | None]]:
        """Hold `session` (in memory): its citizens with the category of the matter each raised (or
        None), and its acknowledgement: mostly on time, some late, a few never sent."""
        held = _at(session.scheduled_on)
        session.state, session.held_at, session.version = SessionState.HELD, held, 1
        session.acknowledgement_due_at = due = rules.acknowledgement_due(held)
        received = []
        for _ in range(self.rng.choice((0, 1, 1, 1, 2, 2, 3))):
            language = _weighted(self.rng, LANGUAGES)
            citizen = ReceptionCitizen(
                province_code=session.province_code,
                full_name=self.name(),
                id_number="011" + "".join(self.rng.choice("0123456789") for _ in range(9)),
                phone="09" + "".join(self.rng.choice("0123456789") for _ in range(8)),
                address=self.rng.choice(VILLAGES),
                language=language,
                language_other="Khơ Mú" if language == Language.OTHER else "",
                interpreter=self.name() if language != Language.VIETNAMESE else "",
                recorded_at=held,
            )
            category = _weighted(self.rng, CATEGORIES) if self.rng.random() < 0.8 else None
            received.append((citizen, category))
        if not any(category for _c, category in received):
            return received
        roll = self.rng.random()
        if roll < 0.03 and due < self.now:
            return received  # overdue: never answered
        at = (
            due + dt.timedelta(days=3)
            if roll < 0.10
            else due - dt.timedelta(days=self.rng.randint(1, 7))
        )
        if at <= self.now:
            session.state, session.acknowledged_at, session.version = (
                SessionState.ACKNOWLEDGED,
                at,
                2,
            )
            session.acknowledgement_ref = f"{self.rng.randint(1, 400)}/TB-UBND"
        return received

    def chains(self, sessions) -> None:
        transitions = []
        with ChainWriter(assume_new=True) as writer:
            for session in sessions:
                final = (session.state, session.acknowledged_at)
                session.state, session.acknowledged_at = SessionState.PLANNED, None
                held, due = session.held_at, session.acknowledgement_due_at
                session.held_at = session.acknowledgement_due_at = None
                writer.append(
                    session,
                    None,
                    "reception.session.planned",
                    actor=ACTOR,
                    data={"at": session.created_at},
                    created_at=session.created_at,
                )
                if held is None:  # a coming day: planned only
                    session.state = SessionState.PLANNED
                    writer.finish(session)
                    continue
                session.state, session.held_at, session.acknowledgement_due_at = (
                    SessionState.HELD,
                    held,
                    due,
                )
                writer.append(
                    session,
                    None,
                    "reception.session.held",
                    actor=ACTOR,
                    data={"from": "planned", "to": "held", "at": held, "due": due},
                    created_at=held,
                )
                transitions.append(
                    SessionTransition(
                        session=session,
                        province_code=session.province_code,
                        action="hold",
                        from_state="planned",
                        to_state="held",
                        at=held,
                        data={"due": due.isoformat()},
                    )
                )
                session.state, session.acknowledged_at = final
                if session.state == SessionState.ACKNOWLEDGED:
                    on_time = session.acknowledged_at <= due
                    writer.append(
                        session,
                        None,
                        "reception.session.acknowledged",
                        actor=ACTOR,
                        data={
                            "from": "held",
                            "to": "acknowledged",
                            "at": session.acknowledged_at,
                            "on_time": on_time,
                        },
                        created_at=session.acknowledged_at,
                    )
                    transitions.append(
                        SessionTransition(
                            session=session,
                            province_code=session.province_code,
                            action="acknowledge",
                            from_state="held",
                            to_state="acknowledged",
                            at=session.acknowledged_at,
                            data={"on_time": on_time},
                        )
                    )
                writer.finish(session)
        SessionTransition.objects.bulk_create(transitions, batch_size=2000)


def load(stdout=None, *, now: dt.datetime | None = None) -> None:
    """Load the demo's reception days and dialogues once (a second run adds nothing)."""
    if ReceptionSession.objects.exists():
        return
    started = time.monotonic()
    loader = _Loader(now or timezone.now())
    actor = get_user_model().objects.filter(username="admin", is_superuser=True).first()
    with transaction.atomic():
        bulk = loader.history()
    live = dialogues = 0
    if actor is not None:
        from neuguong.demo import reception_services

        with transaction.atomic():
            live = reception_services.live(loader, actor)
            dialogues = reception_services.dialogues(loader, actor)
    if stdout is not None:
        stdout.write(
            f"  Reception: {bulk + live} reception days ({live} through the services), "
            f"{dialogues} dialogues, in {time.monotonic() - started:.1f} s"
        )
