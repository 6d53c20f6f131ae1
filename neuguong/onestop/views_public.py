"""Public pages: dossier tracking and rating (/tra-cuu/), the procedure catalogue (/thu-tuc/).

No login. Tracking asks for the code and a second factor by POST (the digits stay out of URLs and
logs); a QR code's link only pre-fills the code. Lookups and ratings are rate-limited per client.
"""

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from neuguong.core.errors import DomainError
from neuguong.core.validation import InvalidInput, as_validation_error, clean_text
from neuguong.onestop.constants import ActorKind, RatingValue
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
                if ctx["found"]["can_rate"] and ctx["rating_form"] is None:
                    ctx["rating_form"] = RatingForm()
        except RateLimited as exc:
            ctx["error"] = str(exc)
            status = 429
        except DomainError as exc:
            ctx["error"] = str(exc)
            status = 400
    return render(request, "onestop/public/track.html", ctx, status=status)


@require_GET
def procedures(request):
    """The searchable public catalogue (diacritics optional: "khai sinh" = "khai sinh")."""
    q = request.GET.get("q", "").strip()[:100]
    qs = procedure_list(q).only("code", "name", "field", "level", "deadline_hours", "online_level")
    level = request.GET.get("level")
    if level in UnitLevel.values:
        qs = qs.filter(level=level)
    page = Paginator(qs.prefetch_related(None), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "onestop/public/procedure_list.html",
        {"page": page, "q": q, "level": level, "levels": UnitLevel.choices},
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
            "deadline_days": procedure.deadline_hours / 8,
            "expected": expected_appointment(procedure),
            "interconnected": procedure.is_interconnected,
        },
    )
