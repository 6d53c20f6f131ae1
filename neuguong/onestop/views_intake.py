"""Intake at the desk, the procedure typeahead, and the citizen's online submission and own dossiers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError
from neuguong.core.roles import Role
from neuguong.core.validation import parse_int
from neuguong.onestop.forms import DESK_KINDS, DocumentFormSet, IntakeForm, SubmitForm
from neuguong.onestop.models import Dossier, Procedure
from neuguong.org.access import agency_list_for_user, require_role
from neuguong.org.constants import AgencyKind
from neuguong.org.models import Agency

LOOKUP_LIMIT = 8
LOOKUP_QUERY_MAX = 100  # characters of the typeahead's query (each word is one LIKE)
NO_DESK = _("You are not assigned to a one-stop desk.")
RECEIVED = _("Dossier %(code)s received. Print the receipt slip for the applicant.")
SUBMITTED = _("Dossier %(code)s submitted. A one-stop desk will check and accept it.")

# Agencies that can be responsible for a result (not desks, not party bodies).
_HANDLING_KINDS = (
    AgencyKind.PEOPLES_COMMITTEE,
    AgencyKind.DEPARTMENT,
    AgencyKind.DIVISION,
    AgencyKind.BRANCH,
)


def _selected_procedure(form):
    """The procedure already chosen (kept when the form is shown again with errors)."""
    pk = form.data.get("procedure") if form.is_bound else form.initial.get("procedure")
    if not pk:
        return None
    pk = parse_int(str(pk))  # "²" passes str.isdigit() and then breaks the query
    return Procedure.objects.filter(pk=pk).first() if pk is not None else None


def _documents(formset, user=None) -> list[dict]:
    """The uploaded files as the services take them: name, file, digitised."""
    docs = []
    for f in formset.cleaned_data:
        if f.get("file"):
            docs.append(
                {
                    "name": f.get("name") or f["file"].name,
                    "file": f["file"],
                    "digitised": f["digitised"],
                }
            )
    return docs


def _applicant(data, user=None):
    from neuguong.onestop import services

    return services.ApplicantData(
        name=data["applicant_name"],
        id_number=data["applicant_id_number"],
        phone=data["applicant_phone"],
        address=data.get("applicant_address") or "",
        unit=data.get("applicant_unit"),
        user=user,
    )


@login_required
def intake(request):
    """Desk intake, in person or by post: the dossier is accepted at once and gets its code."""
    from neuguong.onestop import services

    require_role(request.user, Role.RECEPTION, Role.ADMIN)
    desks = agency_list_for_user(request.user).filter(kind__in=DESK_KINDS).order_by("level", "name")
    if not desks.exists():
        raise PermissionDenied(NO_DESK)
    handling = Agency.objects.filter(kind__in=_HANDLING_KINDS).order_by("level", "name")
    kwargs = {"desks": desks, "handling_agencies": handling}
    if request.method == "POST":
        form = IntakeForm(request.POST, **kwargs)
        formset = DocumentFormSet(request.POST, request.FILES, prefix="doc")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                dossier = services.dossier_receive(
                    actor=request.user,
                    receiving_agency=data["receiving_agency"],
                    procedure=data["procedure"],
                    applicant=_applicant(data),
                    channel=data["channel"],
                    handling_agency=data["handling_agency"],
                    documents=_documents(formset),
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, RECEIVED % {"code": dossier.code})
                url = reverse("onestop-dossier", args=[dossier.code])
                return redirect(f"{url}?received=1")
    else:
        form = IntakeForm(initial={"receiving_agency": desks.first()}, **kwargs)
        formset = DocumentFormSet(prefix="doc")
    context = {"form": form, "formset": formset, "procedure": _selected_procedure(form)}
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/intake.html", context, status=status)


@login_required
def procedure_lookup(request):
    """Typeahead over Procedure.search_text: radio buttons, the first one checked, so Enter submits."""
    from neuguong.onestop import selectors

    q = (request.GET.get("procedure_q") or "").strip()[:LOOKUP_QUERY_MAX]
    procedures = list(selectors.procedure_list(q)[:LOOKUP_LIMIT]) if q else []
    return render(request, "onestop/_procedure_options.html", {"procedures": procedures, "q": q})


@login_required
def submit(request):
    """A registered citizen submits a dossier online; it arrives as `new` until a desk accepts it."""
    from neuguong.onestop import services

    require_role(request.user, Role.CITIZEN)
    if request.method == "POST":
        form = SubmitForm(request.POST)
        formset = DocumentFormSet(request.POST, request.FILES, prefix="doc")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                dossier = services.dossier_submit_online(
                    procedure=data["procedure"],
                    applicant=_applicant(data, user=request.user),
                    receiving_agency=data["receiving_agency"],
                    handling_agency=None,  # the service defaults it from the procedure and desk
                    documents=_documents(formset),
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, SUBMITTED % {"code": dossier.code})
                return redirect("onestop-my-dossiers")
    else:
        form = SubmitForm(initial={"applicant_name": request.user.get_full_name()})
        formset = DocumentFormSet(prefix="doc")
    context = {"form": form, "formset": formset, "procedure": _selected_procedure(form)}
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/submit.html", context, status=status)


@login_required
def my_dossiers(request):
    """The citizen's own dossiers (those submitted from their account)."""
    require_role(request.user, Role.CITIZEN)
    rows = (
        Dossier.objects.filter(applicant_user=request.user)
        .select_related("procedure", "receiving_agency", "handling_agency")
        .order_by("-submitted_at", "-pk")
    )
    return render(request, "onestop/my_dossiers.html", {"dossiers": list(rows[:200])})
