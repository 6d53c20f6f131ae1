"""Pages of the organisation registry. Thin: fetch through access helpers, read through selectors.

List pages answer an htmx request (search-as-you-type) with just their results partial.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from neuguong.core.pagination import paginate
from neuguong.org import access, selectors
from neuguong.org.forms import AsOfForm, MaySignForm, YearForm
from neuguong.org.models import StaffingQuota

PAGE_SIZE = 50
UNIT_PAGE_SIZE = 100  # a tree reads better in longer pages
QUOTA_PAGE_SIZE = 50


def _page(request, qs):
    return paginate(request, qs, PAGE_SIZE)


def _render(request, template, partial, context):
    """The full page, or only the results partial for an htmx request."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, partial, context)
    return render(request, template, context)


@login_required
def unit_tree(request):
    form = AsOfForm(request.GET)
    day = form.day()
    units = access.unit_list_for_user(request.user).valid_on(day)
    query = form.query()
    if query:
        rows = [(u, 0) for u in selectors.text_filter(units, query).order_by("name")]
    else:
        rows = selectors.unit_tree(units.only("pk", "name", "code", "level", "unit_type", "parent"))
    page = paginate(request, rows, UNIT_PAGE_SIZE)
    context = {"form": form, "day": day, "rows": page.object_list, "page": page, "query": query}
    return _render(request, "org/unit_tree.html", "org/_unit_rows.html", context)


@login_required
def agency_list(request):
    form = AsOfForm(request.GET)
    day = form.day()
    agencies = access.agency_list_for_user(request.user).valid_on(day)
    agencies = selectors.text_filter(agencies, form.query()).order_by("level", "name")
    page = _page(request, agencies)
    heads = selectors.heads_by_agency(page.object_list, day)
    rows = [(a, heads.get(a.pk)) for a in page.object_list]
    context = {"form": form, "day": day, "page": page, "rows": rows}
    return _render(request, "org/agency_list.html", "org/_agency_rows.html", context)


@login_required
def agency_detail(request, pk: int):
    agency = access.get_agency_for_user(request.user, pk)
    form = AsOfForm(request.GET)
    day = form.day()
    visible = access.agency_list_for_user(request.user)
    quotas = list(StaffingQuota.objects.filter(agency=agency, year=day.year))
    context = {
        "agency": agency,
        "form": form,
        "day": day,
        "head": selectors.head_of(agency, day),
        "deputies": selectors.deputies_of(agency, day),
        "terms": selectors.current_terms(agency, day).order_by("title", "person__full_name"),
        "quotas": quotas,
        "quota_totals": selectors.quota_totals(quotas),
        "delegations": agency.delegations.valid_on(day).select_related("delegator", "delegate"),
        "children": visible.filter(parent=agency).valid_on(day).order_by("name"),
    }
    return render(request, "org/agency_detail.html", context)


@login_required
def person_list(request):
    form = AsOfForm(request.GET)
    day = form.day()
    people = selectors.text_filter(access.person_list_for_user(request.user), form.query())
    page = _page(request, people.order_by("full_name", "pk"))
    terms = selectors.current_terms_by_person(page.object_list, day)
    rows = [(p, terms.get(p.pk, [])) for p in page.object_list]
    context = {"form": form, "day": day, "page": page, "rows": rows}
    return _render(request, "org/person_list.html", "org/_person_rows.html", context)


@login_required
def person_detail(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    context = {
        "person": person,
        "today": timezone.localdate(),
        "terms": selectors.terms_of(person),
        "given": person.delegations_given.select_related("delegator", "delegate", "agency"),
        "received": person.delegations_received.select_related("delegator", "delegate", "agency"),
    }
    return render(request, "org/person_detail.html", context)


@login_required
def delegation_list(request):
    form = AsOfForm(request.GET)
    at = form.cleaned_data.get("at") if form.is_valid() else None
    delegations = selectors.delegation_search(
        access.delegation_list_for_user(request.user), form.query(), at
    )
    page = _page(request, delegations.order_by("-valid_from", "pk"))
    context = {"form": form, "at": at, "page": page, "today": timezone.localdate()}
    return _render(request, "org/delegation_list.html", "org/_delegation_rows.html", context)


@login_required
def may_sign_check(request):
    """Answer "may this person sign this for this agency on this date?", naming the delegation used."""
    people = access.person_list_for_user(request.user).order_by("full_name")
    agencies = access.agency_list_for_user(request.user).order_by("name")
    bound = bool(request.GET.get("person"))
    form = MaySignForm(request.GET if bound else None, people=people, agencies=agencies)
    result = None
    if bound and form.is_valid():
        data = form.cleaned_data
        day = data.get("at") or timezone.localdate()
        person, agency, subject = data["person"], data["agency"], data["subject"]
        result = {
            "day": day,
            "person": person,
            "agency": agency,
            "subject": subject,
            "allowed": selectors.may_sign(person, subject, agency, day),
            "is_head": selectors.is_head(person, agency, day),
            "delegation": selectors.authorising_delegation(person, subject, agency, day),
        }
    context = {"form": form, "result": result}
    return _render(request, "org/may_sign.html", "org/_may_sign_result.html", context)


@login_required
def quota_report(request):
    form = YearForm(request.GET)
    year = form.year_or_current()
    rows = selectors.quota_report(access.agency_list_for_user(request.user), year)
    # Three lists on one page, each with its own pager parameter.
    over, under, even = (
        paginate(request, part, QUOTA_PAGE_SIZE, param=param)
        for part, param in (
            ([q for q in rows if q.difference > 0], "over_page"),
            ([q for q in rows if q.difference < 0], "under_page"),
            ([q for q in rows if q.difference == 0], "even_page"),
        )
    )
    context = {
        "form": form,
        "year": year,
        "over": list(over.object_list),
        "under": list(under.object_list),
        "even": list(even.object_list),
        "over_page": over,
        "under_page": under,
        "even_page": even,
        "totals": selectors.quota_totals(rows),
        "agency_count": len({q.agency_id for q in rows}),
    }
    return render(request, "org/quota_report.html", context)
