"""The citizen's pages: the feedback form (anonymous or signed in, usable on a phone), following an
item by its code and the last 4 digits of the phone (then rating, reopening, answering a request for
information), and the public list and page of published answers (no personal data).

A follower proves the second factor once; the session then holds the item (a `CodeHolder` acts for
them in the services, for the citizen's rows of the table only).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from neuguong.core.errors import DomainError
from neuguong.core.pagination import paginate
from neuguong.core.validation import InvalidInput
from neuguong.feedback import selectors
from neuguong.feedback.constants import TABLES, Channel, ItemKind, Rating
from neuguong.feedback.models import Category, FeedbackItem
from neuguong.feedback.services import CodeHolder, submit_item
from neuguong.feedback.services.registry import allowed_actions, run_action
from neuguong.onestop.ratelimit import RateLimited, rate_limit_hit
from neuguong.org.constants import UnitLevel
from neuguong.org.models import AdministrativeUnit

FOLLOW_KEY = "feedback_follow"
FOLLOW_NOT_FOUND = _("No item matches this code and these digits.")
SUBMIT_LIMIT = 10  # submissions per address per 10 minutes
SUBMIT_WINDOW = 600
FIELDS = (
    "kind",
    "category_code",
    "title",
    "body",
    "commune_code",
    "address",
    "latitude",
    "longitude",
    "submitter_name",
    "submitter_phone",
    "submitter_email",
    "dossier_code",
)
PUBLIC_KINDS = (ItemKind.FEEDBACK, ItemKind.COMPLAINT, ItemKind.DENUNCIATION)


def _form_context(values=None, error: InvalidInput | DomainError | None = None):
    communes = AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(
        level=UnitLevel.COMMUNE
    )
    return {
        "values": values or {},
        "error": error,
        "error_field": getattr(error, "field", ""),
        "categories": Category.objects.filter(is_active=True),
        "communes": communes.order_by("name"),
        "kinds": [(k.value, k.label) for k in PUBLIC_KINDS],
    }


def submit(request):
    """The feedback form. A bad field answers 400 with its message, and nothing is created."""
    if request.method != "POST":
        return render(request, "feedback/submit.html", _form_context({"kind": "feedback"}))
    values = {key: request.POST.get(key, "") for key in FIELDS}
    try:
        rate_limit_hit(request, "feedback-submit", limit=SUBMIT_LIMIT, window=SUBMIT_WINDOW)
        item = submit_item(
            category_code=values["category_code"],
            title=values["title"],
            body=values["body"],
            commune_code=values["commune_code"] or None,
            channel=Channel.WEB,
            actor=request.user if request.user.is_authenticated else None,
            kind=values["kind"] or ItemKind.FEEDBACK,
            submitter_name=values["submitter_name"],
            submitter_phone=values["submitter_phone"],
            submitter_email=values["submitter_email"],
            address=values["address"],
            latitude=values["latitude"] or None,
            longitude=values["longitude"] or None,
            attachments=request.FILES.getlist("attachments"),
            dossier_code=values["dossier_code"],
        )
    except RateLimited as exc:
        return render(request, "feedback/submit.html", _form_context(values, exc), status=429)
    except DomainError as exc:
        return render(request, "feedback/submit.html", _form_context(values, exc), status=400)
    _remember(request, item)
    return redirect("feedback-sent", code=item.code)


def _remember(request, item: FeedbackItem) -> None:
    followed = [pk for pk in request.session.get(FOLLOW_KEY, []) if pk != item.pk][-19:]
    request.session[FOLLOW_KEY] = [*followed, item.pk]


def _followed(request, code: str) -> FeedbackItem:
    """The item `code` if this session proved its second factor (or the user submitted it)."""
    item = FeedbackItem.objects.select_related("category", "agency").filter(code=code).first()
    if item is None:
        raise Http404
    mine = request.user.is_authenticated and item.submitter_user_id == request.user.pk
    if not mine and item.pk not in request.session.get(FOLLOW_KEY, []):
        raise Http404
    return item


def sent(request, code):
    item = _followed(request, code)
    return render(request, "feedback/sent.html", {"item": item})


def follow(request):
    """Code + last 4 digits of the phone → the item's page (rate-limited, as dossier tracking)."""
    error = ""
    if request.method == "POST":
        try:
            rate_limit_hit(request, "feedback-follow")
        except RateLimited as exc:
            return render(request, "feedback/follow.html", {"error": str(exc)}, status=429)
        item = selectors.followed_item(request.POST.get("code", ""), request.POST.get("verify", ""))
        if item is not None:
            _remember(request, item)
            return redirect("feedback-followed", code=item.code)
        error = str(FOLLOW_NOT_FOUND)
    return render(request, "feedback/follow.html", {"error": error}, status=400 if error else 200)


def _actor(request, item):
    if request.user.is_authenticated and item.submitter_user_id == request.user.pk:
        return request.user
    return CodeHolder(item.pk)


def followed(request, code):
    item = _followed(request, code)
    actor = _actor(request, item)
    table = TABLES[item.kind]
    return render(
        request,
        "feedback/followed.html",
        {
            "item": item,
            "actions": [(a, table[a].label) for a in allowed_actions(item, actor)],
            "ratings": Rating.choices,
        },
    )


@require_POST
def followed_action(request, code, action):
    item = _followed(request, code)
    if action not in ("rate", "reopen", "provide_info", "withdraw"):
        raise Http404
    params = {
        key: request.POST.get(key, "") for key in ("rating", "comment", "reason", "information")
    }
    try:
        run_action(item, action, actor=_actor(request, item), **params)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you. Your answer was recorded."))
    return redirect("feedback-followed", code=item.code)


@login_required
def my_list(request):
    """A signed-in citizen's own items (staff see theirs in the queues)."""
    rows = FeedbackItem.objects.filter(submitter_user=request.user).select_related(
        "category", "agency"
    )
    return render(request, "feedback/my_list.html", {"page": paginate(request, rows)})


def public_list(request):
    query = request.GET.get("q", "")[:200]
    page = paginate(request, selectors.public_items(query))
    return render(request, "feedback/public_list.html", {"page": page, "q": query})


def public_detail(request, code):
    item = selectors.public_item(code)
    if item is None:
        raise Http404
    return render(request, "feedback/public_detail.html", {"item": item})
