"""Public audit API: the daily digests (no authentication)."""

import datetime as dt

from ninja import Router, Schema

from neuguong.core.audit.selectors import digest_list

router = Router(tags=["audit"])


class DigestOut(Schema):
    day: dt.date
    root_hash: str
    chains: int
    events: int
    prev_hash: str
    hash: str
    hash_version: int
    created_at: dt.datetime


@router.get("/public/audit/digests", response=list[DigestOut], auth=None)
def public_digests(request, limit: int = 60):
    """The most recent daily digests, newest first (`limit` 1..366). Each digest's `hash` is
    sha256 of its canonical JSON under its `hash_version`, and `prev_hash` links it to the digest
    before (docs/audit-and-outbox.md says how to recompute both)."""
    return list(digest_list(max(1, min(limit, 366))))
