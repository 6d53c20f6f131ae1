"""A small benchmark harness for `neuguong bench`.

Each benchmark measures an operation AND the physical limit it should be compared with, in the same run on the
same machine (a bare Django view on the same stack, one raw SQL statement on the same database), and reports the
ratio beside the absolute figures. Speed is never asserted in tests: these machines are shared and noisy.

Apps register benchmarks in a `benchmarks.py` module with the `@benchmark` decorator; the function returns a
`Result`. Every benchmark runs inside a transaction that is rolled back, so it leaves the database as it was.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

REGISTRY: dict[str, Callable[[], Result]] = {}


@dataclass
class Result:
    name: str
    per_op_ms: float  # the operation, milliseconds per operation (best of the repeats)
    baseline: str  # what the physical limit is
    baseline_ms: float  # the limit, milliseconds per operation
    ops: int  # operations per repeat
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.per_op_ms / self.baseline_ms if self.baseline_ms else float("inf")


def benchmark(name: str):
    def register(fn):
        REGISTRY[name] = fn
        return fn

    return register


def best_ms(fn: Callable[[], object], ops: int, repeats: int = 3) -> float:
    """Milliseconds per operation: the best of `repeats` runs of `fn`, which performs `ops` operations."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best * 1000 / ops


def p95_ms(fn: Callable[[], object], ops: int) -> float:
    """Milliseconds at the 95th percentile over `ops` calls of `fn`, each timed on its own (after one
    untimed warm-up call): the latency most requests stay under, as a target like "p95 ≤ 100 ms" means."""
    fn()
    times = []
    for _ in range(ops):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    times.sort()
    return times[max(0, math.ceil(0.95 * len(times)) - 1)] * 1000
