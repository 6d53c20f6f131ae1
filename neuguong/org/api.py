"""The organisation registry's API: read for staff (scoped), write for administrators.

Writes run the same services as everything else, so they are validated and audited the same way.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from neuguong.org import access, selectors, services
from neuguong.org.constants import (
    AgencyKind,
    DelegationKind,
    PositionTitle,
    QuotaKind,
    UnitLevel,
    UnitType,
)
from neuguong.org.models import Delegation

router = Router(tags=["org"])

MAX_LIMIT = 200


class Error(Schema):
    detail: str | list[str]
    code: str


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


def _require_admin(user) -> None:
    if not access.is_admin(user):
        raise PermissionDenied


def _slice(qs, limit: int, offset: int):
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return qs.count(), list(qs[offset : offset + limit])


# ---- schemas -----------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    full_name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level: UnitLevel
    unit_type: UnitType
    parent_id: int | None
    province_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitPage(Schema):
    count: int
    items: list[UnitOut]


class UnitIn(Schema):
    code: str
    name: str
    level: UnitLevel
    unit_type: UnitType
    parent_id: int | None = None
    province_code: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class UnitPatch(Schema):
    code: str | None = None
    name: str | None = None
    level: UnitLevel | None = None
    unit_type: UnitType | None = None
    parent_id: int | None = None
    province_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: AgencyKind
    level: UnitLevel
    unit_id: int
    parent_id: int | None
    identifier_code: str
    province_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    head: PersonRef | None = Field(None, description="The head on the requested date.")


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


class AgencyIn(Schema):
    name: str
    short_name: str = ""
    kind: AgencyKind
    level: UnitLevel
    unit_id: int
    parent_id: int | None = None
    identifier_code: str
    province_code: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class AgencyPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    kind: AgencyKind | None = None
    level: UnitLevel | None = None
    unit_id: int | None = None
    parent_id: int | None = None
    identifier_code: str | None = None
    province_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class TermOut(Schema):
    id: int
    person_id: int
    title: PositionTitle
    agency_id: int | None
    party_org_id: int | None
    started_on: dt.date
    ended_on: dt.date | None
    decision_ref: str


class TermPage(Schema):
    count: int
    items: list[TermOut]


class TermIn(Schema):
    person_id: int
    title: PositionTitle
    agency_id: int | None = None
    party_org_id: int | None = None
    started_on: dt.date
    ended_on: dt.date | None = None
    decision_ref: str = ""


class TermPatch(Schema):
    title: PositionTitle | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    decision_ref: str | None = None


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    phone: str


class PersonDetailOut(PersonOut):
    terms: list[TermOut] = Field(..., alias="term_rows")


class PersonPage(Schema):
    count: int
    items: list[PersonOut]


class PersonIn(Schema):
    full_name: str
    email: str = ""
    phone: str = ""


class PersonPatch(Schema):
    full_name: str | None = None
    email: str | None = None
    phone: str | None = None


class QuotaOut(Schema):
    id: int
    agency_id: int
    year: int
    kind: QuotaKind
    approved: int
    filled: int
    difference: int = Field(..., description="Filled minus approved: positive is over quota.")
    decision_ref: str


class QuotaPage(Schema):
    count: int
    items: list[QuotaOut]


class QuotaIn(Schema):
    agency_id: int
    year: int
    kind: QuotaKind
    approved: int = Field(..., ge=0)
    filled: int = Field(..., ge=0)
    decision_ref: str = ""


class QuotaPatch(Schema):
    approved: int | None = Field(None, ge=0)
    filled: int | None = Field(None, ge=0)
    decision_ref: str | None = None


class DelegationOut(Schema):
    id: int
    kind: DelegationKind
    delegator: PersonRef
    delegate: PersonRef
    agency_id: int
    agency_name: str
    procedure_codes: list[str]
    decision_kinds: list[str]
    legal_basis_number: str
    legal_basis_date: dt.date
    valid_from: dt.date | None
    valid_to: dt.date | None
    revoked_on: dt.date | None
    note: str


class DelegationPage(Schema):
    count: int
    items: list[DelegationOut]


class DelegationIn(Schema):
    kind: DelegationKind
    delegator_id: int
    delegate_id: int
    agency_id: int
    procedure_codes: list[str] = []
    decision_kinds: list[str] = []
    legal_basis_number: str
    legal_basis_date: dt.date
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str = ""


class DelegationPatch(Schema):
    procedure_codes: list[str] | None = None
    decision_kinds: list[str] | None = None
    legal_basis_number: str | None = None
    legal_basis_date: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str | None = None


class RevokeIn(Schema):
    on: dt.date | None = Field(None, description="First day the delegation no longer stands.")
    note: str = ""


class MaySignOut(Schema):
    person_id: int
    subject: str
    agency_id: int
    at: dt.date
    allowed: bool
    as_head: bool
    delegation: DelegationOut | None


def _patch(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


# ---- units -------------------------------------------------------------------------------------


@router.get("/units", response={200: UnitPage, **ERRORS}, summary="Administrative units")
def list_units(
    request, q: str = "", at: dt.date | None = None, level: UnitLevel | None = None,
    limit: int = 50, offset: int = 0,
):  # fmt: skip
    qs = access.unit_list_for_user(request.user)
    if at:
        qs = qs.valid_on(at)
    if level:
        qs = qs.filter(level=level)
    count, items = _slice(selectors.text_filter(qs, q).order_by("level", "name"), limit, offset)
    return {"count": count, "items": items}


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def get_unit(request, unit_id: int):
    return access.get_unit_for_user(request.user, unit_id)


@router.post("/units", response={201: UnitOut, **ERRORS})
def create_unit(request, payload: UnitIn):
    _require_admin(request.user)
    return Status(201, services.unit_create(actor=request.user, **payload.dict()))


@router.patch("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def update_unit(request, unit_id: int, payload: UnitPatch):
    _require_admin(request.user)
    unit = access.get_unit_for_user(request.user, unit_id)
    return services.unit_update(unit, actor=request.user, **_patch(payload))


# ---- agencies ----------------------------------------------------------------------------------


def _with_heads(agencies, at):
    heads = selectors.heads_by_agency(agencies, at)
    for agency in agencies:
        agency.head = heads.get(agency.pk)
    return agencies


@router.get("/agencies", response={200: AgencyPage, **ERRORS}, summary="Agencies with their head")
def list_agencies(
    request, q: str = "", at: dt.date | None = None, kind: AgencyKind | None = None,
    limit: int = 50, offset: int = 0,
):  # fmt: skip
    qs = access.agency_list_for_user(request.user)
    if at:
        qs = qs.valid_on(at)
    if kind:
        qs = qs.filter(kind=kind)
    count, items = _slice(selectors.text_filter(qs, q).order_by("level", "name"), limit, offset)
    return {"count": count, "items": _with_heads(items, at)}


@router.get("/agencies/{agency_id}", response={200: AgencyOut, **ERRORS})
def get_agency(request, agency_id: int, at: dt.date | None = None):
    agency = access.get_agency_for_user(request.user, agency_id)
    return _with_heads([agency], at)[0]


@router.post("/agencies", response={201: AgencyOut, **ERRORS})
def create_agency(request, payload: AgencyIn):
    _require_admin(request.user)
    agency = services.agency_create(actor=request.user, **payload.dict())
    return Status(201, _with_heads([agency], None)[0])


@router.patch("/agencies/{agency_id}", response={200: AgencyOut, **ERRORS})
def update_agency(request, agency_id: int, payload: AgencyPatch):
    _require_admin(request.user)
    agency = access.get_agency_for_user(request.user, agency_id)
    agency = services.agency_update(agency, actor=request.user, **_patch(payload))
    return _with_heads([agency], None)[0]


# ---- people and terms --------------------------------------------------------------------------


@router.get("/people", response={200: PersonPage, **ERRORS})
def list_people(request, q: str = "", limit: int = 50, offset: int = 0):
    qs = selectors.text_filter(access.person_list_for_user(request.user), q).order_by("full_name")
    count, items = _slice(qs, limit, offset)
    return {"count": count, "items": items}


@router.get("/people/{person_id}", response={200: PersonDetailOut, **ERRORS})
def get_person(request, person_id: int):
    person = access.get_person_for_user(request.user, person_id)
    person.term_rows = list(selectors.terms_of(person))
    return person


@router.post("/people", response={201: PersonOut, **ERRORS})
def create_person(request, payload: PersonIn):
    _require_admin(request.user)
    return Status(201, services.person_create(actor=request.user, **payload.dict()))


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS})
def update_person(request, person_id: int, payload: PersonPatch):
    _require_admin(request.user)
    person = access.get_person_for_user(request.user, person_id)
    return services.person_update(person, actor=request.user, **_patch(payload))


@router.get("/terms", response={200: TermPage, **ERRORS})
def list_terms(
    request, person: int | None = None, agency: int | None = None, at: dt.date | None = None,
    limit: int = 50, offset: int = 0,
):  # fmt: skip
    qs = access.term_list_for_user(request.user)
    if person:
        qs = qs.filter(person_id=person)
    if agency:
        qs = qs.filter(agency_id=agency)
    if at:
        qs = qs.on(at)
    count, items = _slice(qs.order_by("-started_on", "pk"), limit, offset)
    return {"count": count, "items": items}


@router.post("/terms", response={201: TermOut, **ERRORS})
def create_term(request, payload: TermIn):
    _require_admin(request.user)
    return Status(201, services.term_create(actor=request.user, **payload.dict()))


@router.patch("/terms/{term_id}", response={200: TermOut, **ERRORS})
def update_term(request, term_id: int, payload: TermPatch):
    _require_admin(request.user)
    term = access.get_term_for_user(request.user, term_id)
    return services.term_update(term, actor=request.user, **_patch(payload))


# ---- staffing quotas ---------------------------------------------------------------------------


@router.get("/quotas", response={200: QuotaPage, **ERRORS})
def list_quotas(
    request, year: int | None = None, agency: int | None = None, limit: int = 50, offset: int = 0
):
    qs = access.quota_list_for_user(request.user)
    if year:
        qs = qs.filter(year=year)
    if agency:
        qs = qs.filter(agency_id=agency)
    count, items = _slice(qs.order_by("-year", "agency__name", "kind"), limit, offset)
    return {"count": count, "items": items}


@router.post("/quotas", response={201: QuotaOut, **ERRORS})
def create_quota(request, payload: QuotaIn):
    _require_admin(request.user)
    return Status(201, services.quota_create(actor=request.user, **payload.dict()))


@router.patch("/quotas/{quota_id}", response={200: QuotaOut, **ERRORS})
def update_quota(request, quota_id: int, payload: QuotaPatch):
    _require_admin(request.user)
    quota = access.get_quota_for_user(request.user, quota_id)
    return services.quota_update(quota, actor=request.user, **_patch(payload))


# ---- the delegation register -------------------------------------------------------------------


@router.get(
    "/delegations",
    response={200: DelegationPage, **ERRORS},
    summary="The delegation register",
    description='`q` is searched without diacritics ("uy quyen" finds "ủy quyền"); `at` keeps the '
    "delegations in force on that date.",
)
def list_delegations(
    request, q: str = "", at: dt.date | None = None, limit: int = 50, offset: int = 0
):
    qs = selectors.delegation_search(access.delegation_list_for_user(request.user), q, at)
    count, items = _slice(qs.order_by("-valid_from", "pk"), limit, offset)
    return {"count": count, "items": items}


@router.get(
    "/delegations/may-sign",
    response={200: MaySignOut, **ERRORS},
    summary="May this person sign this for this agency on this date?",
)
def may_sign(request, person: int, subject: str, agency: int, at: dt.date | None = None):
    signer = access.get_person_for_user(request.user, person)
    on_behalf_of = access.get_agency_for_user(request.user, agency)
    day = at or timezone.localdate()
    as_head = selectors.is_head(signer, on_behalf_of, day)
    delegation = (
        None if as_head else selectors.authorising_delegation(signer, subject, on_behalf_of, day)
    )
    return {
        "person_id": signer.pk,
        "subject": subject,
        "agency_id": on_behalf_of.pk,
        "at": day,
        "allowed": as_head or delegation is not None,
        "as_head": as_head,
        "delegation": delegation,
    }


@router.get("/delegations/{delegation_id}", response={200: DelegationOut, **ERRORS})
def get_delegation(request, delegation_id: int):
    return access.get_delegation_for_user(request.user, delegation_id)


@router.post("/delegations", response={201: DelegationOut, **ERRORS})
def create_delegation(request, payload: DelegationIn):
    _require_admin(request.user)
    delegation = services.delegation_create(actor=request.user, **payload.dict())
    return Status(201, _reload(delegation))


@router.patch("/delegations/{delegation_id}", response={200: DelegationOut, **ERRORS})
def update_delegation(request, delegation_id: int, payload: DelegationPatch):
    _require_admin(request.user)
    delegation = access.get_delegation_for_user(request.user, delegation_id)
    services.delegation_update(delegation, actor=request.user, **_patch(payload))
    return _reload(delegation)


@router.post("/delegations/{delegation_id}/revoke", response={200: DelegationOut, **ERRORS})
def revoke_delegation(request, delegation_id: int, payload: RevokeIn):
    _require_admin(request.user)
    delegation = access.get_delegation_for_user(request.user, delegation_id)
    services.delegation_revoke(delegation, actor=request.user, on=payload.on, note=payload.note)
    return _reload(delegation)


def _reload(delegation):
    return get_object_or_404(
        Delegation.objects.select_related("delegator", "delegate", "agency"), pk=delegation.pk
    )
