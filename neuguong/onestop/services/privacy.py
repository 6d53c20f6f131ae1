"""Reading personal data: the one service every page and API endpoint that unmasks it calls."""

from __future__ import annotations

from django.db import transaction

from neuguong.core.audit import log_action
from neuguong.onestop.models import Dossier


def dossier_personal_data_read(dossier: Dossier, *, actor, via: str, applicant_may: bool) -> bool:
    """May `actor` see this dossier's citizen ID, phone and address unmasked? If so, the read is
    audited (onestop.dossier.personal_data_read, with the entry point) and True is returned.

    Staff who may see the dossier may; the applicant may see their own when `applicant_may` (the
    page's "show" button; the API keeps them masked). Party staff never reach a dossier at all.
    """
    from neuguong.onestop.selectors import is_staff_in_scope

    own = applicant_may and actor.is_authenticated and dossier.applicant_user_id == actor.pk
    if not (own or is_staff_in_scope(actor, dossier)):
        return False
    with transaction.atomic():
        log_action(dossier, "onestop.dossier.personal_data_read", actor=actor, data={"via": via})
    return True
