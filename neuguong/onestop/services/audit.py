"""The dossier's audit snapshot: a fingerprint of its step rows, beside the registered fields.

The steps have no audit chain of their own (an event per step would cost ~5 more events per
dossier); instead every dossier event carries a fingerprint of them, which `audit verify` recomputes
(core.audit.registry: extra / extra_bulk). The bulk generator (`neuguong seed`) uses the same
functions, so generated chains verify like the services' ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from neuguong.core.audit.hashing import jsonable
from neuguong.onestop.models import Dossier, DossierStep

# The step columns that decide lateness and its attribution.
STEP_FINGERPRINT_FIELDS = (
    "order",
    "agency_id",
    "due_at",
    "started_at",
    "completed_at",
    "result",
    "handed_over_by_id",
    "received_by_id",
)


def _value(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    return jsonable(value)


def step_fingerprint(rows: Iterable[Iterable]) -> str:
    """sha256 of the step rows (values in STEP_FINGERPRINT_FIELDS order, steps in order)."""
    text = json.dumps([list(row) for row in rows], separators=(",", ":"), default=_value)
    return hashlib.sha256(text.encode()).hexdigest()


def audit_snapshot(dossier: Dossier) -> dict:
    """The computed part of a dossier's audit snapshot: {"steps": fingerprint of its step rows}.

    Read from the database inside the action's transaction, after its step writes, so the
    fingerprint is what commits.
    """
    rows = (
        DossierStep.objects.filter(dossier_id=dossier.pk)
        .order_by("order")
        .values_list(*STEP_FINGERPRINT_FIELDS)
        if dossier.pk
        else []
    )
    return {"steps": step_fingerprint(rows)}


def audit_snapshots(pks) -> dict[str, dict]:
    """audit_snapshot() for many dossiers from the database, in one query (for `audit verify`)."""
    ids = sorted({int(pk) for pk in pks})
    if not ids:
        return {}
    qs = DossierStep.objects.order_by("dossier_id", "order")
    if ids[-1] - ids[0] < 4 * len(ids):  # a dense chunk: a range scan beats a long IN list
        qs = qs.filter(dossier_id__gte=ids[0], dossier_id__lte=ids[-1])
    else:
        qs = qs.filter(dossier_id__in=ids)
    rows: dict[int, list] = {pk: [] for pk in ids}
    for dossier_id, *values in qs.values_list("dossier_id", *STEP_FINGERPRINT_FIELDS):
        if dossier_id in rows:
            rows[dossier_id].append(values)
    return {str(pk): {"steps": step_fingerprint(values)} for pk, values in rows.items()}
