"""Staff pages of the one-stop shop: work queues, the dossier page with its action buttons, search.

Thin views (STYLE.md §2): fetch through the selectors and access helpers (which raise PermissionDenied),
validate a form, call ONE service, then redirect or render a partial. A DomainError from a service becomes
an error message on the page; the service changed nothing. Intake and the citizen's pages are in
`views_intake.py`.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from neuguong.core.errors import DomainError
from neuguong.core.pagination import paginate
from neuguong.onestop.constants import TRANSITIONS, DossierState
from neuguong.onestop.forms import ACTION_FORMS, action_form
from neuguong.onestop.models import Apology
from neuguong.org.access import require_staff

QUEUE_PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 50
SEARCH_QUERY_MAX = 200  # characters searched (each word is one LIKE over the dossiers)

# (key, label): the order is the order of the tabs; selectors.queue_<key>(user) lists each one.
QUEUES = (
    ("to_accept", _("To accept")),
    ("my_steps", _("My steps")),
    ("at_risk", _("At risk")),
    ("late", _("Late")),
    ("awaiting_supplement", _("Awaiting supplement")),
)
_QUEUE_LABELS = dict(QUEUES)

# The slips printed from the dossier page: (kind, label). H5b's documents.py renders them.
SLIPS = (
    ("receipt", _("Receipt and appointment slip")),
    ("control_slip", _("Process control slip")),
    ("supplement_request", _("Supplement request")),
    ("refusal", _("Refusal")),
    ("apology", _("Apology and new appointment")),
)

ACTION_DONE = _("%(action)s: done.")


def _list_related(qs):
    return qs.select_related("procedure", "handling_agency", "receiving_agency")


@login_required
def queues(request):
    """The work queues of the user's roles, each with its count; one queue listed at a time."""
    require_staff(request.user)
    from neuguong.onestop import selectors

    current = request.GET.get("queue") or "to_accept"
    if current not in _QUEUE_LABELS:
        raise Http404
    tabs = []
    for key, label in QUEUES:
        count = getattr(selectors, f"queue_{key}")(request.user).count()
        tabs.append({"key": key, "label": label, "count": count})
    qs = getattr(selectors, f"queue_{current}")(request.user)
    # A home-page figure links to a narrower part of a queue (?step=sign, ?attributed=mine): the list
    # applies the very filter that counted it, so the figure and the list agree.
    from neuguong.core.home_figures import QUEUE_FILTERS

    narrowed = False
    for name, narrow in QUEUE_FILTERS.items():
        value = request.GET.get(name)
        if value:
            qs, narrowed = narrow(qs, request.user, value), True
    total = None if narrowed else next(t["count"] for t in tabs if t["key"] == current)
    page = paginate(request, _list_related(qs), QUEUE_PAGE_SIZE, count=total)
    context = {
        "tabs": tabs,
        "current": current,
        "current_label": _QUEUE_LABELS[current],
        "dossiers": list(page.object_list),
        "page": page,
        "narrowed": narrowed,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "onestop/_queue.html", context)
    return render(request, "onestop/queues.html", context)


@login_required
def search(request):
    """Search by code, applicant name (with or without diacritics) or procedure; live with htmx."""
    from neuguong.onestop import selectors

    require_staff(request.user)
    q = (request.GET.get("q") or "").strip()[:SEARCH_QUERY_MAX]
    rows: list = []
    page = None
    if q:
        qs = selectors.dossier_search(selectors.dossier_list_for_user(request.user), q)
        page = paginate(request, _list_related(qs), SEARCH_PAGE_SIZE)
        rows = list(page.object_list)
    context = {"q": q, "dossiers": rows, "searched": bool(q), "page": page}
    if request.htmx and not request.htmx.boosted:
        return render(request, "onestop/_search_results.html", context)
    return render(request, "onestop/search.html", context)


def _slip_links(dossier, apology) -> list[dict]:
    """Links to the printable slips that apply to this dossier (H5b's document pages)."""
    applies = {
        "receipt": dossier.received_at is not None or dossier.state == DossierState.NEW,
        "control_slip": dossier.received_at is not None,
        "supplement_request": dossier.supplement_count > 0,
        "refusal": dossier.state == DossierState.REFUSED,
        "apology": apology is not None,
    }
    links = []
    for kind, label in SLIPS:
        if not applies[kind]:
            continue
        try:
            html = reverse("onestop-document", args=[dossier.code, kind])
        except NoReverseMatch:  # the document pages are not mounted
            return []
        links.append({"kind": kind, "label": label, "html": html, "pdf": f"{html}?format=pdf"})
    return links


def _audit_events(dossier, viewer):
    """The dossier's audit chain as the human-readable timeline (codes and hashes for inspectors only)."""
    from neuguong.core.audit.timeline import timeline_for

    return timeline_for(dossier, viewer)


def _dossier_context(request, dossier, *, reveal=False, open_form=None):
    from neuguong.onestop import services

    user = request.user
    actions = []
    for name in services.allowed_actions(dossier, user):
        transition = TRANSITIONS[name]
        if open_form is not None and open_form[0] == name:
            form = open_form[1]
        else:
            form = action_form(name, prefix=name)
        actions.append(
            {
                "name": name,
                "label": transition.label,
                "form": form if name in ACTION_FORMS else None,
                "open": open_form is not None and open_form[0] == name,
                "danger": name in {"refuse", "withdraw", "stop"},
            }
        )
    apology = (
        Apology.objects.filter(dossier=dossier)
        .select_related("agency", "step", "signed_by")
        .first()
    )
    return {
        "dossier": dossier,
        "apology": apology,
        "reveal": reveal,
        "steps": list(dossier.steps.select_related("agency", "handed_over_by", "received_by")),
        "documents": list(dossier.documents.all()),
        "pauses": list(dossier.pauses.all()),
        "actions": actions,
        "slips": _slip_links(dossier, apology),
        "events": _audit_events(dossier, user),
        "just_received": request.GET.get("received") == "1",
        "late": _late_attribution(dossier),
    }


def _late_attribution(dossier):
    """For a late dossier: the step that overran, its agency and that agency's head (DESIGN §3)."""
    from neuguong.onestop import selectors

    if not dossier.is_late:
        return None
    step, agency, head = selectors.late_attribution(dossier)
    return {"step": step, "agency": agency, "head": head}


@login_required
def dossier_detail(request, code):
    from neuguong.onestop import selectors

    dossier = selectors.get_dossier_for_user(request.user, code)
    return render(request, "onestop/dossier_detail.html", _dossier_context(request, dossier))


@login_required
@require_POST
def dossier_personal_data(request, code):
    """Reveal the applicant's citizen ID and phone. The read is audited (it is personal data)."""
    from neuguong.onestop import selectors
    from neuguong.onestop.services.privacy import dossier_personal_data_read

    dossier = selectors.get_dossier_for_user(request.user, code)
    if not dossier_personal_data_read(dossier, actor=request.user, via="web", applicant_may=True):
        raise PermissionDenied
    if request.htmx:
        return render(request, "onestop/_applicant.html", {"dossier": dossier, "reveal": True})
    return render(
        request, "onestop/dossier_detail.html", _dossier_context(request, dossier, reveal=True)
    )


def _version(request) -> int | None:
    """The edit token the page was rendered with (None when absent: the action is not checked)."""
    token = request.POST.get("version", "")
    if not re.fullmatch(r"[0-9]{1,9}", token):
        return None
    return int(token)


@login_required
@require_POST
def dossier_action(request, code, action):
    """Run one transition of the table through its service; a refusal is shown, nothing changes."""
    from neuguong.onestop import selectors, services

    if action not in TRANSITIONS:
        raise Http404
    dossier = selectors.get_dossier_for_user(request.user, code)
    form = action_form(action, request.POST, prefix=action)
    if not form.is_valid():
        context = _dossier_context(request, dossier, open_form=(action, form))
        return render(request, "onestop/dossier_detail.html", context, status=400)
    params = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    try:
        services.run_action(
            dossier, action, actor=request.user, version=_version(request), **params
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ACTION_DONE % {"action": TRANSITIONS[action].label})
    return redirect("onestop-dossier", code=code)
