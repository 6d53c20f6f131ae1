"""Intake at the desk, the procedure typeahead and its checklist, and the citizen's online submission.

Both intakes show the procedure's required documents as a checklist (services.checklist): the desk
ticks what it received (and may receive with a supplement request for what is missing), the citizen
attaches a file for each required item. The services make the one check for both."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError
from neuguong.core.identity.selectors import identity_of
from neuguong.core.roles import Role
from neuguong.core.validation import parse_int
from neuguong.onestop.forms import (
    DESK_KINDS,
    CitizenDocumentFormSet,
    DocumentFormSet,
    IntakeForm,
    SubmitForm,
)
from neuguong.onestop.models import Procedure
from neuguong.org.access import agency_list_for_user, require_role, user_roles
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


def _documents(formset, *, digitised: bool = True) -> list[dict]:
    """The extra uploaded files as the services take them: name, file, digitised (the desk's
    box; a citizen's form has none, and a posted value is ignored)."""
    docs = []
    for f in formset.cleaned_data:
        if f.get("file"):
            docs.append(
                {
                    "name": f.get("name") or f["file"].name,
                    "file": f["file"],
                    "digitised": bool(f.get("digitised")) and digitised,
                }
            )
    return docs


def _checklist_files(request, procedure, *, digitised: bool) -> list[dict]:
    """The file attached to each checklist item (input `item-<index>`), as documents answering it."""
    if procedure is None:
        return []
    docs = []
    for item in procedure.checklist:
        file = request.FILES.get(f"item-{item['index']}")
        if file:
            docs.append(
                {
                    "name": item["name"],
                    "file": file,
                    "digitised": digitised,
                    "checklist_items": [item["index"]],
                }
            )
    return docs


def _ticked(request) -> list[str]:
    """The checklist items the desk ticked as received (validated by the service)."""
    return request.POST.getlist("received")


def _checklist_context(procedure, request=None, *, desk: bool) -> dict:
    """The checklist (ticks kept when the form is shown again) and, for a procedure with a fee, how
    it is paid (the form's `payment` choices)."""
    posted = request is not None and request.method == "POST"
    ticked = set(request.POST.getlist("received")) if posted else set()
    items = procedure.checklist if procedure is not None else []
    field = cast(forms.ChoiceField, (IntakeForm if desk else SubmitForm).base_fields["payment"])
    return {
        "checklist": [{**i, "ticked": str(i["index"]) in ticked} for i in items],
        "desk": desk,
        "checklist_procedure": procedure,
        "payment_choices": field.choices,
        "payment_chosen": (request.POST.get("payment") if posted else None) or field.initial,
    }


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
            procedure = data["procedure"]
            try:
                dossier = services.dossier_receive(
                    actor=request.user,
                    receiving_agency=data["receiving_agency"],
                    procedure=procedure,
                    applicant=_applicant(data),
                    channel=data["channel"],
                    handling_agency=data["handling_agency"],
                    documents=[
                        *_checklist_files(request, procedure, digitised=True),
                        *_documents(formset),
                    ],
                    received_items=_ticked(request),
                    supplement_missing=data["supplement_missing"],
                    paid=form.paid(procedure.fee),
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
    procedure = _selected_procedure(form)
    context = {
        "form": form,
        "formset": formset,
        "procedure": procedure,
        **_checklist_context(procedure, request, desk=True),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/intake.html", context, status=status)


@login_required
def procedure_lookup(request):
    """Typeahead over Procedure.search_text, best match first (onestop.lookup): radio buttons, none
    checked — the user picks one (click, or arrows then Enter); Enter alone picks nothing."""
    from neuguong.onestop.lookup import procedure_matches

    q = (request.GET.get("procedure_q") or "").strip()[:LOOKUP_QUERY_MAX]
    procedures = procedure_matches(q, LOOKUP_LIMIT)
    return render(request, "onestop/_procedure_options.html", {"procedures": procedures, "q": q})


@login_required
def procedure_checklist(request):
    """The chosen procedure's checklist (htmx, when a procedure is picked): tick boxes for the desk,
    one upload per item for a citizen."""
    procedure = Procedure.objects.filter(
        is_active=True, pk=parse_int(request.GET.get("procedure") or "") or 0
    ).first()
    desk = bool(user_roles(request.user) & {Role.RECEPTION, Role.ADMIN})
    context = _checklist_context(procedure, desk=desk)
    return render(request, "onestop/_checklist.html", context)


@login_required
def submit(request):
    """A registered citizen submits a dossier online; it arrives as `new` until a desk accepts it."""
    from neuguong.onestop import services

    require_role(request.user, Role.CITIZEN)
    identity = identity_of(request.user)
    if request.method == "POST":
        form = SubmitForm(request.POST, identity=identity)
        formset = CitizenDocumentFormSet(request.POST, request.FILES, prefix="doc")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            procedure = data["procedure"]
            try:
                dossier = services.dossier_submit_online(
                    procedure=procedure,
                    applicant=_applicant(data, user=request.user),
                    receiving_agency=data["receiving_agency"],
                    handling_agency=None,  # the service defaults it from the procedure and desk
                    documents=[
                        *_checklist_files(request, procedure, digitised=False),
                        *_documents(formset, digitised=False),
                    ],
                    paid=form.paid(procedure.fee),
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, SUBMITTED % {"code": dossier.code})
                return redirect("onestop-my-dossiers")
    else:
        initial = {"applicant_name": request.user.get_full_name()}
        code = (request.GET.get("procedure") or "").strip()[:LOOKUP_QUERY_MAX]
        chosen = Procedure.objects.filter(is_active=True, code=code).first() if code else None
        if chosen is not None:  # "submit online" from the procedure's public page
            initial["procedure"] = chosen.pk
        form = SubmitForm(initial=initial, identity=identity)
        formset = CitizenDocumentFormSet(prefix="doc")
    procedure = _selected_procedure(form)
    context = {
        "form": form,
        "formset": formset,
        "procedure": procedure,
        "identity": identity,
        **_checklist_context(procedure, request, desk=False),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/submit.html", context, status=status)
