"""The random life of the dossiers of one day, deterministic for a seed and a day.

The shape of the data (as the demo has always had it):
- channels: about 58% at a desk, 37% online (procedures that allow it), 5% by post;
- about 12% of dossiers get a supplement request, a tenth of those a second one (late by rule);
- about 1.2% are refused at intake or withdrawn, a few are stopped;
- late dossiers concentrate in three slow agencies: two commune People's Committees and the land
  registration office; about half of those get an apology letter, most signed by the head at fault;
- about a third of returned dossiers are rated;
- the dossiers of the last weeks are still in progress (their next event lies after `now`).

Each dossier then gets its indicators' facts as it stands at `now` (seed/facts.py).

Every date comes from `services.deadlines` through `DossierSim`; this module only decides what
happens and when.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from neuguong.core.roles import Role
from neuguong.demo import names
from neuguong.onestop.constants import ActorKind, Channel, DossierState, RatingValue
from neuguong.onestop.seed import facts
from neuguong.onestop.seed.dossier import DossierSim
from neuguong.onestop.services import deadlines
from neuguong.org.constants import UnitLevel

SUPPLEMENT_REASONS = [
    "Thiếu bản sao giấy tờ tùy thân có chứng thực",
    "Tờ khai chưa ghi đủ thông tin, đề nghị bổ sung",
    "Thiếu giấy tờ chứng minh nơi cư trú",
    "Bản vẽ sơ đồ thửa đất chưa đúng hiện trạng",
    "Thiếu chữ ký của người có liên quan",
]
APOLOGY_REASON = "Hồ sơ cần xác minh thêm, khối lượng hồ sơ tăng đột biến"
REFUSE_REASON = "Hồ sơ không thuộc thẩm quyền giải quyết"
WITHDRAW_REASON = "Công dân xin rút hồ sơ"
STOP_REASON = "Có tranh chấp, dừng xử lý"
OFFICE_MINUTES = [(7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60 + 30)]
FEES = [120000, 350000, 800000, 1500000, 4200000]
RATING_REASONS = {
    RatingValue.SATISFIED: ["on_time", "helpful_staff"],
    RatingValue.ACCEPTABLE: ["clear_guidance"],
}


def _hours(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


class DayStory:
    """The dossiers first submitted or received on `day`, in the order of their codes."""

    def __init__(self, world, *, seed: int, day: dt.date, now: dt.datetime, commune_weights):
        self.world = world
        self.day = day
        self.now = now
        self.rng = random.Random(f"{seed}:{day.isoformat()}")
        self.commune_weights = commune_weights
        self.zone = timezone.get_current_timezone()

    def dossiers(self, count: int, ids, numbers: dict[int, int]):
        """Yield `count` DossierSims, their lives played up to `now`. `numbers` is the last number
        issued per desk that day (DailySequence), updated as codes are issued."""
        world, rng = self.world, self.rng
        intakes = []
        for _ in range(count):
            proc = rng.choices(world.procedures, world.weights)[0]
            home = rng.choices(world.communes, self.commune_weights)[0]
            if proc.level == UnitLevel.COMMUNE:
                # Phi địa giới: a few people file at the desk of the commune where they work.
                unit = rng.choice(world.communes) if rng.random() < 0.06 else home
                desk = world.desks[unit.pk]
            else:
                desk = world.centre
            roll = rng.random()
            if proc.online and roll < 0.62:
                channel, at = Channel.ONLINE, self._online_moment()
            elif roll > 0.93 and proc.postal:
                channel, at = Channel.POSTAL, self._moment()
            else:
                channel, at = Channel.IN_PERSON, self._moment()
            intakes.append((at, proc, desk, channel, self._applicant(home)))
        # Codes are issued in the order the dossiers arrive, per desk (gapless, as at the desks).
        intakes.sort(key=lambda intake: intake[0])
        stamp = self.day.strftime("%y%m%d")
        for at, proc, desk, channel, applicant in intakes:
            number = numbers[desk] = numbers.get(desk, 0) + 1
            sim = DossierSim(
                ids,
                code=f"{world.identifiers[desk]}-{stamp}-{number:04d}",
                proc=proc,
                desk=desk,
                handling=world.handling_agency(proc, desk),
                police=world.police,
                applicant=applicant,
                channel=channel,
                at=at,
            )
            self._live(sim, at)
            facts.stamp(sim, world)
            yield sim

    # ---- random material ------------------------------------------------------------------------

    def _moment(self) -> dt.datetime:
        start, end = self.rng.choice(OFFICE_MINUTES)
        minute = self.rng.randrange(start, end - 10)
        return self._at(minute)

    def _online_moment(self) -> dt.datetime:
        return self._at(self.rng.randrange(6 * 60, 23 * 60))

    def _at(self, minute: int) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(minute // 60, minute % 60), tzinfo=self.zone)

    def _applicant(self, unit) -> dict:
        rng = self.rng
        year = rng.randint(1950, 2006)
        century = (0 if year < 2000 else 2) + rng.randint(0, 1)  # gender and century digit
        if rng.random() < 0.5:
            name = f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE_M)} {rng.choice(names.GIVEN_M)}"
        else:
            name = f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE_F)} {rng.choice(names.GIVEN_F)}"
        place = "Tổ dân phố" if unit.ward else "Bản"
        return {
            "name": name,
            "id_number": f"011{century}{year % 100:02d}{rng.randrange(10**6):06d}",
            "phone": rng.choice(["09", "03", "08"]) + f"{rng.randrange(10**8):08d}",
            "address": f"{place} {rng.randint(1, 15)}, {unit.name}",
            "unit_id": unit.pk,
        }

    def _factor(self, agency_id: int) -> float:
        """How much of a step's allotted time it really takes."""
        if agency_id in self.world.slow:
            return self.rng.lognormvariate(-0.15, 0.45)  # late about a third of the time
        return self.rng.lognormvariate(-0.9, 0.4)  # almost always early

    def _worker(self, agency_id: int):
        world = self.world
        return world.actor(agency_id, Role.SPECIALIST) or world.actor(agency_id, Role.RECEPTION)

    # ---- one dossier's life ---------------------------------------------------------------------

    def _live(self, d: DossierSim, t: dt.datetime) -> None:
        rng, now = self.rng, self.now
        reception = self.world.actor(d.receiving_agency_id, Role.RECEPTION)
        if d.channel == Channel.ONLINE:
            d.submit_online(t)
            t = deadlines.add_hours(t, _hours(rng.uniform(0.2, 6)))
            if t > now:
                return
            if rng.random() < 0.02:
                d.refuse(reception, REFUSE_REASON, t)
                return
            d.accept(reception, t)
        else:
            d.receive(reception, t)
        t = deadlines.add_hours(t, _hours(rng.uniform(0.05, 0.4)))
        if t > now:
            return
        d.start(reception, t)
        if not self._process(d, t):
            return
        # Applicants collect the result once notified, mostly by the appointment; a few come late.
        assert d.processing_ended_at is not None  # done: processing has ended
        assert d.appointment_at is not None
        t = d.processing_ended_at
        if rng.random() < 0.04:
            t = deadlines.add_hours(max(t, d.appointment_at), rng.choice([2, 8, 24]))
        elif t < d.appointment_at:
            room = float(deadlines.hours_between(t, d.appointment_at))
            t = deadlines.add_hours(t, _hours(rng.uniform(0.1, 1.0) * room))
        else:
            t = deadlines.add_hours(t, _hours(rng.uniform(0.1, 0.5)))
        if t > now:
            return
        d.return_result(reception, t)
        if rng.random() < 0.33:
            self._rate(d, t)

    def _process(self, d: DossierSim, t: dt.datetime) -> bool:
        """Run the steps after the desk's hand-over; False when the story stops (future or ended)."""
        rng, now, world = self.rng, self.now, self.world
        assert d.appointment_at is not None  # accepted: it has its appointment
        supplemented = 0
        for step in d.pending():
            if step.actor_kind == ActorKind.RETURN:
                break
            role = Role.HEAD if step.actor_kind == ActorKind.SIGN else Role.SPECIALIST
            actor = world.actor(step.agency_id, role) or self._worker(step.agency_id)
            worker = self._worker(step.agency_id) or actor
            hours = float(step.hours) * self._factor(step.agency_id)
            if step.actor_kind == ActorKind.PROCESS and not supplemented and rng.random() < 0.12:
                ts = deadlines.add_hours(t, _hours(hours * 0.3))
                for _round in range(2):
                    if ts > now:
                        return False
                    d.request_supplement(worker, rng.choice(SUPPLEMENT_REASONS), ts)
                    supplemented += 1
                    tr = deadlines.add_hours(ts, rng.choice([4, 8, 16, 24, 40, 80]))
                    if tr > now:
                        return False
                    if rng.random() < 0.04:
                        d.withdraw(worker, WITHDRAW_REASON, tr)
                        return False
                    d.receive_supplement(worker, tr)
                    t = tr
                    if rng.random() > 0.1:
                        break
                    ts = deadlines.add_hours(tr, 4)
                hours *= 0.7
            if world.tax is not None and step.agency_id == world.tax:
                tp = deadlines.add_hours(t, _hours(hours * 0.5))
                if tp > now:
                    return False
                d.request_payment(worker, Decimal(rng.choice(FEES)), tp)
                t = deadlines.add_hours(tp, rng.choice([2, 8, 16]))
                if t > now:
                    return False
                d.confirm_payment(worker, t)
            end = deadlines.add_hours(t, _hours(hours))
            if rng.random() < 0.002:
                d.stop(worker, STOP_REASON, t)
                return False
            if end > d.appointment_at and not d.rescheduled and rng.random() < 0.55:
                self._apologise(d, t, min(end, now))
            if end > now:
                return False
            d.complete_step(actor, end)
            t = end
        return d.state == DossierState.DONE

    def _apologise(self, d: DossierSim, t: dt.datetime, end: dt.datetime) -> None:
        """The step will overrun the appointment: draft the apology once the appointment has passed
        (the system can name the step at fault), and have that agency's head sign it."""
        assert d.appointment_at is not None  # accepted: it has its appointment
        ta = max(deadlines.add_hours(d.appointment_at, "0.5"), deadlines.add_hours(t, "0.25"))
        if ta >= end:
            return
        step = d.current_step
        drafter = self._worker(step.agency_id if step else d.handling_agency_id)
        if not d.draft_apology(drafter, APOLOGY_REASON, ta):
            return
        ts = deadlines.add_hours(ta, self.rng.choice([1, 2, 4]))
        assert d.apology is not None  # just drafted
        head = self.world.staff.get((d.apology.agency_id, Role.HEAD))
        if ts >= end or head is None or self.rng.random() < 0.15:
            return  # drafted, the head has not signed yet
        d.sign_apology(head, ts)

    def _rate(self, d: DossierSim, t: dt.datetime) -> None:
        late = d.is_late
        roll = self.rng.random()
        if late:
            value = (
                RatingValue.DISSATISFIED
                if roll < 0.35
                else RatingValue.ACCEPTABLE
                if roll < 0.7
                else RatingValue.SATISFIED
            )
        else:
            value = (
                RatingValue.SATISFIED
                if roll < 0.86
                else RatingValue.ACCEPTABLE
                if roll < 0.97
                else RatingValue.DISSATISFIED
            )
        if value == RatingValue.DISSATISFIED:
            reasons = ["late"] if late else ["repeat_visits"]
        else:
            reasons = RATING_REASONS[value]
        at = t + dt.timedelta(minutes=self.rng.randint(10, 60 * 48))
        d.rate(value, list(reasons), min(at, self.now))
