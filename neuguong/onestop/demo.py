"""Twelve months of demo dossiers for Điện Biên: history in bulk, and a few hundred lived through
the real services, so that both paths meet in one database.

- `neuguong seed` (neuguong/onestop/seed/) writes the bulk of the history: the same stories the
  services would make, computed in memory with the services' own deadline, table and audit
  functions, and written in batches (docs/seed.md);
- the last few hundred dossiers (received over the last weeks) are played through
  `neuguong.onestop.services` with explicit `at=` moments, so their rows, audit chains and
  notifications are the live system's own.

The shape of the data is described in seed/story.py. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

import contextlib
import time

from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier

LIVE = 300  # dossiers driven through the real services


def samples() -> list[tuple[str, str]]:
    """Three dossiers worth tracking: an interconnected one returned and not rated yet (so a newcomer
    can try the rating), a late one with an apology, and one still in progress; each with its
    verification digits (last 4 of the phone)."""
    returned_unrated = Dossier.objects.filter(state=DossierState.RETURNED, rating__isnull=True)
    picks = [
        returned_unrated.filter(procedure__code__in=("1.012753", "3.000722")).order_by(
            "received_at", "pk"
        ),
        returned_unrated.order_by("received_at", "pk"),
        Dossier.objects.filter(rescheduled=True).order_by("received_at", "pk"),
        Dossier.objects.filter(state=DossierState.PROCESSING).order_by("-received_at", "pk"),
    ]
    found: list[Dossier] = []
    for i, qs in enumerate(picks):
        if i == 1 and found:
            continue  # the interconnected one is the returned, unrated sample
        d = qs.exclude(pk__in=[x.pk for x in found]).first()
        if d is not None:
            found.append(d)
    for d in Dossier.objects.order_by("pk")[:3]:
        if len(found) < 3 and d not in found:
            found.append(d)
    return [(d.code, (d.applicant_phone or d.applicant_id_number)[-4:]) for d in found]


def sample_note(code: str) -> str:
    """What a printed sample shows a newcomer: its state, and whether it awaits its rating."""
    from neuguong.onestop.services.public import can_rate

    dossier = Dossier.objects.filter(code=code).select_related("procedure").first()
    if dossier is None:
        return ""
    notes = [str(dossier.get_state_display())]
    if dossier.rescheduled:
        notes.append("trễ hẹn, có thư xin lỗi / late, with an apology")
    if can_rate(dossier):
        notes.append("chưa đánh giá, hãy thử / not rated yet: try the rating")
    return " · ".join(notes)


def load(
    *, stdout=None, dossiers: int = 20000, seed: int = 1, live: int | None = None, workers=None
) -> list[tuple[str, str]]:
    """Generate `dossiers` demo dossiers over the twelve months ending now (idempotent): all but
    `live` of them in bulk, then `live` through the services.

    Needs the demo province (neuguong.demo.province.load_province). Loads the demo catalogue
    first. Returns three sample (code, verification digits).
    """
    from neuguong.onestop.catalogue import load_demo_catalogue
    from neuguong.onestop.seed import AlreadyDone
    from neuguong.onestop.seed import seed as bulk_seed
    from neuguong.onestop.seed.replay import drive
    from neuguong.onestop.seed.world import load_world

    procedures = load_demo_catalogue(stdout=stdout)
    if dossiers <= 0:
        return samples()
    live = min(LIVE if live is None else live, dossiers)
    if Dossier.objects.count() >= dossiers:
        return samples()
    started = time.monotonic()
    world = load_world(procedures)
    with contextlib.suppress(AlreadyDone):
        bulk_seed(dossiers=dossiers - live, seed=seed, stdout=stdout, world=world, workers=workers)
    seeded = time.monotonic()
    if Dossier.objects.count() < dossiers and live:
        drive(world, count=live, seed=seed)
    if stdout is not None:
        took = time.monotonic() - started
        stdout.write(
            f"Demo dossiers: {Dossier.objects.count()} in {took:.1f} s "
            f"({dossiers - live} in bulk in {seeded - started:.1f} s, {live} through the services "
            f"in {time.monotonic() - seeded:.1f} s).\n"
        )
    return samples()
