import gc
from collections.abc import Callable
from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from neuguong.core.bench import REGISTRY, Result


class _Rollback(Exception):
    def __init__(self, result: Result):
        self.result = result


def _run_rolled_back(benchmark: Callable[[], Result]) -> Result:
    """Run one benchmark inside a transaction that is always rolled back (it leaves no rows)."""
    try:
        with transaction.atomic():
            raise _Rollback(benchmark())
    except _Rollback as rollback:
        return rollback.result


class Command(BaseCommand):
    help = "Run the benchmarks and print a table: each figure beside its physical limit, and the ratio."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", default="", help="Run the benchmarks whose name contains this text"
        )

    def handle(self, *args, only, **options):
        from rich.console import Console
        from rich.table import Table

        autodiscover_modules("benchmarks")
        # As a server worker does once it has loaded the application (neuguong/wsgi.py): what is loaded
        # now stays for the life of the process, so the collector need not walk it on every full pass.
        gc.collect()
        gc.freeze()
        names = [n for n in REGISTRY if only.lower() in n.lower()]
        if not names:
            raise CommandError(f"No benchmark matches {only!r}")
        table = Table(
            title="neuguong bench (ms per operation, best of 3; p95 where the row says so)"
        )
        for col in ("benchmark", "ms/op", "limit", "limit ms/op", "ratio", "ops"):
            table.add_column(
                col, justify="right" if "ms" in col or col in {"ratio", "ops"} else "left"
            )
        for name in names:
            result = _run_rolled_back(REGISTRY[name])
            table.add_row(
                result.name,
                f"{result.per_op_ms:.3f}",
                result.baseline,
                f"{result.baseline_ms:.4f}",
                f"{result.ratio:.2f}×" if result.ratio < 1 else f"{result.ratio:.1f}×",
                str(result.ops),
            )
        # OutputWrapper passes everything else through to the stream it wraps.
        Console(file=cast(IO[str], self.stdout), width=140).print(table)
