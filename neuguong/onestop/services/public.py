"""The public side of the one-stop shop: tracking a dossier by code and second factor, and rating it.

Nothing here reveals personal data. An unknown code and a wrong second factor are indistinguishable
(both return None), so a lookup cannot confirm that a code exists.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.errors import DomainError
from neuguong.onestop.constants import DossierState, RatingValue
from neuguong.onestop.models import Dossier, Rating

RATING_NOT_RETURNED = _("A dossier can be rated once its result has been returned.")
RATING_ALREADY = _("This dossier has already been rated.")
RATING_BAD_VALUE = _("Choose satisfied, acceptable or dissatisfied.")
RATING_BAD_REASON = _("Unknown reason: %(reason)s.")

# Reasons a citizen may tick (Decision 766's satisfaction survey asks why).
RATING_REASONS = {
    "on_time": _("The result came on time"),
    "helpful_staff": _("The staff were helpful and courteous"),
    "clear_guidance": _("The guidance was clear"),
    "late": _("The result came late"),
    "extra_documents": _("I was asked for documents not in the published list"),
    "extra_costs": _("I paid more than the published fee"),
    "attitude": _("The staff were discourteous"),
    "repeat_visits": _("I had to come back several times"),
    "other": _("Other"),
}


class AlreadyRated(DomainError):
    code = "already_rated"
    status = 409


def public_dossier(code: str, verify: str) -> Dossier | None:
    """The dossier `code` if `verify` is the last 4 digits of its applicant's phone or citizen ID, else None.

    One query; public_payload reads its steps and rating.
    """
    code = (code or "").strip().upper()
    if not code or len(code) > 60:
        return None
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency", "handling_agency")
        .filter(code=code)
        .first()
    )
    if dossier is None or not dossier.verify_matches(verify):
        return None
    return dossier


def can_rate(dossier: Dossier, rating: Rating | None = None) -> bool:
    """Returned and not rated yet (`rating`: the dossier's rating when the caller has read it)."""
    if dossier.state != DossierState.RETURNED:
        return False
    if rating is not None:
        return False
    return not Rating.objects.filter(dossier_id=dossier.pk).exists()


def dossier_rate(dossier: Dossier, *, value: str, reasons=(), comment: str = "", at=None) -> Rating:
    """Record the applicant's one rating of a returned dossier. Audited as onestop.dossier.rated.

    Raises DomainError: not returned yet (400), already rated (409), an unknown value or reason
    (400). One transaction with the dossier row locked, so two simultaneous ratings are serialised
    and the second is refused; a refusal rolls back everything and leaves the caller's transaction
    usable. `dossier` is brought up to date with its row.
    """
    from neuguong.core.workflow import copy_row
    from neuguong.dashboards.facts_records import refresh as refresh_facts

    if value not in RatingValue.values:
        raise DomainError(RATING_BAD_VALUE, code="rating_invalid")
    reasons = list(dict.fromkeys(reasons or ()))
    for reason in reasons:
        if reason not in RATING_REASONS:
            raise DomainError(RATING_BAD_REASON, code="rating_invalid", reason=reason)
    at = at or timezone.now()
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            if locked.state != DossierState.RETURNED:
                raise DomainError(RATING_NOT_RETURNED, code="rating_not_returned")
            if Rating.objects.filter(dossier_id=locked.pk).exists():
                raise AlreadyRated(RATING_ALREADY)
            rating = Rating.objects.create(
                dossier=locked,
                value=value,
                reasons=reasons,
                comment=(comment or "")[:2000],
                created_at=at,
            )
            refresh_facts(locked)  # 5.4: a dissatisfied rating counts against the dossier's agency
            log_action(
                locked,
                "onestop.dossier.rated",
                actor="citizen:public",
                data={"value": value, "reasons": reasons},
            )
    except IntegrityError:
        # A rating committed between the check and the insert (the one-to-one decides).
        raise AlreadyRated(RATING_ALREADY) from None
    copy_row(locked, dossier)
    rating.dossier = dossier
    return rating


def public_payload(dossier: Dossier) -> dict:
    """What the public may know of a dossier found by `public_dossier`: no name, ID, phone or staff."""
    from neuguong.onestop.serializers import dossier_public, step_public

    rating = Rating.objects.filter(dossier_id=dossier.pk).first()
    steps = dossier.steps.select_related("agency").order_by("order")
    return {
        **dossier_public(dossier),
        "receiving_agency": dossier.receiving_agency.name,
        "handling_agency": dossier.handling_agency.name,
        "steps": [{**step_public(s), "agency": s.agency.name} for s in steps],
        "can_rate": dossier.state == DossierState.RETURNED and rating is None,
        "rating": rating.value if rating else None,
    }
