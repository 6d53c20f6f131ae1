"""The citizen's own pages: "My dossiers" and the citizen view of one dossier, with the actions open
to them (send a requested supplement, withdraw, rate the result).

A citizen sees their own dossiers only (applicant_user); any other code answers 404, exactly like an
unknown one. The citizen view shows no staff name, no reveal button and no audit log. The staff
dossier URL sends a citizen here (`dossier_entry`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from neuguong.core.errors import DomainError
from neuguong.core.pagination import paginate
from neuguong.core.roles import STAFF_ROLES, Role
from neuguong.onestop.constants import DossierState, RatingValue
from neuguong.onestop.models import Dossier, Rating
from neuguong.org.access import require_role, user_roles

PER_PAGE = 20
SUPPLEMENT_SENT = _("Your supplement was sent. The dossier is back in processing.")
WITHDRAWN = _("Your dossier was withdrawn.")
RATED = _("Thank you: your rating was recorded.")
WITHDRAW_NEEDS_REASON = _("Say why you withdraw the dossier.")


def is_citizen_only(user) -> bool:
    roles = user_roles(user)
    return Role.CITIZEN in roles and not roles & STAFF_ROLES


def _own_dossier(request, code) -> Dossier:
    require_role(request.user, Role.CITIZEN)
    code = str(code)[:60]
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency", "handling_agency")
        .filter(code=code, applicant_user=request.user)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


@login_required
def my_dossiers(request):
    """The citizen's own dossiers: submitted from their account, or filed under their ID number."""
    require_role(request.user, Role.CITIZEN)
    rows = (
        Dossier.objects.filter(applicant_user=request.user)
        .select_related("procedure", "receiving_agency")
        .order_by("-submitted_at", "-pk")
    )
    page = paginate(request, rows, PER_PAGE)
    return render(request, "onestop/my_dossiers.html", {"page": page, "dossiers": page.object_list})


def _may(dossier: Dossier, action: str, user) -> bool:
    from neuguong.onestop.services import check_action

    try:
        check_action(dossier, action, user)
    except DomainError:
        return False
    return True


def _context(request, dossier: Dossier, **extra) -> dict:
    from neuguong.onestop.services.citizen import supplement_reason
    from neuguong.onestop.services.public import RATING_REASONS, can_rate

    rating = Rating.objects.filter(dossier_id=dossier.pk).first()
    steps = list(dossier.steps.select_related("agency").order_by("order"))
    current = next((s for s in steps if s.completed_at is None and s.started_at), None)
    return {
        "dossier": dossier,
        "steps": steps,
        "current_step": current,
        "documents": list(dossier.documents.order_by("uploaded_at", "pk")),
        "supplement_reason": supplement_reason(dossier),
        "may_supplement": dossier.state == DossierState.SUPPLEMENT_REQUESTED
        and _may(dossier, "receive_supplement", request.user),
        "may_withdraw": _may(dossier, "withdraw", request.user),
        "may_rate": can_rate(dossier, rating),
        "rating": rating,
        "rating_values": RatingValue.choices,
        "rating_reasons": list(RATING_REASONS.items()),
        **extra,
    }


@login_required
def dossier_citizen(request, code):
    dossier = _own_dossier(request, code)
    return render(request, "onestop/citizen/dossier.html", _context(request, dossier))


def _refused(request, dossier, exc: DomainError, **extra):
    messages.error(request, str(exc))
    return render(
        request, "onestop/citizen/dossier.html", _context(request, dossier, **extra), status=400
    )


@login_required
@require_POST
def dossier_citizen_supplement(request, code):
    from neuguong.onestop.services.citizen import dossier_supplement_online

    dossier = _own_dossier(request, code)
    files = request.FILES.getlist("files")[:10]
    documents = [
        {"name": (request.POST.get("name") or "").strip() or f.name, "file": f, "digitised": True}
        for f in files
    ]
    try:
        dossier_supplement_online(dossier, actor=request.user, documents=documents)
    except DomainError as exc:
        return _refused(request, dossier, exc, open="supplement")
    messages.success(request, SUPPLEMENT_SENT)
    return redirect("onestop-citizen-dossier", code=dossier.code)


@login_required
@require_POST
def dossier_citizen_withdraw(request, code):
    from neuguong.onestop.services import dossier_withdraw

    dossier = _own_dossier(request, code)
    reason = (request.POST.get("reason") or "").strip()
    try:
        if not reason:
            raise DomainError(WITHDRAW_NEEDS_REASON, code="reason_required", field="reason")
        dossier_withdraw(dossier, actor=request.user, reason=reason)
    except DomainError as exc:
        return _refused(request, dossier, exc, open="withdraw")
    messages.success(request, WITHDRAWN)
    return redirect("onestop-citizen-dossier", code=dossier.code)


@login_required
@require_POST
def dossier_citizen_rate(request, code):
    from neuguong.onestop.services.public import dossier_rate

    dossier = _own_dossier(request, code)
    try:
        dossier_rate(
            dossier,
            value=request.POST.get("value", ""),
            reasons=request.POST.getlist("reasons")[:20],
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        return _refused(request, dossier, exc, open="rate")
    messages.success(request, RATED)
    return redirect("onestop-citizen-dossier", code=dossier.code)


@login_required
def dossier_entry(request, code):
    """The dossier URL: staff get the staff page; a citizen (with no staff role) is sent to the
    citizen view of their own dossier, and any other code answers 404 (not 403: it does not say
    that the dossier exists)."""
    from neuguong.onestop import views

    if is_citizen_only(request.user):
        dossier = _own_dossier(request, code)
        return redirect("onestop-citizen-dossier", code=dossier.code)
    return views.dossier_detail(request, code)


@login_required
def dossier_action_entry(request, code, action):
    """The staff action buttons' URL: a citizen acts on their own dossier from their citizen view
    (where a supplement comes with its files), never through the staff actions, so for them it
    answers 404."""
    from neuguong.onestop import views

    if is_citizen_only(request.user):
        raise Http404
    return views.dossier_action(request, code, action)
