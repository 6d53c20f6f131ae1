"""Who an audit event names as its actor: (actor_id, actor_label), hashed with the event."""

from __future__ import annotations

from neuguong.core.audit import hashing
from neuguong.core.audit.registry import personal_key

LABEL_MAX = 200


def citizen_pseudonym(user_pk) -> str:
    """A citizen is named in the log by a keyed hash of their id, never by their name."""
    return f"citizen:{hashing.personal_hash(user_pk, personal_key())[:12]}"


def is_citizen(user) -> bool:
    """A user with no staff role (no staff membership, not an administrator)."""
    from neuguong.core.roles import STAFF_ROLES
    from neuguong.org.access import user_roles

    if user.is_staff or user.is_superuser:
        return False
    return not (user_roles(user) & STAFF_ROLES)


def user_label(user) -> str:
    if is_citizen(user):
        return citizen_pseudonym(user.pk)
    label = (user.get_full_name() or "").strip() or user.get_username()
    return label[:LABEL_MAX]


def actor_fields(actor) -> tuple[int | None, str]:
    """`actor` is None, a system label ("system:worker"), an (id, label) pair, or a user."""
    if actor is None:
        return None, ""
    if isinstance(actor, str):
        return None, actor[:LABEL_MAX]
    if isinstance(actor, tuple):
        actor_id, label = actor
        return actor_id, str(label)[:LABEL_MAX]
    return actor.pk, user_label(actor)
