"""The exact bytes that are hashed. docs/audit-and-outbox.md restates this for outside verifiers.

Event hash, version 1 = sha256 of the canonical JSON (keys sorted, no spaces, UTF-8, non-ASCII kept) of:
    {"v": 1, "model": "<app_label>.<model>", "object_id": "<pk as text>", "seq": n,
     "actor_id": int|null, "actor_label": str, "action": str, "data": {...}, "state": {...},
     "created_at": "YYYY-MM-DDTHH:MM:SS.ffffff+00:00", "prev_hash": "<64 hex>" or ""}

Each event stores the version of the rule that hashed it (`AuditEvent.hash_version`), and verify
picks the rule by that version, so that the format can evolve without breaking old chains.

`log_action`, the bulk `ChainWriter` and `audit verify` all hash through `event_digest`, which
writes the canonical text of the whole event from the canonical texts of `data` and `state`: those
are serialised once and the same text is stored, so a bulk writer pays one json encoding per
part, not two.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import hmac
import json
import uuid
from typing import Any

# The event rule new events are hashed with; `EVENT_RULES` keeps every rule verify still checks.
HASH_VERSION = 1

# One encoder, built once: json.dumps with these options would build one per call. It is the C
# encoder (json.encoder.c_make_encoder) as long as `indent` is None.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
dumps = _ENCODER.encode
_quote = json.encoder.encode_basestring  # the C string quoter, as the encoder uses it


class CanonicalJSONEncoder(json.JSONEncoder):
    """The canonical options whatever the caller passes (JSONField calls json.dumps(cls=...))."""

    def __init__(self, **kwargs):
        kwargs.update(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        super().__init__(**kwargs)


_PLAIN = frozenset({str, int, bool, float, type(None)})


def jsonable(value: Any) -> Any:
    """Normalise a value to plain JSON so that what is stored is exactly what was hashed.

    Aware datetimes become UTC ISO strings with microseconds; dates ISO; Decimal and UUID strings;
    model instances their pk; tuples and sets lists (sets sorted).
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        # The common case, a flat dict already plain (a snapshot, a generator's state): one scan.
        for k, v in value.items():
            if type(k) is not str or type(v) not in _PLAIN:
                break
        else:
            return value.copy()
        return {str(k): jsonable(v) for k, v in value.items()}
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


def json_text(value: Any) -> str:
    """dumps(jsonable(value)): the canonical text of a value, as stored and hashed."""
    if type(value) is dict:
        for k, v in value.items():
            if type(k) is not str or type(v) not in _PLAIN:
                break
        else:
            return dumps(value)
    return dumps(jsonable(value))


def canonical(payload: Any) -> bytes:
    return dumps(payload).encode()


def timestamp(moment: dt.datetime) -> str:
    if moment.tzinfo is not dt.UTC:
        moment = moment.astimezone(dt.UTC)
    return moment.isoformat(timespec="microseconds")


def _event_text_v1(
    model: str,
    object_id: str,
    seq: int,
    actor_id: int | None,
    actor_label: str,
    action: str,
    data_json: str,
    state_json: str,
    stamp: str,
    prev_hash: str,
) -> str:
    # The canonical JSON of the version 1 payload, written out in sorted key order; identical to
    # dumps() of the whole dict (a test holds the two together).
    if actor_id is None:
        actor = "null"
    else:
        actor = str(actor_id) if type(actor_id) is int else dumps(actor_id)
    return (
        f'{{"action":{_quote(action)},"actor_id":{actor},"actor_label":{_quote(actor_label)},'
        f'"created_at":{_quote(stamp)},"data":{data_json},"model":{_quote(model)},'
        f'"object_id":{_quote(object_id)},"prev_hash":{_quote(prev_hash)},"seq":{seq:d},'
        f'"state":{state_json},"v":1}}'
    )


# version -> the function that writes the canonical text of an event hashed under that version.
EVENT_RULES = {1: _event_text_v1}


def event_digest(
    version: int,
    model: str,
    object_id: str,
    seq: int,
    actor_id: int | None,
    actor_label: str,
    action: str,
    data_json: str,
    state_json: str,
    stamp: str,
    prev_hash: str,
) -> str:
    """The hash of one event from its parts, `data_json`/`state_json` being `dumps()` texts and
    `stamp` the `timestamp()` text. Raises KeyError for an unknown version."""
    text = EVENT_RULES[version](
        model,
        object_id,
        seq,
        actor_id,
        actor_label,
        action,
        data_json,
        state_json,
        stamp,
        prev_hash,
    )
    return hashlib.sha256(text.encode()).hexdigest()


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
    version: int = HASH_VERSION,
) -> str:
    """The hash of one event from its stored values (`data` and `state` already `jsonable`)."""
    return event_digest(
        version,
        model,
        object_id,
        seq,
        actor_id,
        actor_label,
        action,
        dumps(data),
        dumps(state),
        timestamp(created_at),
        prev_hash,
    )


# ---- personal data --------------------------------------------------------------------------------


def personal_hash(value: Any, key: bytes) -> str:
    """hmac-sha256(key, canonical JSON of the jsonable value), lowercase hex: what a snapshot stores
    instead of a personal value, so that the value itself never enters the immutable log."""
    return _personal_hash(dumps(jsonable(value)), key)


@functools.lru_cache(maxsize=8192)
def _personal_hash(text: str, key: bytes) -> str:
    # Cached: a record's personal fields ride unchanged on each of its events.
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


# ---- digests --------------------------------------------------------------------------------------


def head_line(chain_key: str, seq: int, hash_: str) -> bytes:
    return f"{chain_key}\t{seq}\t{hash_}\n".encode()


def root_hash(heads: list[tuple[str, int, str]]) -> str:
    """Digest version 1: sha256 over "<chain key>\\t<seq>\\t<hash>\\n" lines, sorted by chain key."""
    h = hashlib.sha256()
    for key, seq, hash_ in sorted(heads):
        h.update(head_line(key, seq, hash_))
    return h.hexdigest()


def digest_hash(*, day: dt.date, root: str, chains: int, events: int, prev_hash: str) -> str:
    """Digest version 1: the hash of a digest row over every chain head."""
    payload = {
        "v": 1,
        "day": day.isoformat(),
        "root_hash": root,
        "chains": chains,
        "events": events,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical(payload)).hexdigest()


# Digest version 2 (incremental, in the way of Certificate Transparency): a digest covers the
# events created after the previous digest's day, up to the end of its own day.
DIGEST_VERSION = 2


def events_line(hash_: str) -> bytes:
    return f"{hash_}\n".encode()


def digest_hash_v2(
    *, day: dt.date, events_hash: str, chains: int, events: int, prev_hash: str
) -> str:
    """Digest version 2: `events_hash` is sha256 over "<event hash>\\n" lines of the window's
    events ordered by (created_at, hash); `chains` the chains that started in it (seq 1)."""
    payload = {
        "v": 2,
        "day": day.isoformat(),
        "root_hash": events_hash,
        "chains": chains,
        "events": events,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical(payload)).hexdigest()


def digest_row_hash(
    version: int, *, day: dt.date, root: str, chains: int, events: int, prev_hash: str
) -> str:
    """The hash of a stored digest row under its own version. Raises KeyError for an unknown one."""
    rule = {1: digest_hash, 2: _digest_v2_from_row}[version]
    return rule(day=day, root=root, chains=chains, events=events, prev_hash=prev_hash)


def _digest_v2_from_row(*, day, root, chains, events, prev_hash):
    return digest_hash_v2(
        day=day, events_hash=root, chains=chains, events=events, prev_hash=prev_hash
    )
