"""What a signed-in citizen does with their own dossiers, through the same workflow core as staff:
their dossiers are linked by the ID number their identity brings, they send a requested supplement
online, withdraw, and rate the result (services.public.dossier_rate).
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.errors import DomainError, NotAllowed
from neuguong.core.identity.signals import citizen_signed_in
from neuguong.core.workflow import Change
from neuguong.onestop.constants import DossierState
from neuguong.onestop.models import Dossier, DossierPause
from neuguong.onestop.services import deadlines
from neuguong.onestop.services import messages as m
from neuguong.onestop.services.intake import documents_create
from neuguong.onestop.services.workflow import DOSSIERS, now, pending_steps

SUPPLEMENT_NEEDS_FILE = _("Attach at least one file with the supplement.")


@receiver(citizen_signed_in, dispatch_uid="onestop-link-dossiers")
def dossiers_link_to_citizen(sender, *, user, identity, at, **kwargs) -> int:
    """Dossiers filed under the citizen's ID number (at a desk, by post) and attached to no account
    become theirs: their own view lists them. Audited per dossier (onestop.dossier.linked)."""
    linked = 0
    rows = Dossier.objects.select_for_update().filter(
        applicant_id_number=identity.id_number, applicant_user__isnull=True
    )
    for dossier in rows:
        dossier.applicant_user = user
        dossier.save(update_fields=["applicant_user"])
        log_action(dossier, "onestop.dossier.linked", actor=user)
        linked += 1
    return linked


def _own(dossier: Dossier, actor) -> None:
    if dossier.applicant_user_id != getattr(actor, "pk", None):
        raise NotAllowed(m.NOT_OWN_DOSSIER, code="not_own_dossier")


def dossier_supplement_online(
    dossier: Dossier, *, actor, documents, at=None, version=None
) -> Dossier:
    """The citizen sends the supplement a desk or officer asked for: the files are kept (each judged by
    its content) and the dossier goes back to processing (receive_supplement), the clock restarting
    and the appointment moving by the working time spent waiting, as when a desk receives it."""
    at = now(at)
    _own(dossier, actor)
    documents = [d for d in documents if d.get("file") is not None]
    if not documents:
        raise DomainError(SUPPLEMENT_NEEDS_FILE, code="supplement_needs_file", field="file")

    def change(locked):
        documents_create(locked, documents, actor, at, digitised_allowed=False)
        paused, moved = deadlines.end_pause(locked, at, pending_steps(locked))
        return Change(
            fields=moved,
            data={
                "paused_hours": paused,
                "appointment_at": locked.appointment_at,
                "files": len(documents),
                "online": True,
            },
        )

    return DOSSIERS.apply(
        dossier, "receive_supplement", actor=actor, at=at, change=change, version=version
    )


def supplement_reason(dossier: Dossier) -> str:
    """What the open supplement request asks for ("" when none is open)."""
    if dossier.state != DossierState.SUPPLEMENT_REQUESTED:
        return ""
    pause = (
        DossierPause.objects.filter(dossier_id=dossier.pk, ended_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    return pause.reason if pause else ""
