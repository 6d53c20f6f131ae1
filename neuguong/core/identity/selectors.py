"""Reads of citizen identities."""

from __future__ import annotations

from typing import Any

from neuguong.core.identity.models import CitizenIdentity


def identity_of(user: Any) -> CitizenIdentity | None:
    """The citizen identity `user` signed in with, or None (staff, anonymous, or no identity yet)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return CitizenIdentity.objects.filter(user_id=user.pk).first()
