"""Twelve months of demo dossiers for Điện Biên, generated through the real services.

Every dossier is replayed through `neuguong.onestop.services` with explicit `at=` moments in office
hours, so its transitions, process control slip (hand-overs and their results), audit chain and
notifications are the ones the live system would have written. Nothing is inserted behind the
services' back; the only shortcut is batching dossiers in one transaction (fewer commits on SQLite).

The shape of the data, all deterministic for a given seed:
- channels: about 55% at a desk, 40% online (procedures that allow it), 5% by post;
- about 12% of dossiers get a supplement request, a tenth of those a second one (late by rule);
- about 1.5% are refused at intake or withdrawn, a few are stopped;
- late dossiers concentrate in three slow agencies: two commune People's Committees and the land
  registration office; some of those get an apology letter signed by the head at fault;
- about a third of returned dossiers are rated;
- the dossiers of the last weeks are still in progress (their next event lies in the future).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from neuguong.core.roles import Role
from neuguong.onestop.constants import ActorKind, Channel, DossierState, RatingValue
from neuguong.onestop.models import Dossier, Procedure
from neuguong.org.constants import AgencyKind, PositionTitle, UnitLevel
from neuguong.org.models import AdministrativeUnit, Agency, Membership, Person, Term
from neuguong.org.selectors import authority_memo

PROVINCE = "11"
SERVICE_CENTRE = "000.00.01.H18"
LAND_OFFICE = "000.00.21.H18"
TAX = "000.00.22.H18"
# The slow agencies of the story: two commune People's Committees and the land registration office.
SLOW_COMMUNE_PCS = ("000.07.30.H18", "000.23.30.H18")
HOME_WARD = "03127"
BATCH = 500

# Relative weights of the procedures people actually come for (certified copies and civil status
# dominate at commune level); unlisted procedures weigh 1.
PROCEDURE_WEIGHTS = {
    "2.000815": 30,  # chứng thực bản sao
    "1.001193": 12,  # khai sinh
    "2.000884": 8,  # chứng thực chữ ký
    "1.004873": 8,  # xác nhận tình trạng hôn nhân
    "2.000635": 6,  # trích lục hộ tịch
    "1.000894": 5,  # kết hôn
    "1.000656": 3,  # khai tử
    "3.000722": 5,  # liên thông khai sinh - thường trú - BHYT
    "2.002913": 2,  # liên thông khai tử
    "1.012753": 4,  # đất đai lần đầu (liên thông)
    "1.012766": 4,  # biến động đất đai
    "1.012770": 3,  # cấp đổi GCN
    "2.000488": 4,  # lý lịch tư pháp
    "1.002804": 4,  # đổi giấy phép lái xe
    "1.005092": 2,
    "1.001612": 3,
}
SUPPLEMENT_REASONS = [
    "Thiếu bản sao giấy tờ tùy thân có chứng thực",
    "Tờ khai chưa ghi đủ thông tin, đề nghị bổ sung",
    "Thiếu giấy tờ chứng minh nơi cư trú",
    "Bản vẽ sơ đồ thửa đất chưa đúng hiện trạng",
    "Thiếu chữ ký của người có liên quan",
]
APOLOGY_REASON = "Hồ sơ cần xác minh thêm, khối lượng hồ sơ tăng đột biến"
OFFICE_MINUTES = [(7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60 + 30)]


def _clock():
    try:
        from neuguong.core.calendar import clock
    except ImportError:  # pragma: no cover - the calendar app is part of core
        from neuguong.onestop import _clock_fallback as clock
    return clock


class _Staff:
    """Demo staff accounts per agency (reception, specialist, head), linked to the registry's people.

    Unusable passwords: these accounts exist so that hand-overs and signatures name real people;
    nobody logs in with them. The demo accounts of neuguong/demo/accounts.py are reused where they exist.
    """

    def __init__(self):
        self.by_key: dict[tuple[int, str], object] = {}

    def prepare(self, agencies: list[Agency]) -> None:
        from neuguong.org.selectors import head_of
        from neuguong.org.services import person_update

        User = get_user_model()
        existing = {
            (m.agency_id, m.role): m.user
            for m in Membership.objects.filter(
                agency__in=agencies, role__in=(Role.RECEPTION, Role.SPECIALIST, Role.HEAD)
            ).select_related("user")
        }
        clerks: dict[int, list[Person]] = {}
        for term in Term.objects.filter(
            agency__in=agencies, title=PositionTitle.CIVIL_SERVANT
        ).select_related("person"):
            clerks.setdefault(term.agency_id, []).append(term.person)
        plan = []  # (agency, role, person or None)
        for agency in agencies:
            desk = agency.kind in (AgencyKind.ONESTOP_DESK, AgencyKind.SERVICE_CENTRE)
            roles = (Role.RECEPTION,) if desk else (Role.SPECIALIST, Role.HEAD)
            for role in roles:
                if (agency.pk, role) in existing:
                    self.by_key[(agency.pk, role)] = existing[(agency.pk, role)]
                    continue
                if role == Role.HEAD:
                    person = head_of(agency)
                    if person is None:
                        continue
                else:
                    free = [p for p in clerks.get(agency.pk, []) if p.user_id is None]
                    person = free[0] if free else None
                    if person is not None:
                        clerks[agency.pk].remove(person)
                plan.append((agency, role, person))
        unusable = make_password(None)
        new_users = []
        for agency, role, person in plan:
            if person is not None and person.user_id:
                continue
            name = person.full_name if person else f"Cán bộ {agency.name}"[:150]
            new_users.append(
                User(
                    username=f"demo.{agency.identifier_code}.{role}",
                    first_name=name[:150],
                    password=unusable,
                )
            )
        User.objects.bulk_create(new_users, ignore_conflicts=True)
        users = {
            u.username: u for u in User.objects.filter(username__in=[u.username for u in new_users])
        }
        memberships = []
        for agency, role, person in plan:
            if person is not None and person.user_id:
                user = person.user
            else:
                user = users[f"demo.{agency.identifier_code}.{role}"]
                if person is not None:
                    person_update(person, actor="system:demo", user=user)
            memberships.append(Membership(user=user, role=role, agency=agency))
            self.by_key[(agency.pk, role)] = user
        Membership.objects.bulk_create(memberships)
        # Re-read the accounts so that `user.person` (the signer) is loaded once, not per signature.
        pks = {u.pk for u in self.by_key.values()}
        fresh = {u.pk: u for u in User.objects.filter(pk__in=pks).select_related("person")}
        self.by_key = {k: fresh[u.pk] for k, u in self.by_key.items()}

    def get(self, agency_id: int, role: str):
        user = self.by_key.get((agency_id, role))
        if user is None and role == Role.HEAD:
            user = self.by_key.get((agency_id, Role.SPECIALIST))
        return user


class _Generator:
    def __init__(self, *, seed: int, procedures: list[Procedure], now: dt.datetime):
        self.rng = random.Random(seed)
        self.now = now
        self.clock = _clock()
        self.procedures = procedures
        self.weights = [PROCEDURE_WEIGHTS.get(p.code, 1) for p in procedures]
        self.staff = _Staff()
        communes = list(
            AdministrativeUnit.objects.filter(province_code=PROVINCE, level=UnitLevel.COMMUNE)
            .valid_on(timezone.localdate(now))
            .order_by("code")
        )
        agencies = list(Agency.objects.filter(province_code=PROVINCE).select_related("parent"))
        self.by_ident = {a.identifier_code: a for a in agencies}
        desks = {a.unit_id: a for a in agencies if a.kind == AgencyKind.ONESTOP_DESK}
        self.communes = [c for c in communes if c.pk in desks]
        self.desks = desks
        # Bigger communes and wards bring more dossiers; the home ward is the provincial capital.
        self.commune_weights = [
            8.0 if c.code == HOME_WARD else self.rng.lognormvariate(0, 0.6) for c in self.communes
        ]
        self.slow = {
            self.by_ident[i].pk for i in (*SLOW_COMMUNE_PCS, LAND_OFFICE) if i in self.by_ident
        }
        self.tax = self.by_ident.get(TAX)
        self.centre = self.by_ident[SERVICE_CENTRE]
        self.staff.prepare(agencies)
        self.days = self._working_days()
        self.serial = 0

    # ---- random material ------------------------------------------------------------------------

    def _working_days(self) -> list[dt.date]:
        today = timezone.localdate(self.now)
        days = [today - dt.timedelta(days=n) for n in range(365, -1, -1)]
        return [d for d in days if self.clock.is_working_day(d)]

    def _moment(self, day: dt.date) -> dt.datetime:
        start, end = self.rng.choice(OFFICE_MINUTES)
        minute = self.rng.randrange(start, end - 10)
        naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
        return timezone.make_aware(naive)

    def _online_moment(self, day: dt.date) -> dt.datetime:
        minute = self.rng.randrange(6 * 60, 23 * 60)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(minute // 60, minute % 60)))

    def _applicant(self, unit):
        from neuguong.onestop.services import ApplicantData

        self.serial += 1
        rng = self.rng
        year = rng.randint(1950, 2006)
        century = (0 if year < 2000 else 2) + rng.randint(0, 1)  # gender and century digit
        id_number = f"011{century}{year % 100:02d}{self.serial:06d}"[:12]
        phone = rng.choice(["09", "03", "08"]) + f"{rng.randrange(10**8):08d}"
        place = "Tổ dân phố" if unit.unit_type == "phuong" else "Bản"
        return ApplicantData(
            name=self._name(),
            id_number=id_number,
            phone=phone,
            address=f"{place} {rng.randint(1, 15)}, {unit.name}",
            unit=unit,
        )

    def _name(self) -> str:
        """Applicants' names repeat in real life (the demo's NameMaker keeps people unique)."""
        from neuguong.demo import names

        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE_M)} {rng.choice(names.GIVEN_M)}"
        return (
            f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE_F)} {rng.choice(names.GIVEN_F)}"
        )

    def _factor(self, agency_id: int) -> float:
        """How much of a step's allotted time it really takes."""
        if agency_id in self.slow:
            return self.rng.lognormvariate(-0.15, 0.45)  # late about a third of the time
        return self.rng.lognormvariate(-0.9, 0.4)  # almost always early

    # ---- one dossier's life -------------------------------------------------------------------

    def dossier(self) -> bool:
        """Create one dossier and replay its life up to now; False if its intake lies in the future."""
        from neuguong.onestop import services

        rng, clock, now = self.rng, self.clock, self.now
        procedure = rng.choices(self.procedures, self.weights)[0]
        home = rng.choices(self.communes, self.commune_weights)[0]
        if procedure.level == UnitLevel.COMMUNE:
            # Phi địa giới: a few people file at the desk of the commune where they work.
            unit = rng.choice(self.communes) if rng.random() < 0.06 else home
            desk = self.desks[unit.pk]
        else:
            desk = self.centre
        reception = self.staff.get(desk.pk, Role.RECEPTION)
        day = rng.choice(self.days)
        online_ok = 2 in (procedure.channels or []) and procedure.online_level != "none"
        roll = rng.random()
        if online_ok and roll < 0.62:
            channel = Channel.ONLINE
        elif roll > 0.93 and 3 in (procedure.channels or [1, 3]):
            channel = Channel.POSTAL
        else:
            channel = Channel.IN_PERSON
        applicant = self._applicant(home)
        if channel == Channel.ONLINE:
            submitted = self._online_moment(day)
            if submitted > now:
                return False
            d = services.dossier_submit_online(
                procedure=procedure,
                applicant=applicant,
                handling_agency=None,
                receiving_agency=desk,
                at=submitted,
            )
            t = clock.add_working_hours(submitted, Decimal(str(round(rng.uniform(0.2, 6), 2))))
            if t > now:
                return True
            if rng.random() < 0.02:
                services.dossier_refuse(
                    d, actor=reception, reason="Hồ sơ không thuộc thẩm quyền giải quyết", at=t
                )
                return True
            services.dossier_accept(d, actor=reception, at=t)
        else:
            t = self._moment(day)
            if t > now:
                return False
            d = services.dossier_receive(
                actor=reception,
                receiving_agency=desk,
                procedure=procedure,
                applicant=applicant,
                channel=channel,
                at=t,
            )
        t = clock.add_working_hours(t, Decimal(str(round(rng.uniform(0.05, 0.4), 2))))
        if t > now:
            return True
        services.dossier_start(d, actor=reception, at=t)
        if not self._process(d, t):
            return True
        # Applicants collect the result once notified, mostly by the appointment; a few come late.
        t = d.processing_ended_at
        if rng.random() < 0.04:
            t = clock.add_working_hours(max(t, d.appointment_at), Decimal(rng.choice([2, 8, 24])))
        elif t < d.appointment_at:
            room = float(clock.working_hours_between(t, d.appointment_at))
            t = clock.add_working_hours(t, Decimal(str(round(rng.uniform(0.1, 1.0) * room, 2))))
        else:
            t = clock.add_working_hours(t, Decimal(str(round(rng.uniform(0.1, 0.5), 2))))
        if t > now:
            return True
        services.dossier_return(d, actor=reception, at=t)
        if rng.random() < 0.33:
            self._rate(d, t)
        return True

    def _process(self, d: Dossier, t: dt.datetime) -> bool:
        """Run the steps after the desk's hand-over; False when the story stops (future or ended)."""
        from neuguong.onestop import services

        rng, clock, now = self.rng, self.clock, self.now
        steps = services.pending_steps(d)
        supplemented = 0
        for step in steps:
            if step.actor_kind == ActorKind.RETURN:
                break
            role = Role.HEAD if step.actor_kind == ActorKind.SIGN else Role.SPECIALIST
            actor = self.staff.get(step.agency_id, role)
            worker = self.staff.get(step.agency_id, Role.SPECIALIST) or actor
            hours = float(step.hours) * self._factor(step.agency_id)
            if step.actor_kind == ActorKind.PROCESS and not supplemented and rng.random() < 0.12:
                ts = clock.add_working_hours(t, Decimal(str(round(hours * 0.3, 2))))
                for _round in range(2):
                    if ts > now:
                        return False
                    services.dossier_request_supplement(
                        d, actor=worker, reason=rng.choice(SUPPLEMENT_REASONS), at=ts
                    )
                    supplemented += 1
                    tr = clock.add_working_hours(ts, Decimal(rng.choice([4, 8, 16, 24, 40, 80])))
                    if tr > now:
                        return False
                    if rng.random() < 0.04:
                        services.dossier_withdraw(
                            d, actor=worker, reason="Công dân xin rút hồ sơ", at=tr
                        )
                        return False
                    services.dossier_receive_supplement(d, actor=worker, at=tr)
                    t = tr
                    if rng.random() > 0.1:
                        break
                    ts = clock.add_working_hours(tr, Decimal(4))
                hours *= 0.7
            if self.tax is not None and step.agency_id == self.tax.pk:
                tp = clock.add_working_hours(t, Decimal(str(round(hours * 0.5, 2))))
                if tp > now:
                    return False
                amount = Decimal(rng.choice([120000, 350000, 800000, 1500000, 4200000]))
                services.dossier_request_payment(d, actor=worker, amount=amount, at=tp)
                t = clock.add_working_hours(tp, Decimal(rng.choice([2, 8, 16])))
                if t > now:
                    return False
                services.dossier_confirm_payment(d, actor=worker, at=t)
            end = clock.add_working_hours(t, Decimal(str(round(hours, 2))))
            if rng.random() < 0.002:
                services.dossier_stop(d, actor=worker, reason="Có tranh chấp, dừng xử lý", at=t)
                return False
            if end > d.appointment_at and not d.rescheduled and rng.random() < 0.55:
                self._apologise(d, t, min(end, now))
            if end > now:
                return False
            services.dossier_complete_step(d, actor=actor, at=end)
            t = end
        return d.state == DossierState.DONE

    def _apologise(self, d: Dossier, t: dt.datetime, end: dt.datetime) -> bool:
        """The step will overrun the appointment: draft the apology once the appointment has passed
        (the system can name the step at fault), and have that agency's head sign it."""
        from neuguong.core.errors import DomainError
        from neuguong.onestop import services

        ta = max(
            self.clock.add_working_hours(d.appointment_at, Decimal("0.5")),
            self.clock.add_working_hours(t, Decimal("0.25")),
        )
        if ta >= end:
            return False
        step = d.current_step
        drafter = self.staff.get(step.agency_id if step else d.handling_agency_id, Role.SPECIALIST)
        try:
            apology = services.apology_draft(d, actor=drafter, reason=APOLOGY_REASON, at=ta)
        except DomainError:
            return False
        ts = self.clock.add_working_hours(ta, Decimal(self.rng.choice([1, 2, 4])))
        head = self.staff.get(apology.agency_id, Role.HEAD)
        if ts >= end or head is None or self.rng.random() < 0.15:
            return True  # drafted, the head has not signed yet
        services.apology_sign(d, actor=head, at=ts)
        return True

    def _rate(self, d: Dossier, t: dt.datetime) -> None:
        from neuguong.onestop.services_public import dossier_rate

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
        reasons = {
            RatingValue.SATISFIED: ["on_time", "helpful_staff"],
            RatingValue.ACCEPTABLE: ["clear_guidance"],
            RatingValue.DISSATISFIED: ["late"] if late else ["repeat_visits"],
        }[value]
        at = t + dt.timedelta(minutes=self.rng.randint(10, 60 * 48))
        dossier_rate(d, value=value, reasons=reasons, at=min(at, self.now))


def samples() -> list[tuple[str, str]]:
    """Three dossiers worth tracking: an interconnected one returned, a late one with an apology,
    and one still in progress; each with its verification digits (last 4 of the phone)."""
    picks = [
        Dossier.objects.filter(
            procedure__code__in=("1.012753", "3.000722"), state=DossierState.RETURNED
        ).order_by("received_at", "pk"),
        Dossier.objects.filter(rescheduled=True).order_by("received_at", "pk"),
        Dossier.objects.filter(state=DossierState.PROCESSING).order_by("-received_at", "pk"),
    ]
    found = []
    for qs in picks:
        d = qs.exclude(pk__in=[x.pk for x in found]).first()
        if d is not None:
            found.append(d)
    for d in Dossier.objects.order_by("pk")[:3]:
        if len(found) < 3 and d not in found:
            found.append(d)
    return [(d.code, (d.applicant_phone or d.applicant_id_number)[-4:]) for d in found]


def load(*, stdout=None, dossiers: int = 20000, seed: int = 1) -> list[tuple[str, str]]:
    """Generate `dossiers` demo dossiers over the twelve months ending now (idempotent).

    Needs the demo province (neuguong.demo.province.load_province). Loads the demo catalogue first.
    A second run finds dossiers and adds nothing. Returns three sample (code, verification digits).
    """
    from neuguong.onestop.catalogue import load_demo_catalogue

    procedures = load_demo_catalogue(stdout=stdout)
    if Dossier.objects.exists():
        return samples()
    if dossiers <= 0:
        return []
    started = time.monotonic()
    now = timezone.now()
    gen = _Generator(seed=seed, procedures=procedures, now=now)
    progress = _progress(stdout)
    with progress as bar:
        task = bar.add_task("Hồ sơ / dossiers", total=dossiers)
        done = 0
        with _quiet_queries(), _sqlite_page_cache():
            while done < dossiers:
                # One transaction per batch: SQLite syncs once per batch, not once per service call.
                # Nothing here creates or ends a term, so heads are read once per agency (may_sign).
                with transaction.atomic(), authority_memo():
                    batch_end = min(done + BATCH, dossiers)
                    while done < batch_end:
                        done += gen.dossier()
                bar.update(task, completed=done)
    if stdout is not None:
        took = time.monotonic() - started
        stdout.write(
            f"Demo dossiers: {Dossier.objects.count()} in {took:.1f} s ({done / took:.0f}/s).\n"
        )
    return samples()


@contextlib.contextmanager
def _quiet_queries():
    """Under DEBUG (the demo runs with it) Django keeps every SQL statement in memory and formats it;
    a million statements cost minutes and hundreds of MB. Use the plain cursor for the generation."""
    conn = connections[DEFAULT_DB_ALIAS]
    saved = conn.__dict__.get("make_debug_cursor")
    conn.make_debug_cursor = conn.make_cursor
    try:
        yield
    finally:
        if saved is None:
            del conn.make_debug_cursor
        else:
            conn.make_debug_cursor = saved


@contextlib.contextmanager
def _sqlite_page_cache(kib: int = 64 * 1024):
    """SQLite's page cache is 2 MB by default; the demo database grows to ~230 MB, and every index
    lookup that misses the cache re-reads and re-parses pages through the OS. 64 MB for the
    generation: 20,000 dossiers in 183 s instead of 190 s (system time 11 s instead of 15 s)."""
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.vendor != "sqlite":
        yield
        return
    with conn.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        saved = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        with conn.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(saved)}")


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def add_task(self, *args, **kwargs):
        return 0

    def update(self, *args, **kwargs):
        pass


def _progress(stdout):
    if stdout is None:
        return _NoProgress()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(file=getattr(stdout, "_out", stdout))
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
