"""`neuguong seed`: generate history in batches, write them, publish the past days' digests.

Each batch is generated, turned into rows and hashed into its audit chains first, outside any
transaction; then everything is written in one short transaction. With `workers` > 0 the batches
are shared out to that many forked processes, each generating one batch while another writes
(SQLite takes one writer at a time; the generating is the larger part of the work). A worker dies
with the command (Ctrl+C, SIGKILL): its open transaction rolls back and no half-written dossier
stays behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import time
import traceback
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from neuguong.core.audit.bulk import ChainWriter
from neuguong.core.audit.bulk import write_batch as write_chains
from neuguong.onestop.seed.plan import AlreadyDone, make_plan
from neuguong.onestop.seed.rows import clear_memos
from neuguong.onestop.seed.story import DayStory
from neuguong.onestop.seed.writer import (
    DOSSIER_LABEL,
    BatchWriter,
    Sequence,
    analyze,
    publish_digests,
    reset_sequences,
    tuned_for_load,
)

BATCH = 2000  # dossiers per transaction (whole days: a busy day is one batch)
PARALLEL_FROM = 5000  # below this, forking workers costs more than it saves


@dataclass
class Report:
    dossiers: int = 0
    rows: int = 0
    seconds: float = 0.0
    digests: int = 0
    workers: int = 0

    @property
    def rate(self) -> float:
        return self.dossiers / self.seconds if self.seconds else 0.0


def prepare(stdout=None):
    """The demo province and catalogue (idempotent), then the world the generator reads."""
    from neuguong.demo.province import load_province
    from neuguong.onestop.catalogue import load_demo_catalogue
    from neuguong.onestop.seed.world import load_world

    load_province(stdout=stdout)
    procedures = load_demo_catalogue(stdout=stdout)
    return load_world(procedures)


def day_stories(world, plan, days, ids):
    """Per day: (day, its DossierSims as they are generated, the day's sequences once done)."""
    for day, count in days:
        story = DayStory(
            world, seed=plan.seed, day=day, now=plan.now, commune_weights=plan.commune_weights
        )
        numbers: dict[int, int] = {}
        yield (
            story.dossiers(count, ids, numbers),
            (
                lambda day=day, numbers=numbers: [
                    Sequence(desk, day, last) for desk, last in sorted(numbers.items())
                ]
            ),
        )


def generate(world, plan, days, ids):
    """The DossierSims of some whole days and their daily sequences (no database access)."""
    sims, sequences = [], []
    for dossiers, day_sequences in day_stories(world, plan, days, ids):
        sims.extend(dossiers)
        sequences.extend(day_sequences())
    return sims, sequences


class Chains:
    """The audit chains of new dossiers, hashed as they come (ChainWriter with a sink): a
    dossier's snapshots can be dropped as soon as its events are appended."""

    EVERY = 5000  # events hashed at a time

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        events: list[tuple] = []
        heads: list[tuple] = []
        self.events, self.heads = events, heads

        def take(built_events, built_heads):  # not a bound method: no reference cycle
            events.extend(built_events)
            heads.extend(built_heads)

        self.writer = ChainWriter(using=using, batch=self.EVERY, assume_new=True, sink=take)

    def add(self, d) -> None:
        append = self.writer.append
        for action, actor, data, state, at in d.events:
            append(DOSSIER_LABEL, d.id, action, actor=actor, data=data, state=state, created_at=at)
        self.writer.finish(DOSSIER_LABEL, d.id)

    def close(self) -> tuple[list, list]:
        """The event rows and one head row per chain (a chain hashed across two flushes has a
        head row from each: the last one stands)."""
        self.writer.flush()
        heads = {(head[0], head[1]): head for head in self.heads}
        return self.events, list(heads.values())


def hash_chains(sims, using: str = DEFAULT_DB_ALIAS) -> tuple[list, list]:
    """The audit event rows and chain heads of some new dossiers."""
    chains = Chains(using)
    for d in sims:
        chains.add(d)
    return chains.close()


def write_one(world, plan, batch, writer: BatchWriter) -> tuple[int, int]:
    """Generate, hash and write one batch. Returns (dossiers, rows).

    Streamed dossier by dossier: each one's rows and hashed events are kept, its objects dropped,
    so memory holds a batch of rows, not a batch of dossiers' lives."""
    with _collected_after():
        return _write_one(world, plan, batch, writer)


def _write_one(world, plan, batch, writer: BatchWriter) -> tuple[int, int]:
    clear_memos()
    rows, chains, count = writer.empty(), Chains(writer.using), 0
    for dossiers, day_sequences in day_stories(world, plan, batch.days, batch.ids()):
        for d in dossiers:
            writer.add(rows, d)
            chains.add(d)
            d.release()
            count += 1
        writer.add_sequences(rows, day_sequences())
    events, heads = chains.close()
    with transaction.atomic(using=writer.using):
        written = writer.write(rows)
        write_chains(events, heads, writer.using)
    return count, written + len(events) + len(heads)


@contextlib.contextmanager
def _collected_after():
    """No cyclic garbage collection while a batch is built (its ~300,000 new objects would make
    the collector scan them again and again: a third of the generating time), one collection
    of them once it is written, so memory stays bounded by a batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)


def seed(
    *,
    dossiers: int,
    years: float = 1,
    seed: int = 1,
    stdout=None,
    batch: int = BATCH,
    workers: int | None = None,
    now=None,
    world=None,
) -> Report:
    """Write `dossiers` dossiers of history over the `years` ending yesterday (docs/seed.md),
    with their facts for the indicators, then publish the digests of the past days and ANALYZE.
    Continues an interrupted run.

    Raises AlreadyDone when the database holds that many already (the digests are still brought
    up to date), DomainError when it cannot take this history."""
    started = time.monotonic()
    world = world or prepare(stdout)
    now = now or timezone.now()
    report = Report()
    try:
        plan = make_plan(world, dossiers=dossiers, years=years, seed=seed, now=now)
    except AlreadyDone:
        publish_digests(now)
        raise
    batches = plan.batches(batch, world.max_steps())
    if workers is None:
        workers = os.cpu_count() or 1 if plan.total >= PARALLEL_FROM else 0
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        workers = 0  # forked processes would not see the caller's uncommitted rows
    report.workers = workers
    with _progress(stdout, plan.total) as bar:
        if workers:
            report.dossiers, report.rows = _in_workers(world, plan, batches, workers, bar)
        else:
            writer = BatchWriter()
            with _quiet_queries(), tuned_for_load():
                for b in batches:
                    count, rows = write_one(world, plan, b, writer)
                    report.dossiers += count
                    report.rows += rows
                    bar.advance(count)
    reset_sequences()
    report.digests = publish_digests(now)
    analyze()
    report.seconds = time.monotonic() - started
    return report


# ---- worker processes -----------------------------------------------------------------------


def _in_workers(world, plan, batches, workers: int, bar) -> tuple[int, int]:
    context = multiprocessing.get_context("fork")
    tasks, results = context.Queue(), context.Queue()
    for b in batches:
        tasks.put(b.index)
    for _ in range(workers):
        tasks.put(None)
    connections.close_all()  # each process opens its own connection
    processes = [
        context.Process(target=_work, args=(world, plan, batches, tasks, results), daemon=True)
        for _ in range(workers)
    ]
    for p in processes:
        p.start()
    dossiers = rows = finished = 0
    try:
        while finished < len(batches):
            message = results.get()
            if message[0] == "error":
                raise RuntimeError(f"a seed worker failed:\n{message[1]}")
            finished += 1
            dossiers += message[1]
            rows += message[2]
            bar.advance(message[1])
        for p in processes:
            p.join()
    finally:
        for p in processes:
            if p.is_alive():
                p.terminate()  # its open transaction, if any, rolls back
        for p in processes:
            p.join()
    return dossiers, rows


def _work(world, plan, batches, tasks, results) -> None:
    _die_with_parent()
    try:
        writer = BatchWriter()
        with _quiet_queries(), tuned_for_load():
            while (index := tasks.get()) is not None:
                count, rows = write_one(world, plan, batches[index], writer)
                results.put(("done", count, rows))
    except KeyboardInterrupt:
        os._exit(1)
    except BaseException:
        results.put(("error", traceback.format_exc()))
        os._exit(1)
    finally:
        connections.close_all()


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the command dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        os._exit(1)  # the parent died before the line above


# ---- around the load --------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_queries(using: str = DEFAULT_DB_ALIAS):
    """Under DEBUG (the demo runs with it) Django keeps every statement in memory: not here."""
    conn = connections[using]
    # The stubs type the two cursor factories apart and forbid assigning a method; replacing the
    # instance's factory is the point here.
    conn.make_debug_cursor = conn.make_cursor  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        del conn.make_debug_cursor


class _NoBar:
    def advance(self, n: int) -> None:
        pass


@contextlib.contextmanager
def _progress(stdout, total: int):
    """A rich progress bar with the rate, or nothing when there is nowhere to draw it."""
    if stdout is None or total == 0:
        yield _NoBar()
        return
    from neuguong.onestop.seed.progress import make_progress

    bar = make_progress(stdout)
    with bar:
        task = bar.add_task("Hồ sơ / dossiers", total=total)

        class _Bar:
            def advance(self, n: int) -> None:
                bar.advance(task, n)

        yield _Bar()
