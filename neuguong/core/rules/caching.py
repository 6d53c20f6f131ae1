"""A per-process memo of a small configuration table (rules, calendar days), dropped when the table changes.

Why not Django's cache framework: the demo calls `rule()` and the clock hundreds of thousands of times, and a
plain attribute read is what keeps that under a second. Three ways the memo is dropped:
- `clear()`, called by the post_save / post_delete receivers of the table;
- a change made inside a transaction may still be rolled back (every test rolls back): the memo remembers the
  atomic blocks the change was made in, and reloads as soon as one of them is gone (committed, released or
  rolled back), so a savepoint rolled back inside a longer transaction is noticed too;
- `ttl` seconds after loading, so an admin edit made by another process is seen within that time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")


class ProcessMemo(Generic[T]):
    def __init__(self, loader: Callable[[], T], *, ttl: float = 60.0):
        self._loader = loader
        self._ttl = ttl
        self._value: T | None = None
        self._loaded_at = 0.0
        # The atomic blocks (outermost first) in force when the table last changed; empty when none.
        self._tainted_by: tuple[Any, ...] = ()

    def get(self) -> T:
        value = self._value
        if value is not None:
            if self._tainted_by:
                alive = self._surviving_blocks()
                if len(alive) < len(self._tainted_by):
                    # A block the change was made in is gone: the change may have been undone. What is
                    # loaded now is still uncommitted in the blocks that survive.
                    self._tainted_by = alive
                    value = None
            if value is not None and time.monotonic() - self._loaded_at < self._ttl:
                return value
        value = self._loader()
        self._value = value
        self._loaded_at = time.monotonic()
        return value

    def clear(self) -> None:
        """Forget the memo; call it whenever the underlying table changes."""
        self._value = None
        connection = connections[DEFAULT_DB_ALIAS]
        blocks = getattr(connection, "atomic_blocks", None) or []
        self._tainted_by = tuple(blocks) if connection.in_atomic_block else ()

    def _surviving_blocks(self) -> tuple[Any, ...]:
        """The longest prefix of the tainting blocks still open (a stack: only its top can go)."""
        connection = connections[DEFAULT_DB_ALIAS]
        blocks = getattr(connection, "atomic_blocks", None) or []
        if not connection.in_atomic_block:
            return ()
        alive = 0
        for tainting, current in zip(self._tainted_by, blocks, strict=False):
            if tainting is not current:
                break
            alive += 1
        return self._tainted_by[:alive]
