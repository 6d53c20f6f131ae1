"""Writing a batch of generated dossiers: every row of every dossier of the batch, its daily
sequences and what the batch adds to the indicators' daily facts (seed/facts.py); seed/run.py adds
the audit chains, in the same transaction.

A dossier, its steps, transitions, pauses, apology, rating and audit events commit together or
not at all, so an interrupted run (Ctrl+C, SIGKILL) never leaves a half-written dossier behind.
Raw statements are fine here: this is a command, not a request path, and the rows are exactly
the ones the services write (seed/dossier.py), built as tuples (seed/rows.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from neuguong.onestop.models import (
    Apology,
    DailySequence,
    Dossier,
    DossierPause,
    DossierStep,
    DossierTransition,
    Rating,
)
from neuguong.onestop.seed.facts import FactTables
from neuguong.onestop.seed.rows import Table, write

DOSSIER_LABEL = Dossier._meta.label_lower
FACTS = "facts"  # the batch's contributions (dicts, summed when written), beside the tables' rows


class Sequence:
    """A DailySequence row as the generator leaves it (the last number issued at a desk that day)."""

    __slots__ = ("agency_id", "day", "last_number")

    def __init__(self, agency_id, day, last_number):
        self.agency_id, self.day, self.last_number = agency_id, day, last_number


class BatchWriter:
    """Writes batches of DossierSims (seed/dossier.py) to the default database."""

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.using = using
        conn = connections[using]
        self.connection = conn
        self.tables = {
            "dossier": Table(Dossier, conn),
            "step": Table(DossierStep, conn),
            "transition": Table(DossierTransition, conn),
            "pause": Table(DossierPause, conn),
            "apology": Table(Apology, conn),
            "rating": Table(Rating, conn),
            "sequence": Table(DailySequence, conn),
        }
        self.facts = FactTables(conn)
        self.rows_written = 0

    def empty(self) -> dict[str, list]:
        return {**{name: [] for name in self.tables}, FACTS: []}

    def add(self, out: dict[str, list], d) -> None:
        """Add one DossierSim's rows and facts to `out` (no database access: a generating process
        does it)."""
        t = self.tables
        out["dossier"].append(t["dossier"].row(d))
        if d.facts:
            out[FACTS].append(d.facts)
        out["step"].extend(t["step"].row(s) for s in d.steps)
        out["transition"].extend(t["transition"].row(r) for r in d.transitions)
        out["pause"].extend(t["pause"].row(p) for p in d.pauses)
        if d.apology is not None:
            out["apology"].append(t["apology"].row(d.apology))
        if d.rating is not None:
            out["rating"].append(t["rating"].row(d.rating))

    def add_sequences(self, out: dict[str, list], sequences) -> None:
        out["sequence"].extend(self.tables["sequence"].row(s) for s in sequences)

    def rows(self, sims, sequences: list[Sequence]) -> dict[str, list]:
        """Some DossierSims' rows and their days' sequences, as tuples per table."""
        out = self.empty()
        for d in sims:
            self.add(out, d)
        self.add_sequences(out, sequences)
        return out

    def write(self, rows: dict[str, list]) -> int:
        """Write the batch's rows, then add its facts to the fact tables, inside the caller's
        transaction. Returns the rows written (fact rows inserted or updated included)."""
        written = 0
        with (
            transaction.atomic(using=self.using, savepoint=False),
            self.connection.cursor() as cursor,
        ):
            for name, batch in rows.items():
                if name != FACTS:
                    write(cursor, self.tables[name], batch)
                    written += len(batch)
            written += self.facts.write(cursor, rows.get(FACTS, []))
        self.rows_written += written
        return written


# ---- the database around a big load -----------------------------------------------------------

# synchronous stays as the settings set it (NORMAL, with WAL: a killed process loses nothing
# committed, a power cut at most the last batches); OFF measured no faster.
SQLITE_LOAD_PRAGMAS = {
    # 64 MB of page cache per connection (the default is 2 MB): the indexes' hot pages stay in
    # memory without making every worker a quarter of a gigabyte bigger.
    "cache_size": str(-64 * 1024),
    "temp_store": "MEMORY",
}


@contextlib.contextmanager
def tuned_for_load(using: str = DEFAULT_DB_ALIAS):
    """SQLite settings for the load, put back as they were afterwards (docs/seed.md)."""
    conn = connections[using]
    if conn.vendor != "sqlite" or conn.in_atomic_block:
        yield  # (inside a transaction SQLite keeps its settings: a test, or a caller's batch)
        return
    saved = {}
    with conn.cursor() as cursor:
        for name, value in SQLITE_LOAD_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name}")
            saved[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with conn.cursor() as cursor:
            for name, value in saved.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")


def reset_sequences(using: str = DEFAULT_DB_ALIAS) -> None:
    """After rows were written with their ids (PostgreSQL keeps a sequence per table)."""
    from django.core.management.color import no_style

    conn = connections[using]
    if conn.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id written
    models = [Dossier, DossierStep, DossierTransition, DossierPause, Apology, Rating]
    with conn.cursor() as cursor:
        for sql in conn.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def analyze(using: str = DEFAULT_DB_ALIAS) -> None:
    """Statistics for the query planner, right after a load: PostgreSQL's planner nested loops
    over millions of rows on the un-ANALYZEd tables of a fresh seed (docs/indicators.md,
    "Measured"), and SQLite's has no statistics at all until ANALYZE."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


def publish_digests(now: dt.datetime) -> int:
    """Publish the audit digest of every past day not published yet (one pass over the events of
    those days). Returns how many were published."""
    from neuguong.core.audit.digests import DIGEST_TZ, digest_publish_through

    return digest_publish_through(now.astimezone(DIGEST_TZ).date() - dt.timedelta(days=1), now=now)
