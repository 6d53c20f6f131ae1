"""Reads of the organisation registry."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils import timezone

from neuguong.core.text import fold
from neuguong.org.constants import HEAD_TITLES, AuthorityKinds, PositionTitle
from neuguong.org.models import Agency, Delegation, PartyOrganization, Person, StaffingQuota, Term


def _as_date(at) -> dt.date:
    if at is None:
        return timezone.localdate()
    if isinstance(at, dt.datetime):
        return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    return at


def head_of(org: Agency | PartyOrganization, at=None) -> Person | None:
    """The head (người đứng đầu) of an agency or party organisation on a date, or None when vacant."""
    day = _as_date(at)
    field = "agency" if isinstance(org, Agency) else "party_org"
    term = (
        Term.objects.on(day)
        .filter(**{field: org}, title__in=HEAD_TITLES)
        .select_related("person")
        .order_by("-started_on")
        .first()
    )
    return term.person if term else None


def deputies_of(org: Agency | PartyOrganization, at=None) -> list[Person]:
    day = _as_date(at)
    field = "agency" if isinstance(org, Agency) else "party_org"
    titles = (PositionTitle.DEPUTY, PositionTitle.DEPUTY_SECRETARY)
    return [
        t.person
        for t in Term.objects.on(day)
        .filter(**{field: org}, title__in=titles)
        .select_related("person")
        .order_by("started_on")
    ]


def terms_of(person: Person):
    return person.terms.select_related("agency", "party_org").order_by("-started_on")


def _subject_code(procedure_or_kind) -> str:
    code = getattr(procedure_or_kind, "code", procedure_or_kind)
    return str(code)


# Inside `authority_memo()`: (person id, agency id) -> that person's head terms of that agency.
_HEAD_TERMS: ContextVar[dict | None] = ContextVar("neuguong_head_terms", default=None)


@contextmanager
def authority_memo():
    """Within the block, read each (person, agency)'s head terms once and answer `is_head` (and so
    `may_sign`) for any date from them.

    For batch jobs that sign thousands of results and create or end no term meanwhile (the demo
    generator); a term written inside the block is not seen by it. Outside the block nothing is cached.
    """
    token = _HEAD_TERMS.set({})
    try:
        yield
    finally:
        _HEAD_TERMS.reset(token)


def is_head(person: Person, agency: Agency, at=None) -> bool:
    day = _as_date(at)
    memo = _HEAD_TERMS.get()
    if memo is None:
        return (
            Term.objects.on(day)
            .filter(person=person, agency=agency, title__in=HEAD_TITLES)
            .exists()
        )
    key = (person.pk, agency.pk)
    spans = memo.get(key)
    if spans is None:
        spans = memo[key] = list(
            Term.objects.filter(person=person, agency=agency, title__in=HEAD_TITLES).values_list(
                "started_on", "ended_on"
            )
        )
    # The same test as Term.objects.on(day).
    return any(start <= day and (end is None or end >= day) for start, end in spans)


def authorising_delegation(person: Person, procedure_or_kind, agency: Agency, at=None):
    """The delegation that lets `person` sign `procedure_or_kind` for `agency` on that date, if any.

    An authorisation or assignment only stands while its delegator heads the agency: authority that the
    delegator no longer holds cannot be passed on (Civil Code 2015, Art. 140 — an authorisation ends
    with the authoriser's capacity). A decentralisation (phân cấp) comes from a higher body and stands alone.
    """
    day = _as_date(at)
    subject = _subject_code(procedure_or_kind)
    candidates = Delegation.objects.valid_on(day).filter(delegate=person, agency=agency)
    for delegation in candidates.select_related("delegator"):
        if not delegation.covers(subject):
            continue
        if delegation.kind in AuthorityKinds.NEEDS_HEAD_DELEGATOR and not is_head(
            delegation.delegator, agency, day
        ):
            continue
        return delegation
    return None


@dataclass(frozen=True)
class SignAuthority:
    """Whether a person may sign, and why: as the head, or under which delegation."""

    allowed: bool
    as_head: bool = False
    delegation: Delegation | None = None

    def __bool__(self) -> bool:
        return self.allowed


def sign_authority(person: Person | None, procedure_or_kind, agency: Agency, at=None):
    """May this person sign this procedure's result (or this kind of decision) for this agency then?

    The head of the agency may; anyone else needs a delegation in the register that is in force on that
    date and covers the procedure's national code or the decision kind. The one implementation: the
    services, the API's may-sign check and the pages all call it.
    """
    if person is None:
        return SignAuthority(False)
    if is_head(person, agency, at):
        return SignAuthority(True, as_head=True)
    delegation = authorising_delegation(person, procedure_or_kind, agency, at)
    return SignAuthority(delegation is not None, delegation=delegation)


def may_sign(person: Person | None, procedure_or_kind, agency: Agency, at=None) -> bool:
    return sign_authority(person, procedure_or_kind, agency, at).allowed


def delegation_search(qs, query: str = "", at=None):
    """Filter a delegation queryset by folded text ("uy quyen" finds "ủy quyền") and validity date."""
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if at is not None:
        qs = qs.valid_on(_as_date(at))
    return qs


def quota_report(agency_qs, year: int):
    """Staffing quotas of a year, with the difference (filled − approved); over-quota first."""
    rows = list(
        StaffingQuota.objects.filter(agency__in=agency_qs, year=year).select_related("agency")
    )
    rows.sort(key=lambda q: (-q.difference, q.agency.name))
    return rows


def text_filter(qs, query: str):
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def current_terms(agency: Agency, at=None):
    day = _as_date(at)
    return Term.objects.on(day).filter(agency=agency).select_related("person")


def heads_by_agency(agencies, at=None) -> dict[int, Person]:
    """Heads of many agencies on a date in one query: {agency id: person}."""
    day = _as_date(at)
    ids = [a.pk for a in agencies]
    heads: dict[int, Person] = {}
    terms = (
        Term.objects.on(day)
        .filter(agency_id__in=ids, title__in=HEAD_TITLES)
        .select_related("person")
        .order_by("agency_id", "started_on")
    )
    for term in terms:
        heads[term.agency_id] = term.person  # the latest start wins, as in head_of
    return heads


def unit_tree(units) -> list[tuple[object, int]]:
    """Units as a depth-first list of (unit, depth); a unit whose parent is not in `units` is a root."""
    units = list(units)
    ids = {u.pk for u in units}
    children: dict[int | None, list] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.level != "province", u.name))
    rows: list[tuple[object, int]] = []
    stack = [(u, 0) for u in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        rows.append((unit, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(unit.pk, [])))
    return rows


def quota_totals(rows) -> dict[str, int]:
    return {
        "approved": sum(q.approved for q in rows),
        "filled": sum(q.filled for q in rows),
        "over": sum(1 for q in rows if q.difference > 0),
        "under": sum(1 for q in rows if q.difference < 0),
    }


def current_terms_by_person(people, at=None) -> dict[int, list[Term]]:
    """Terms held on a date by many people, in one query: {person id: [terms]}."""
    day = _as_date(at)
    by_person: dict[int, list[Term]] = {}
    terms = (
        Term.objects.on(day)
        .filter(person_id__in=[p.pk for p in people])
        .select_related("agency", "party_org")
        .order_by("started_on")
    )
    for term in terms:
        by_person.setdefault(term.person_id, []).append(term)
    return by_person


def registry_counts(day: dt.date | None = None) -> list[tuple[str, int]]:
    """The registry's figures, as the home pages and the demo's printout both show them: units and
    agencies in force on `day` (today by default; a unit merged away in the 2025 reform is not in
    force), everyone in the registry, and the delegations in force. Labels are translated."""
    from django.utils.translation import gettext as _

    from neuguong.org.models import AdministrativeUnit

    day = day or timezone.localdate()
    return [
        (_("Administrative units in force"), AdministrativeUnit.objects.valid_on(day).count()),
        (_("Agencies in force"), Agency.objects.valid_on(day).count()),
        (_("People"), Person.objects.count()),
        (_("Delegations in force"), Delegation.objects.valid_on(day).count()),
    ]
