"""The exact bytes that are hashed. docs/audit-and-outbox.md restates this for outside verifiers.

Event hash = sha256 of the canonical JSON (keys sorted, no spaces, UTF-8, non-ASCII kept) of:
    {"v": 1, "model": "<app_label>.<model>", "object_id": "<pk as text>", "seq": n,
     "actor_id": int|null, "actor_label": str, "action": str, "data": {...}, "state": {...},
     "created_at": "YYYY-MM-DDTHH:MM:SS.ffffff+00:00", "prev_hash": "<64 hex>" or ""}
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from typing import Any

HASH_VERSION = 1


def jsonable(value: Any) -> Any:
    """Normalise a value to plain JSON so that what is stored is exactly what was hashed.

    Aware datetimes become UTC ISO strings with microseconds; dates ISO; Decimal and UUID strings;
    model instances their pk; tuples and sets lists (sets sorted).
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return jsonable(value.pk)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return str(value)


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    model: str,
    object_id: str,
    seq: int,
    actor_id: int | None,
    actor_label: str,
    action: str,
    data: dict,
    state: dict,
    created_at: dt.datetime,
    prev_hash: str,
) -> str:
    payload = {
        "v": HASH_VERSION,
        "model": model,
        "object_id": object_id,
        "seq": seq,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "data": data,
        "state": state,
        "created_at": timestamp(created_at),
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical(payload)).hexdigest()


def head_line(chain_key: str, seq: int, hash_: str) -> bytes:
    return f"{chain_key}\t{seq}\t{hash_}\n".encode()


def root_hash(heads: list[tuple[str, int, str]]) -> str:
    """sha256 over "<chain key>\\t<seq>\\t<hash>\\n" lines, sorted by chain key (code points)."""
    h = hashlib.sha256()
    for key, seq, hash_ in sorted(heads):
        h.update(head_line(key, seq, hash_))
    return h.hexdigest()


def digest_hash(*, day: dt.date, root: str, chains: int, events: int, prev_hash: str) -> str:
    payload = {
        "v": HASH_VERSION,
        "day": day.isoformat(),
        "root_hash": root,
        "chains": chains,
        "events": events,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical(payload)).hexdigest()
