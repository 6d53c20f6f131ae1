"""The organisation registry's API: read for staff (scoped), write for administrators.

Writes run the same services as everything else, so they are validated and audited the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from neuguong.core.validation import DbId, InputSchema, InvalidInput, Limit, Offset
from neuguong.org import access, selectors, services
from neuguong.org.constants import (
    AgencyKind,
    DelegationKind,
    PositionTitle,
    QuotaKind,
    UnitLevel,
    UnitType,
)
from neuguong.org.models import (
    AdministrativeUnit,
    Agency,
    Delegation,
    Person,
    StaffingQuota,
    Term,
)

router = Router(tags=["org"])

# Query parameters: searched text and a signing subject are bounded; years fit a small integer.
SearchText = Annotated[str, Field(max_length=200)]
Subject = Annotated[str, Field(max_length=100)]
Year = Annotated[int, Field(ge=1900, le=2200)]

MAX_LIMIT = 200


class Error(Schema):
    detail: str | list[str]
    code: str


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


def _require_admin(user) -> None:
    if not access.is_admin(user):
        raise PermissionDenied


def _slice(qs, limit: int, offset: int):  # bounded by the Limit and Offset types
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


class UnitIn(InputSchema):
    code: str
    name: str
    level: UnitLevel
    unit_type: UnitType
    parent_id: DbId | None = None
    province_code: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class UnitPatch(InputSchema):
    code: str | None = None
    name: str | None = None
    level: UnitLevel | None = None
    unit_type: UnitType | None = None
    parent_id: DbId | None = None
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


class AgencyIn(InputSchema):
    name: str
    short_name: str = ""
    kind: AgencyKind
    level: UnitLevel
    unit_id: DbId
    parent_id: DbId | None = None
    identifier_code: str
    province_code: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class AgencyPatch(InputSchema):
    name: str | None = None
    short_name: str | None = None
    kind: AgencyKind | None = None
    level: UnitLevel | None = None
    unit_id: DbId | None = None
    parent_id: DbId | None = None
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


class TermIn(InputSchema):
    person_id: DbId
    title: PositionTitle
    agency_id: DbId | None = None
    party_org_id: DbId | None = None
    started_on: dt.date
    ended_on: dt.date | None = None
    decision_ref: str = ""


class TermPatch(InputSchema):
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
    terms: list[TermOut]


class PersonPage(Schema):
    count: int
    items: list[PersonOut]


class PersonIn(InputSchema):
    full_name: str
    email: str = ""
    phone: str = ""


class PersonPatch(InputSchema):
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


class QuotaIn(InputSchema):
    agency_id: DbId
    year: int
    kind: QuotaKind
    approved: int = Field(..., ge=0)
    filled: int = Field(..., ge=0)
    decision_ref: str = ""


class QuotaPatch(InputSchema):
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


class DelegationIn(InputSchema):
    kind: DelegationKind
    delegator_id: DbId
    delegate_id: DbId
    agency_id: DbId
    procedure_codes: list[str] = []
    decision_kinds: list[str] = []
    legal_basis_number: str
    legal_basis_date: dt.date
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str = ""


class DelegationPatch(InputSchema):
    procedure_codes: list[str] | None = None
    decision_kinds: list[str] | None = None
    legal_basis_number: str | None = None
    legal_basis_date: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str | None = None


class RevokeIn(InputSchema):
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


NOT_NULL = _("This field cannot be empty (null); leave it out to keep its value.")


def _patch(payload: Schema, model) -> dict:
    """The fields a PATCH sets. An explicit null is refused (400) for a column that cannot hold it:
    full_clean skips blank=True fields, so a null used to reach the INSERT as an IntegrityError."""
    fields = payload.dict(exclude_unset=True)
    for name, value in fields.items():
        if value is None and not model._meta.get_field(name).null:
            raise InvalidInput(NOT_NULL, code="not_null", field=name)
    return fields


# ---- units -------------------------------------------------------------------------------------


@router.get("/units", response={200: UnitPage, **ERRORS}, summary="Administrative units")
def list_units(
    request, q: SearchText = "", at: dt.date | None = None, level: UnitLevel | None = None,
    limit: Limit = 50, offset: Offset = 0,
):  # fmt: skip
    qs = access.unit_list_for_user(request.user)
    if at:
        qs = qs.valid_on(at)
    if level:
        qs = qs.filter(level=level)
    count, items = _slice(selectors.text_filter(qs, q).order_by("level", "name"), limit, offset)
    return {"count": count, "items": items}


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def get_unit(request, unit_id: DbId):
    return access.get_unit_for_user(request.user, unit_id)


@router.post("/units", response={201: UnitOut, **ERRORS})
def create_unit(request, payload: UnitIn):
    _require_admin(request.user)
    return Status(201, services.unit_create(actor=request.user, **payload.dict()))


@router.patch("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def update_unit(request, unit_id: DbId, payload: UnitPatch):
    _require_admin(request.user)
    unit = access.get_unit_for_user(request.user, unit_id)
    return services.unit_update(unit, actor=request.user, **_patch(payload, AdministrativeUnit))


# ---- agencies ----------------------------------------------------------------------------------


def _with_heads(agencies, at):
    heads = selectors.heads_by_agency(agencies, at)
    for agency in agencies:
        agency.head = heads.get(agency.pk)
    return agencies


@router.get("/agencies", response={200: AgencyPage, **ERRORS}, summary="Agencies with their head")
def list_agencies(
    request, q: SearchText = "", at: dt.date | None = None, kind: AgencyKind | None = None,
    limit: Limit = 50, offset: Offset = 0,
):  # fmt: skip
    qs = access.agency_list_for_user(request.user)
    if at:
        qs = qs.valid_on(at)
    if kind:
        qs = qs.filter(kind=kind)
    count, items = _slice(selectors.text_filter(qs, q).order_by("level", "name"), limit, offset)
    return {"count": count, "items": _with_heads(items, at)}


@router.get("/agencies/{agency_id}", response={200: AgencyOut, **ERRORS})
def get_agency(request, agency_id: DbId, at: dt.date | None = None):
    agency = access.get_agency_for_user(request.user, agency_id)
    return _with_heads([agency], at)[0]


@router.post("/agencies", response={201: AgencyOut, **ERRORS})
def create_agency(request, payload: AgencyIn):
    _require_admin(request.user)
    agency = services.agency_create(actor=request.user, **payload.dict())
    return Status(201, _with_heads([agency], None)[0])


@router.patch("/agencies/{agency_id}", response={200: AgencyOut, **ERRORS})
def update_agency(request, agency_id: DbId, payload: AgencyPatch):
    _require_admin(request.user)
    agency = access.get_agency_for_user(request.user, agency_id)
    agency = services.agency_update(agency, actor=request.user, **_patch(payload, Agency))
    return _with_heads([agency], None)[0]


# ---- people and terms --------------------------------------------------------------------------


@router.get("/people", response={200: PersonPage, **ERRORS})
def list_people(request, q: SearchText = "", limit: Limit = 50, offset: Offset = 0):
    qs = selectors.text_filter(access.person_list_for_user(request.user), q).order_by("full_name")
    count, items = _slice(qs, limit, offset)
    return {"count": count, "items": items}


@router.get("/people/{person_id}", response={200: PersonDetailOut, **ERRORS})
def get_person(request, person_id: DbId):
    person = access.get_person_for_user(request.user, person_id)
    return {**PersonOut.from_orm(person).dict(), "terms": list(selectors.terms_of(person))}


@router.post("/people", response={201: PersonOut, **ERRORS})
def create_person(request, payload: PersonIn):
    _require_admin(request.user)
    return Status(201, services.person_create(actor=request.user, **payload.dict()))


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS})
def update_person(request, person_id: DbId, payload: PersonPatch):
    _require_admin(request.user)
    person = access.get_person_for_user(request.user, person_id)
    return services.person_update(person, actor=request.user, **_patch(payload, Person))


@router.get("/terms", response={200: TermPage, **ERRORS})
def list_terms(
    request, person: DbId | None = None, agency: DbId | None = None, at: dt.date | None = None,
    limit: Limit = 50, offset: Offset = 0,
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
def update_term(request, term_id: DbId, payload: TermPatch):
    _require_admin(request.user)
    term = access.get_term_for_user(request.user, term_id)
    return services.term_update(term, actor=request.user, **_patch(payload, Term))


# ---- staffing quotas ---------------------------------------------------------------------------


@router.get("/quotas", response={200: QuotaPage, **ERRORS})
def list_quotas(
    request,
    year: Year | None = None,
    agency: DbId | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
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
def update_quota(request, quota_id: DbId, payload: QuotaPatch):
    _require_admin(request.user)
    quota = access.get_quota_for_user(request.user, quota_id)
    return services.quota_update(quota, actor=request.user, **_patch(payload, StaffingQuota))


# ---- the delegation register -------------------------------------------------------------------


@router.get(
    "/delegations",
    response={200: DelegationPage, **ERRORS},
    summary="The delegation register",
    description='`q` is searched without diacritics ("uy quyen" finds "ủy quyền"); `at` keeps the '
    "delegations in force on that date.",
)
def list_delegations(
    request, q: SearchText = "", at: dt.date | None = None, limit: Limit = 50, offset: Offset = 0
):
    qs = selectors.delegation_search(access.delegation_list_for_user(request.user), q, at)
    count, items = _slice(qs.order_by("-valid_from", "pk"), limit, offset)
    return {"count": count, "items": items}


@router.get(
    "/delegations/may-sign",
    response={200: MaySignOut, **ERRORS},
    summary="May this person sign this for this agency on this date?",
)
def may_sign(request, person: DbId, subject: Subject, agency: DbId, at: dt.date | None = None):
    signer = access.get_person_for_user(request.user, person)
    on_behalf_of = access.get_agency_for_user(request.user, agency)
    day = at or timezone.localdate()
    authority = selectors.sign_authority(signer, subject, on_behalf_of, day)
    return {
        "person_id": signer.pk,
        "subject": subject,
        "agency_id": on_behalf_of.pk,
        "at": day,
        "allowed": authority.allowed,
        "as_head": authority.as_head,
        "delegation": authority.delegation,
    }


@router.get("/delegations/{delegation_id}", response={200: DelegationOut, **ERRORS})
def get_delegation(request, delegation_id: DbId):
    return access.get_delegation_for_user(request.user, delegation_id)


@router.post("/delegations", response={201: DelegationOut, **ERRORS})
def create_delegation(request, payload: DelegationIn):
    _require_admin(request.user)
    delegation = services.delegation_create(actor=request.user, **payload.dict())
    return Status(201, _reload(delegation))


@router.patch("/delegations/{delegation_id}", response={200: DelegationOut, **ERRORS})
def update_delegation(request, delegation_id: DbId, payload: DelegationPatch):
    _require_admin(request.user)
    delegation = access.get_delegation_for_user(request.user, delegation_id)
    services.delegation_update(delegation, actor=request.user, **_patch(payload, Delegation))
    return _reload(delegation)


@router.post("/delegations/{delegation_id}/revoke", response={200: DelegationOut, **ERRORS})
def revoke_delegation(request, delegation_id: DbId, payload: RevokeIn):
    _require_admin(request.user)
    delegation = access.get_delegation_for_user(request.user, delegation_id)
    services.delegation_revoke(delegation, actor=request.user, on=payload.on, note=payload.note)
    return _reload(delegation)


def _reload(delegation):
    return get_object_or_404(
        Delegation.objects.select_related("delegator", "delegate", "agency"), pk=delegation.pk
    )
