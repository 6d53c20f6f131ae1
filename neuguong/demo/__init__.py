"""The demo province (Điện Biên). Each part is idempotent: running the demo twice adds nothing."""

from __future__ import annotations

from types import ModuleType


def load_demo(*, stdout=None, dossiers: int = 20000) -> dict:
    """Load every part of the demo in order; returns the accounts and sample dossiers to print."""
    from neuguong.demo.accounts import load_accounts
    from neuguong.demo.feedback import load_feedback
    from neuguong.demo.province import load_province
    from neuguong.demo.reception import load as load_reception

    load_province(stdout=stdout)
    accounts = load_accounts()
    load_reception(stdout=stdout)  # before the one-stop seed publishes the past days' digests
    load_feedback(stdout=stdout)  # a year of feedback; also before the digests are published
    samples: list[tuple[str, str]] = []
    onestop_demo: ModuleType | None
    try:
        from neuguong.onestop import demo as onestop_demo
    except ImportError:  # the one-stop demo is optional while that app is being built
        onestop_demo = None
    if onestop_demo is not None and hasattr(onestop_demo, "load"):
        samples = onestop_demo.load(stdout=stdout, dossiers=dossiers) or []
    return {"accounts": accounts, "samples": samples}
