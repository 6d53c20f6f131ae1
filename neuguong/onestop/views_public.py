"""Public pages: dossier tracking and rating (/tra-cuu/), the procedure catalogue (/thu-tuc/).

No login. Tracking asks for the code and a second factor by POST (the digits stay out of URLs and
logs); a QR code's link only pre-fills the code. Lookups and ratings are rate-limited per client.
"""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from neuguong.core.audit.timeline import timeline_for
from neuguong.core.errors import DomainError
from neuguong.core.pagination import paginate
from neuguong.core.validation import InvalidInput, as_validation_error, clean_text
from neuguong.onestop.constants import ActorKind, OnlineLevel, RatingValue
from neuguong.onestop.models import Procedure
from neuguong.onestop.ratelimit import RateLimited, rate_limit_hit
from neuguong.onestop.selectors import expected_appointment, procedure_list
from neuguong.onestop.services.public import (
    RATING_REASONS,
    can_rate,
    dossier_rate,
    public_dossier,
    public_payload,
)
from neuguong.org.constants import UnitLevel

NOT_FOUND = _(
    "No dossier matches this code and these digits. Check the code on your receipt and the last "
    "4 digits of the phone number or citizen ID you gave."
)
RATED = _("Thank you: your rating has been recorded.")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=60)
    verify = forms.RegexField(
        label=_("Last 4 digits of your phone number or citizen ID"),
        regex=r"\A[0-9]{4}\Z",  # ASCII digits: "\d" also matches "١٢٣٤"
        max_length=4,
        error_messages={"invalid": _("Enter exactly 4 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RatingForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Your rating"), choices=RatingValue.choices, widget=forms.RadioSelect
    )
    reasons = forms.MultipleChoiceField(
        label=_("Why?"),
        choices=list(RATING_REASONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_comment(self):
        # The API's rule: line breaks are fine, other control characters are not.
        try:
            return clean_text(self.cleaned_data["comment"], max_length=2000, multiline=True)
        except InvalidInput as exc:
            raise as_validation_error(exc) from None


@require_http_methods(["GET", "POST"])
def track(request):
    """GET: the form (?code= pre-fills it). POST: look up; with a rating, rate the dossier once."""
    ctx: dict[str, Any] = {"rating_form": None, "found": None, "message": None, "error": None}
    if request.method == "GET":
        ctx["form"] = TrackForm(initial={"code": request.GET.get("code", "")})
        return render(request, "onestop/public/track.html", ctx)
    form = TrackForm(request.POST)
    ctx["form"] = form
    status = 200
    if form.is_valid():
        try:
            rate_limit_hit(request, "public-lookup")
            dossier = public_dossier(form.cleaned_data["code"], form.cleaned_data["verify"])
            if dossier is None:
                ctx["error"] = NOT_FOUND
                status = 404
            else:
                if "value" in request.POST and can_rate(dossier):
                    rating_form = RatingForm(request.POST)
                    if rating_form.is_valid():
                        dossier_rate(dossier, **rating_form.cleaned_data)
                        ctx["message"] = RATED
                    else:
                        ctx["rating_form"] = rating_form
                ctx["found"] = public_payload(dossier)
                # The dossier's progress from the audit log, public-safe: no staff, no internal events.
                ctx["timeline"] = timeline_for(dossier, None, public=True)
                if ctx["found"]["can_rate"] and ctx["rating_form"] is None:
                    ctx["rating_form"] = RatingForm()
        except RateLimited as exc:
            ctx["error"] = str(exc)
            status = 429
        except DomainError as exc:
            ctx["error"] = str(exc)
            status = 400
    return render(request, "onestop/public/track.html", ctx, status=status)


# Since 1 July 2025 there is no district level (the two-level local government): a procedure is handled
# at the province or at a commune, and the catalogue offers only those two.
PROCEDURE_LEVELS = [(v, label) for v, label in UnitLevel.choices if v != UnitLevel.DISTRICT]
PROCEDURE_PAGE_SIZE = 25
ONLINE_CHANNEL = 2  # Procedure.channels: 1 in person, 2 online, 3 by post


def allows_online(procedure: Procedure) -> bool:
    """A citizen may submit this procedure online: it has an online service, or lists the channel."""
    return procedure.online_level != OnlineLevel.NONE or ONLINE_CHANNEL in (
        procedure.channels or []
    )


def submit_url(procedure: Procedure) -> str:
    """The online submission page (onestop-submit) with this procedure chosen."""
    return reverse("onestop-submit") + "?" + urlencode({"procedure": procedure.code})


def deadline_text(hours) -> str:
    """The legal deadline in words: whole working days, else working hours (plurals by ngettext)."""
    hours = Decimal(hours or 0)
    days = hours / 8
    if days == days.to_integral_value():
        n = int(days)
        return ngettext("%(n)s working day", "%(n)s working days", n) % {"n": n}
    n_hours = hours.normalize()
    shown = format(n_hours, "f").replace(".", ",")
    count = int(n_hours) if n_hours == n_hours.to_integral_value() else 2
    return ngettext("%(n)s working hour", "%(n)s working hours", count) % {"n": shown}


@require_GET
def procedures(request):
    """The searchable public catalogue (diacritics optional: "khai sinh" = "khai sinh"), by field and
    by level (province or commune), paged with the shared pager."""
    q = request.GET.get("q", "").strip()[:100]
    qs = procedure_list(q).only(
        "code", "name", "field", "level", "deadline_hours", "online_level", "channels"
    )
    level = request.GET.get("level", "")
    if level not in dict(PROCEDURE_LEVELS):
        level = ""
    if level:
        qs = qs.filter(level=level)
    field = request.GET.get("field", "").strip()[:200]
    fields = list(
        Procedure.objects.filter(is_active=True)
        .exclude(field="")
        .order_by("field")
        .values_list("field", flat=True)
        .distinct()
    )
    if field not in fields:
        field = ""
    if field:
        qs = qs.filter(field=field)
    page = paginate(request, qs.prefetch_related(None), PROCEDURE_PAGE_SIZE)
    rows = [
        {
            "procedure": p,
            "deadline": deadline_text(p.deadline_hours),
            "submit_url": submit_url(p) if allows_online(p) else "",
        }
        for p in page
    ]
    return render(
        request,
        "onestop/public/procedure_list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "level": level,
            "levels": PROCEDURE_LEVELS,
            "field": field,
            "fields": fields,
        },
    )


def step_performer(step) -> str:
    """Who performs a template step, in words a citizen understands."""
    if step.agency_id:
        return step.agency.name
    if step.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
        return str(_("The one-stop desk that receives the dossier"))
    if step.actor_kind == ActorKind.HANDOVER and step.agency_level == UnitLevel.COMMUNE:
        return str(_("The commune police"))
    return str(_("The handling agency"))


@require_GET
def procedure_detail(request, code):
    procedure = get_object_or_404(Procedure.objects.filter(is_active=True), code=code)
    steps = [
        {"order": s.order, "name": s.name, "performer": step_performer(s), "hours": s.hours}
        for s in procedure.steps.select_related("agency")
    ]
    return render(
        request,
        "onestop/public/procedure_detail.html",
        {
            "procedure": procedure,
            "steps": steps,
            "deadline": deadline_text(procedure.deadline_hours),
            "submit_url": submit_url(procedure) if allows_online(procedure) else "",
            "expected": expected_appointment(procedure),
            "interconnected": procedure.is_interconnected,
        },
    )
