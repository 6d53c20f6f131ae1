"""Staff pages of reception days: the schedule, a session's page with one form per allowed action,
the monthly compliance view and the period reports. Dialogues: views_dialogues.py; public: views_public.py.

Thin views (STYLE.md §2): fetch through the selectors (404 outside the user's scope), call ONE service,
redirect. A DomainError becomes a message on the page; the service changed nothing.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from neuguong.core.audit.timeline import timeline_for
from neuguong.core.errors import DomainError
from neuguong.core.pagination import paginate
from neuguong.core.validation import InvalidInput
from neuguong.feedback.reception import actions, compliance, reports, selectors
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import (
    KEEPERS,
    SESSION_TRANSITIONS,
    Language,
    SessionState,
)
from neuguong.feedback.reception.services.workflow import SESSIONS, actor_roles
from neuguong.feedback.reception.validation import clean_month, clean_year
from neuguong.org.access import require_staff

ACTION_DONE = _("%(action)s: done.")
PLANNED = _("The reception day is on the schedule.")
TERM_UNKNOWN = _("Choose a head from the list.")


def parse_month(value: str | None) -> tuple[int, int]:
    """ "2026-03" → (2026, 3); empty → the current month; anything else → InvalidInput (400)."""
    month = clean_month(value)
    if month is None:
        today = timezone.localdate()
        return today.year, today.month
    return month


def parse_year(value: str | None) -> int:
    """ "2026" → 2026; empty → the current year; anything else → InvalidInput (400)."""
    year = clean_year(value)
    return timezone.localdate().year if year is None else year


def bad_request(request, exc: InvalidInput) -> HttpResponse:
    """A malformed query parameter: 400 with its message (Vietnamese, with the English beside it)."""
    with translation.override("en"):
        english = exc.text
    context = {"field": exc.field, "message": exc.text, "english": english}
    return render(request, "reception/bad_request.html", context, status=400)


def period_query(view):
    """The view answers 400 with a clear message when its ?year= or ?month= is malformed."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except InvalidInput as exc:
            return bad_request(request, exc)

    return wrapped


@login_required
@period_query
def session_list(request):
    require_staff(request.user)
    month = clean_month(request.GET.get("month"))
    state = request.GET.get("state", "")
    if state not in SessionState.values:
        state = ""
    page = paginate(
        request, selectors.session_list_for_user(request.user, state=state, month=month)
    )
    return render(
        request,
        "reception/session_list.html",
        {
            "page": page,
            "sessions": page.object_list,
            "states": SessionState.choices,
            "state": state,
            "month": f"{month[0]:04d}-{month[1]:02d}" if month else "",
            "may_plan": bool(actor_roles(request.user) & KEEPERS),
        },
    )


@login_required
def session_new(request):
    require_staff(request.user)
    today = timezone.localdate()
    terms = [
        t
        for t in compliance.head_terms(request.user, today, today + dt.timedelta(days=365))
        if _has_duty(t)
    ]
    if request.method == "POST":
        term = next((t for t in terms if str(t.pk) == request.POST.get("term")), None)
        try:
            if term is None:
                raise s.sessions.v.InvalidInput(TERM_UNKNOWN, code="invalid", field="term")
            session = s.session_plan(
                actor=request.user,
                term=term,
                scheduled_on=request.POST.get("scheduled_on"),
                location=request.POST.get("location"),
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
            return render(
                request,
                "reception/session_new.html",
                {"terms": terms, "data": request.POST},
                status=400,
            )
        messages.success(request, PLANNED)
        return redirect("reception-session", pk=session.pk)
    return render(request, "reception/session_new.html", {"terms": terms, "data": {}})


def _has_duty(term) -> bool:
    try:
        s.position_of_term(term)
    except DomainError:
        return False
    return True


def _session_context(request, session, *, unmasked: bool = False) -> dict:
    allowed = SESSIONS.allowed(session, request.user)
    categories = _categories()
    return {
        "session": session,
        "citizens": list(session.citizens.all()),
        "matters": with_category_names(
            session.matters.select_related("citizen", "feedback_item"), categories
        ),
        "allowed": allowed,
        "actions": [(a, SESSION_TRANSITIONS[a].label) for a in allowed],
        "languages": Language.choices,
        "categories": categories,
        "unmasked": unmasked,
        "events": timeline_for(session, request.user),
        "rule_key": session.rule_key,
    }


def with_category_names(rows, categories) -> list:
    """The rows, each with `category_name` for display (the category's name, or its code)."""
    names = dict(categories)
    rows = list(rows)
    for row in rows:
        row.category_name = names.get(row.category_code, row.category_code)
    return rows


def _categories():
    from neuguong.feedback.models import Category

    return list(
        Category.objects.filter(is_active=True).order_by("order").values_list("code", "name")
    )


@login_required
def session_detail(request, pk):
    session = selectors.get_session_for_user(request.user, pk)
    return render(request, "reception/session_detail.html", _session_context(request, session))


@login_required
@require_POST
def session_personal_data(request, pk):
    """The citizens' ID numbers, phones and addresses unmasked: one audited read."""
    session = selectors.get_session_for_user(request.user, pk)
    unmasked = s.session_personal_data_read(session, actor=request.user, via="web")
    return render(
        request,
        "reception/session_detail.html",
        _session_context(request, session, unmasked=unmasked),
    )


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
@require_POST
def session_action(request, pk, action):
    if action not in actions.SESSION_ACTIONS:
        raise Http404
    session = selectors.get_session_for_user(request.user, pk)
    try:
        actions.run(
            actions.SESSION_ACTIONS,
            session,
            action,
            request.POST.dict(),
            actor=request.user,
            version=_version(request),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ACTION_DONE % {"action": SESSION_TRANSITIONS[action].label})
    return redirect("reception-session", pk=pk)


@login_required
@period_query
def compliance_view(request):
    """Each head's reception days in a month against the rulebook's minimum for their position."""
    require_staff(request.user)
    year, month = parse_month(request.GET.get("month"))
    rows = compliance.reception_compliance(request.user, year, month, month)
    page = paginate(request, rows)
    return render(
        request,
        "reception/compliance.html",
        {
            "page": page,
            "rows": page.object_list,
            "month": f"{year:04d}-{month:02d}",
            "below": sum(1 for r in rows if r.below_minimum),
            "total": len(rows),
        },
    )


@login_required
@period_query
def report_view(request):
    """The Regulation 11 report for a period (month, Q1, 6, 9, 12 months): a page that prints, or
    an Excel workbook with ?format=xlsx."""
    require_staff(request.user)
    year = parse_year(request.GET.get("year"))
    period = request.GET.get("period") or "12m"
    try:
        label, first, last = compliance.period_months(period)
    except DomainError:
        raise Http404 from None
    rows = compliance.reception_compliance(request.user, year, first, last)
    if request.GET.get("format") == "xlsx":
        content = reports.reception_workbook(rows, year=year, period_label=label)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="tiep-cong-dan-{year}-{period}.xlsx"'
        )
        return response
    return render(
        request,
        "reception/report.html",
        {
            "rows": rows,
            "year": year,
            "period": period,
            "period_label": label,
            "periods": reports.period_choices(),
            "totals": reports.totals(rows),
        },
    )
