"""A per-process memo of a small configuration table (rules, calendar days), dropped when the table changes.

Why not Django's cache framework: the demo calls `rule()` and the clock hundreds of thousands of times, and a
plain attribute read is what keeps that under a second. Three ways the memo is dropped:
- `clear()`, called by the post_save / post_delete receivers of the table;
- a change made inside a transaction may still be rolled back (every test rolls back): the memo remembers the
  outermost atomic block the change was made in, and reloads once that block is gone (committed or not);
- `ttl` seconds after loading, so an admin edit made by another process is seen within that time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")


class ProcessMemo(Generic[T]):
    def __init__(self, loader: Callable[[], T], *, ttl: float = 60.0):
        self._loader = loader
        self._ttl = ttl
        self._value: T | None = None
        self._loaded_at = 0.0
        self._tainted_by = None  # the outermost Atomic in force when the table last changed

    def get(self) -> T:
        value = self._value
        if value is not None:
            if self._tainted_by is not None and not self._still_in_tainting_transaction():
                self._tainted_by = None
            elif time.monotonic() - self._loaded_at < self._ttl:
                return value
        value = self._loader()
        self._value = value
        self._loaded_at = time.monotonic()
        return value

    def clear(self) -> None:
        """Forget the memo; call it whenever the underlying table changes."""
        self._value = None
        connection = connections[DEFAULT_DB_ALIAS]
        blocks = getattr(connection, "atomic_blocks", None)
        self._tainted_by = blocks[0] if connection.in_atomic_block and blocks else None

    def _still_in_tainting_transaction(self) -> bool:
        connection = connections[DEFAULT_DB_ALIAS]
        blocks = getattr(connection, "atomic_blocks", None)
        return bool(connection.in_atomic_block and blocks and blocks[0] is self._tainted_by)
