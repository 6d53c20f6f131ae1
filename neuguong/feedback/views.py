"""Staff pages: the work queues per role (with the pager), the item page with its timeline and one
button per allowed action, and the bulk answer with saved templates.

Thin views (STYLE.md §2): fetch through the selectors (404 out of scope), call ONE service, redirect;
a DomainError becomes a message on the page and the service changed nothing. The public pages (the
form, following an item, published answers) are in `views_public.py`.
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
from neuguong.core.validation import parse_int
from neuguong.feedback import selectors
from neuguong.feedback.constants import TABLES, ItemKind
from neuguong.feedback.models import AnswerTemplate
from neuguong.feedback.services import items_answer_bulk
from neuguong.feedback.services.registry import ACTIONS, allowed_actions, run_action
from neuguong.org.access import require_staff, scope_for
from neuguong.org.models import Agency

QUEUES = (
    ("new", _("New")),
    ("open", _("Open")),
    ("at_risk", _("At risk")),
    ("late", _("Late")),
    ("answered", _("To publish")),
    ("all", _("All")),
)
ACTION_DONE = _("%(action)s: done.")
BULK_DONE = _("%(count)s items answered.")
BULK_EMPTY = _("Choose at least one item in progress.")
# Actions whose form asks for a text, and the label of that text.
ACTION_FIELDS = {
    "reject": ("reason", _("Reason")),
    "request_info": ("reason", _("Information needed")),
    "provide_info": ("information", _("Information")),
    "answer": ("answer", _("Official answer")),
    "reopen": ("reason", _("Why the answer does not resolve it")),
    "reassign": ("reason", _("Reason")),
    "withdraw": ("reason", _("Reason")),
    "extend": ("reason", _("Reason")),
}


@login_required
def queues(request):
    require_staff(request.user)
    queue = request.GET.get("q", "") or _default_queue(request.user)
    if queue not in dict(QUEUES):
        queue = "open"
    kind = request.GET.get("kind", "")
    rows = selectors.queue_for_user(request.user, queue)
    if kind in ItemKind.values:
        rows = rows.filter(kind=kind)
    counts = selectors.queue_counts(request.user)
    page = paginate(request, rows)
    return render(
        request,
        "feedback/queues.html",
        {
            "queues": [(key, label, counts.get(key)) for key, label in QUEUES],
            "queue": queue,
            "kind": kind,
            "kinds": ItemKind.choices,
            "page": page,
            "now": timezone.now(),
        },
    )


def _default_queue(user) -> str:
    """The queue each role opens on: the desk its new items, the head what awaits publication."""
    from neuguong.core.roles import Role
    from neuguong.org.access import user_roles

    roles = user_roles(user)
    if Role.HEAD in roles:
        return "answered"
    if Role.RECEPTION in roles:
        return "new"
    return "open"


def _action_entries(item, user):
    table = TABLES[item.kind]
    entries = []
    for name in allowed_actions(item, user):
        field = ACTION_FIELDS.get(name)
        entries.append(
            {
                "name": name,
                "label": table[name].label,
                "field": field[0] if field else "",
                "field_label": field[1] if field else "",
                "danger": name in ("reject", "withdraw", "merge", "reopen"),
            }
        )
    return entries


def _timeline(item, user):
    try:
        from neuguong.core.audit.timeline import timeline_for
    except ImportError:  # issue 8's timeline lands separately
        return []
    return timeline_for(item, user)


@login_required
def item_detail(request, pk):
    require_staff(request.user)
    item = selectors.get_item_for_user(request.user, pk)
    identity = None
    if request.GET.get("identity") == "1":
        identity = selectors.item_identity_for(request.user, item)
    return render(
        request,
        "feedback/item_detail.html",
        {
            "item": item,
            "identity": identity,
            "may_see_identity": selectors.may_see_identity(request.user, item),
            "actions": _action_entries(item, request.user),
            "agencies": Agency.objects.filter(pk__in=_agency_choices(request.user)).order_by(
                "name"
            )[:300],
            "templates": AnswerTemplate.objects.filter(agency_id=item.agency_id)[:50],
            "duplicates": selectors.possible_duplicates(item)[:10],
            "events": _timeline(item, request.user),
            "supporters": item.supporters.all()[:50],
            "attachments": item.attachments.all(),
        },
    )


def _agency_choices(user):
    ids = scope_for(user).agency_ids()
    return Agency.objects.values_list("pk", flat=True) if ids is None else ids


@login_required
@require_POST
def item_action(request, pk, action):
    require_staff(request.user)
    item = selectors.get_item_for_user(request.user, pk)
    if action not in ACTIONS or action not in TABLES[item.kind]:
        raise Http404
    params = {
        key: request.POST.get(key, "")
        for key in ("reason", "information", "answer", "rating", "comment")
    }
    if action == "accept":
        params["is_complex"] = request.POST.get("is_complex") == "on"
        params["is_remote"] = request.POST.get("is_remote") == "on"
    if action == "reassign":
        params["agency"] = parse_int(request.POST.get("agency")) or 0
    if action == "merge":
        into = selectors.item_list_for_user(request.user).filter(
            code=request.POST.get("into", "").strip().upper()[:30]
        )
        params["into"] = into.first() or item
    try:
        run_action(
            item,
            action,
            actor=request.user,
            version=parse_int(request.POST.get("version"), min_value=0),
            **params,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ACTION_DONE % {"action": TABLES[item.kind][action].label})
    return redirect("feedback-item", pk=item.pk)


@login_required
def bulk_answer(request):
    """Answer several items in progress with one saved template (or one text): all or none."""
    require_staff(request.user)
    rows = selectors.queue_for_user(request.user, "open").filter(
        state="in_progress", kind=ItemKind.FEEDBACK
    )
    if request.method == "POST":
        ids = [parse_int(v) for v in request.POST.getlist("items")][:200]
        chosen = list(rows.filter(pk__in=[i for i in ids if i]))
        template = AnswerTemplate.objects.filter(
            pk=parse_int(request.POST.get("template")) or 0,
            agency_id__in=_agency_choices(request.user),
        ).first()
        if not chosen:
            messages.error(request, BULK_EMPTY)
        else:
            try:
                items_answer_bulk(
                    chosen,
                    actor=request.user,
                    template=template,
                    answer=request.POST.get("answer", ""),
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, BULK_DONE % {"count": len(chosen)})
                return redirect("feedback-bulk")
    page = paginate(request, rows.order_by("category__order", "due_at"))
    return render(
        request,
        "feedback/bulk.html",
        {
            "page": page,
            "templates": AnswerTemplate.objects.filter(
                agency_id__in=_agency_choices(request.user)
            ).select_related("agency")[:100],
        },
    )
