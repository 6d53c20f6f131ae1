"""Staff pages of dialogue conferences: the list, planning, a dialogue's page with its actions, the
voters' requests and the yearly compliance view (Law 72/2025/QH15, Art. 43)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from neuguong.core.audit.timeline import timeline_for
from neuguong.core.errors import DomainError
from neuguong.core.pagination import paginate
from neuguong.feedback.reception import actions, compliance, selectors
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception import validation as v
from neuguong.feedback.reception.constants import (
    DIALOGUE_TRANSITIONS,
    KEEPERS,
    DialogueFormat,
    DialogueState,
    DialogueTrigger,
)
from neuguong.feedback.reception.services.workflow import DIALOGUES, actor_roles
from neuguong.feedback.reception.views import (
    ACTION_DONE,
    _categories,
    _version,
    parse_year,
    period_query,
    with_category_names,
)
from neuguong.org.access import (
    agency_list_for_user,
    person_list_for_user,
    require_staff,
    unit_list_for_user,
)
from neuguong.org.constants import UnitLevel

PLANNED = _("The dialogue is planned. Announce it at least 7 days ahead.")
REQUEST_RECORDED = _("The voters' request is recorded.")
CHOICE_UNKNOWN = _("Choose a value from the list.")


@login_required
@period_query
def dialogue_list(request):
    require_staff(request.user)
    year = v.clean_year(request.GET.get("year"))
    state = request.GET.get("state", "")
    if state not in DialogueState.values:
        state = ""
    page = paginate(request, selectors.dialogue_list_for_user(request.user, state=state, year=year))
    requests = selectors.voter_request_list_for_user(request.user).order_by("-received_on")[:20]
    return render(
        request,
        "reception/dialogue_list.html",
        {
            "page": page,
            "dialogues": page.object_list,
            "states": DialogueState.choices,
            "state": state,
            "year": year or "",
            "requests": requests,
            "may_plan": bool(actor_roles(request.user) & KEEPERS),
            "communes": _communes(request.user),
        },
    )


def _communes(user):
    return unit_list_for_user(user).filter(level=UnitLevel.COMMUNE).order_by("name")


def _pick(qs, value, field):
    obj = qs.filter(pk=value).first() if (value or "").isdigit() else None
    if obj is None:
        raise v.InvalidInput(CHOICE_UNKNOWN, code="invalid_choice", field=field)
    return obj


@login_required
def dialogue_new(request):
    require_staff(request.user)
    communes = _communes(request.user)
    chairs = person_list_for_user(request.user).order_by("full_name")
    requests = selectors.voter_request_list_for_user(request.user).filter(dialogue__isnull=True)
    context = {
        "communes": communes,
        "chairs": chairs,
        "requests": requests,
        "formats": DialogueFormat.choices,
        "triggers": DialogueTrigger.choices,
        "data": request.POST if request.method == "POST" else {},
    }
    if request.method == "POST":
        p = request.POST
        try:
            dialogue = s.dialogue_plan(
                actor=request.user,
                unit=_pick(communes, p.get("unit"), "unit"),
                chair=_pick(chairs, p.get("chair"), "chair"),
                topic=p.get("topic"),
                starts_at=p.get("starts_at"),
                location=p.get("location"),
                format=p.get("format", ""),
                trigger=p.get("trigger", ""),
                units_taking_part=p.get("units_taking_part", ""),
                voter_requests=list(
                    requests.filter(pk__in=[x for x in p.getlist("voter_requests") if x.isdigit()])
                ),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
            return render(request, "reception/dialogue_new.html", context, status=400)
        messages.success(request, PLANNED)
        return redirect("reception-dialogue", pk=dialogue.pk)
    return render(request, "reception/dialogue_new.html", context)


@login_required
@require_POST
def voter_request_new(request):
    require_staff(request.user)
    p = request.POST
    try:
        s.voter_request_record(
            actor=request.user,
            unit=_pick(_communes(request.user), p.get("unit"), "unit"),
            received_on=p.get("received_on"),
            signatures=p.get("signatures"),
            voters=p.get("voters"),
            subject=p.get("subject"),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, REQUEST_RECORDED)
    return redirect("reception-dialogues")


@login_required
def dialogue_detail(request, pk):
    dialogue = selectors.get_dialogue_for_user(request.user, pk)
    allowed = DIALOGUES.allowed(dialogue, request.user)
    return render(
        request,
        "reception/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "participants": list(dialogue.participants.all()),
            "issues": with_category_names(
                dialogue.issues.select_related("owner", "feedback_item"), _categories()
            ),
            "requests": list(dialogue.voter_requests.all()),
            "allowed": allowed,
            "actions": [(a, DIALOGUE_TRANSITIONS[a].label) for a in allowed],
            "categories": _categories(),
            "owners": agency_list_for_user(request.user).order_by("name")[:500],
            "events": timeline_for(dialogue, request.user),
        },
    )


@login_required
@require_POST
def dialogue_action(request, pk, action):
    if action not in actions.DIALOGUE_ACTIONS:
        raise Http404
    dialogue = selectors.get_dialogue_for_user(request.user, pk)
    try:
        actions.run(
            actions.DIALOGUE_ACTIONS,
            dialogue,
            action,
            request.POST.dict(),
            actor=request.user,
            version=_version(request),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ACTION_DONE % {"action": DIALOGUE_TRANSITIONS[action].label})
    return redirect("reception-dialogue", pk=pk)


@login_required
@period_query
def dialogue_compliance_view(request):
    require_staff(request.user)
    year = parse_year(request.GET.get("year"))
    report = compliance.dialogue_compliance(request.user, year)
    page = paginate(request, report.communes_without, param="communes_page")
    return render(
        request,
        "reception/dialogue_compliance.html",
        {"report": report, "year": year, "page": page, "communes": page.object_list},
    )
