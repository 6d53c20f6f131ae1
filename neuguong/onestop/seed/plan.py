"""The plan of a seed run: which days, how many dossiers each, in which batches, with which ids.

History is written by whole days, each batch (a few days, or one busy day) in one transaction. A
run that was interrupted (Ctrl+C, SIGKILL) left whole days behind, and the days a run has written
are the ones with daily sequence rows. Running the same command again (same day, same arguments)
writes the days still missing, exactly as an uninterrupted run would have written them: each day's
dossiers come from their own random stream (seed, day), and each day's count from rounding the
running share of the total, so every set of days holds its own share whatever was written before.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.calendar import clock
from neuguong.core.errors import DomainError
from neuguong.onestop.seed.world import HOME_WARD

NOTHING_TO_DO = _(
    "The database already holds %(existing)s dossiers (%(wanted)s asked): nothing to add."
)
DIGESTS_PUBLISHED = _(
    "Audit digests are published up to %(day)s: history written before that day would rewrite "
    "what they sealed. Seed a fresh database instead."
)
NOT_SEEDED = _(
    "The database holds %(existing)s dossiers, not the %(expected)s this seed wrote on the days "
    "it finished: it only continues its own interrupted runs, started the same day with the same "
    "arguments. Seed a fresh database instead."
)


class AlreadyDone(DomainError):
    """Nothing to add: the command reports it and succeeds (a second demo run adds nothing)."""


def first_free_ids() -> dict[str, int]:
    """The first free primary key of the tables whose ids the generator gives itself: the
    dossiers, and the steps that the dossiers' current step and the apologies point at. Every
    other table numbers its rows itself."""
    from neuguong.onestop.models import Dossier, DossierStep

    return {
        kind: (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        for kind, model in (("dossier", Dossier), ("step", DossierStep))
    }


class Ids:
    """Primary keys handed out in order within one batch's block."""

    def __init__(self, start: dict[str, int], limit: dict[str, int] | None = None):
        self._next = dict(start)
        self._limit = dict(limit or {})

    def next(self, kind: str) -> int:
        value = self._next[kind]
        if kind in self._limit and value >= self._limit[kind]:
            raise OverflowError(f"the batch's block of {kind} ids is used up")
        self._next[kind] = value + 1
        return value


@dataclass(frozen=True)
class Batch:
    """Whole days written in one transaction, and the ids they may use: the dossiers exactly
    (their number is known), the steps up to `count × max steps` (ids left unused stay unused)."""

    index: int
    days: tuple[tuple[dt.date, int], ...]
    first: dict
    limit: dict

    @property
    def count(self) -> int:
        return sum(c for _d, c in self.days)

    def ids(self) -> Ids:
        return Ids(self.first, self.limit)


@dataclass
class Plan:
    now: dt.datetime
    seed: int
    wanted: int
    existing: int
    days: list[dt.date] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    commune_weights: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def batches(self, size: int, max_steps: int, first: dict | None = None) -> list[Batch]:
        """Whole days, grouped until a batch holds at least `size` dossiers, each with its id
        block starting from `first` (default: the first free ids of the database)."""
        first = dict(first or first_free_ids())
        batches: list[Batch] = []
        days: list[tuple[dt.date, int]] = []
        held = 0

        def close():
            nonlocal days, held
            start = dict(first)
            limit = {"dossier": first["dossier"] + held, "step": first["step"] + held * max_steps}
            batches.append(Batch(len(batches), tuple(days), start, limit))
            first.update(limit)
            days, held = [], 0

        for day, count in zip(self.days, self.counts, strict=True):
            if count <= 0:
                continue
            days.append((day, count))
            held += count
            if held >= size:
                close()
        if days:
            close()
        return batches


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if clock.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def day_weight(seed: int, day: dt.date) -> float:
    """How busy a day is: Mondays busier, some days quiet, some busy."""
    weight = random.Random(f"{seed}:weight:{day.isoformat()}").lognormvariate(0, 0.25)
    return weight * 1.2 if day.weekday() == 0 else weight


def allocate(total: int, weights: list[float]) -> list[int]:
    """`total` split over the days in proportion to `weights`, by rounding the running sum."""
    whole = sum(weights) or 1.0
    counts, running, given = [], 0.0, 0
    for w in weights:
        running += w
        upto = round(total * running / whole)
        counts.append(upto - given)
        given = upto
    return counts


def make_plan(world, *, dossiers: int, years: float, seed: int, now: dt.datetime | None = None):
    """The days still to write and their counts (see the module docstring).

    Raises AlreadyDone when the database holds `dossiers` already, DomainError when it cannot
    take this history (digests already sealed, or dossiers this plan did not write)."""
    from neuguong.core.audit.models import AuditDigest
    from neuguong.onestop.models import DailySequence, Dossier

    now = now or timezone.now()
    today = timezone.localdate(now)
    start = today - dt.timedelta(days=round(365 * years))
    if world.heads_since and start < world.heads_since:
        start = world.heads_since  # no head held office earlier: nobody could have signed
    days = working_days(start, today - dt.timedelta(days=1))
    rng = random.Random(seed)
    plan = Plan(now=now, seed=seed, wanted=dossiers, existing=Dossier.objects.count())
    plan.commune_weights = [
        8.0 if c.code == HOME_WARD else rng.lognormvariate(0, 0.6) for c in world.communes
    ]
    counts = allocate(dossiers, [day_weight(seed, d) for d in days])
    if plan.existing >= dossiers:
        raise AlreadyDone(NOTHING_TO_DO, existing=plan.existing, wanted=dossiers)
    written = set(
        DailySequence.objects.filter(day__gte=start, day__lt=today)
        .values_list("day", flat=True)
        .distinct()
    )
    expected = sum(c for d, c in zip(days, counts, strict=True) if d in written)
    if plan.existing != expected:
        raise DomainError(
            NOT_SEEDED, code="seed_foreign", existing=plan.existing, expected=expected
        )
    todo = [(d, c) for d, c in zip(days, counts, strict=True) if d not in written and c > 0]
    sealed = AuditDigest.objects.aggregate(m=Max("day"))["m"]
    if sealed is not None and todo and todo[0][0] <= sealed:
        raise DomainError(DIGESTS_PUBLISHED, code="seed_sealed", day=sealed)
    plan.days = [d for d, _c in todo]
    plan.counts = [c for _d, c in todo]
    return plan
