"""Personal API tokens, issued and revoked by an administrator from the staff page.

Only the token's SHA-256 is stored (core.models.ApiToken); the raw value is returned once, to be shown
once. Each issue and revocation is one transaction with its audit event (core.apitoken.issued /
core.apitoken.revoked), which records whose token and its prefix, never the token itself.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.models import ApiToken
from neuguong.core.roles import Role
from neuguong.core.validation import clean_text
from neuguong.org import access

TOKEN_NAME_MAX = 100
INACTIVE_USER = _("This account is inactive: it cannot be given an API token.")
ALREADY_REVOKED = _("This token was already revoked.")


def _require_admin(actor) -> None:
    if not access.has_role(actor, Role.ADMIN):
        raise NotAllowed(_("Only a system administrator issues or revokes API tokens."))


def token_issue(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`, named `name` (a label to recognise it by); returns it and its raw value."""
    _require_admin(actor)
    name = clean_text(name, max_length=TOKEN_NAME_MAX, required=True, field="name")
    if not user.is_active:
        raise DomainError(INACTIVE_USER, code="user_inactive")
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name=name)
        log_action(
            token,
            "core.apitoken.issued",
            actor=actor,
            data={"new": {"user_id": user.pk, "name": name, "prefix": token.prefix}},
        )
    return token, raw


def token_revoke(token: ApiToken, *, actor) -> ApiToken:
    """Revoke `token` from now on (the row stays, with its revocation time)."""
    _require_admin(actor)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise DomainError(ALREADY_REVOKED, code="already_revoked")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        log_action(
            locked,
            "core.apitoken.revoked",
            actor=actor,
            data={
                "old": {"revoked_at": None},
                "new": {"revoked_at": locked.revoked_at.isoformat()},
            },
        )
    return locked
