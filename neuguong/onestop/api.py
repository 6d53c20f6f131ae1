"""The dossier API: intake, lists with filters, the dossier with its allowed actions, and actions.

Same services and same scoping as the web (selectors.dossier_list_for_user / get_dossier_for_user);
a DomainError becomes {"detail", "code"} with 400 (rule), 403 (authority, role, scope) or 409
(the transition table forbids it), and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from neuguong.core.validation import DbId, InputSchema, InvalidInput, Limit, Offset
from neuguong.onestop import selectors, serializers, services, validation
from neuguong.onestop.constants import Channel, DossierState
from neuguong.onestop.models import Dossier, Procedure
from neuguong.onestop.services.privacy import dossier_personal_data_read
from neuguong.org.access import scope_for
from neuguong.org.models import AdministrativeUnit, Agency

router = Router(tags=["onestop"])

MAX_LIMIT = 200


class Error(Schema):
    detail: str | list[str]
    code: str


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


# ---- schemas ----------------------------------------------------------------------------------


# Lengths are documented here for clients and fuzzers; the rules themselves (ASCII digits, phone
# format, control characters, bounds) are onestop/validation.py's, the same as the web forms'.
CODE_MAX = 60


class ApplicantIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=validation.NAME_MAX)
    id_number: str = Field(
        ...,
        min_length=12,
        max_length=14,
        description="citizen ID: 12 ASCII digits (spaces between groups are dropped)",
    )
    phone: str = Field(
        "", max_length=20, description="Vietnamese phone: 10 or 11 digits starting with 0, or +84"
    )
    address: str = Field("", max_length=validation.ADDRESS_MAX)
    unit_code: str = Field(
        "", max_length=CODE_MAX, description="statistics code of the commune of residence"
    )


class IntakeIn(InputSchema):
    procedure: str = Field(
        ..., max_length=CODE_MAX, description="national procedure code, e.g. 1.001193"
    )
    receiving_agency: str = Field(
        ..., max_length=CODE_MAX, description="identifier code of the desk"
    )
    handling_agency: str = Field(
        "", max_length=CODE_MAX, description="identifier code; default from the template"
    )
    channel: int = Field(
        Channel.IN_PERSON,
        strict=True,
        description="1 in person, 3 by post",
        json_schema_extra={"enum": [int(c) for c in validation.DESK_CHANNELS]},
    )
    applicant: ApplicantIn
    received_items: list[int] | None = Field(
        None,
        max_length=100,
        description="indexes of the procedure's required_documents the desk received; omitted: "
        "all of them. A required item missing is refused (400) unless supplement_missing",
    )
    supplement_missing: bool = Field(
        False,
        description="receive with required documents missing: the dossier is handed over and a "
        "supplement is requested for them",
    )
    payment_state: str = Field(
        "",
        max_length=20,
        description="requested or paid (a fee), not_required (no fee); default from the fee",
    )
    payment_method: str = Field(
        "", max_length=20, description="desk when the fee was paid at the desk, else empty"
    )


class ActionIn(InputSchema):
    """The parameters of an action; which ones an action takes (and requires) is in its
    description: refuse, withdraw, stop, request_supplement and draft_apology need a `reason`,
    request_payment an `amount`."""

    reason: str | None = Field(None, max_length=validation.REASON_MAX)
    note: str | None = Field(None, max_length=validation.NOTE_MAX)
    amount: Decimal | None = Field(
        None, description="whole đồng, > 0, at most 12 digits (request_payment)"
    )
    result_number: str | None = Field(None, max_length=validation.RESULT_NUMBER_MAX)
    method: str | None = Field(
        None, max_length=20, description="confirm_payment: desk (default) or online"
    )
    new_appointment_at: dt.datetime | None = Field(
        None, description="draft_apology: within a year from now"
    )
    version: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="the dossier's `version` as last read; a stale one is refused with 409",
    )


class AgencyRef(Schema):
    id: int
    identifier_code: str
    name: str


class DossierRow(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    state: str
    state_label: str
    portal_status: int
    channel: int
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    receiving_agency: AgencyRef
    handling_agency: AgencyRef
    received_at: dt.datetime | None
    appointment_at: dt.datetime | None
    processing_ended_at: dt.datetime | None
    returned_at: dt.datetime | None
    is_late: bool
    late_by_rule: bool
    rescheduled: bool


class DossierPage(Schema):
    count: int
    items: list[DossierRow]


class StepOut(Schema):
    order: int
    name: str
    actor_kind: str
    agency: AgencyRef
    hours: Decimal
    started_at: dt.datetime | None
    due_at: dt.datetime | None
    completed_at: dt.datetime | None
    handed_over_by: str
    received_by: str
    result: str


class TransitionOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: str
    at: dt.datetime
    note: str


class DossierOut(DossierRow):
    version: int
    applicant_address: str
    personal_data_masked: bool
    supplement_count: int
    payment_state: str
    payment_method: str
    fee: Decimal
    result_number: str
    result_signed_at: dt.datetime | None
    original_appointment_at: dt.datetime | None
    steps: list[StepOut]
    transitions: list[TransitionOut]
    allowed_actions: list[str]


# ---- serialisation ----------------------------------------------------------------------------


def _detail(request, dossier: Dossier) -> dict:
    """The dossier with its slip and timeline. Staff in scope see the personal data unmasked, and
    that read is audited (onestop.dossier.personal_data_read)."""
    user = request.auth
    d = selectors.dossier_detail(dossier)
    reveal = dossier_personal_data_read(d, actor=user, via="api", applicant_may=False)
    return serializers.dossier_detail(
        d, masked=not reveal, allowed_actions=services.allowed_actions(d, user)
    )


# ---- endpoints --------------------------------------------------------------------------------


def _field(name: str, rule, value):
    """Run a shared rule on one part of the body; its errors name the field by its JSON path."""
    try:
        return rule(value)
    except InvalidInput as exc:
        raise exc.at(name) from None


@router.post(
    "/dossiers", response={201: DossierOut, **ERRORS}, summary="Receive a dossier at a desk"
)
def dossier_create(request, payload: IntakeIn):
    """Desk intake (in person or by post) by a reception officer of the receiving desk."""
    if not scope_for(request.auth).is_staff:
        raise PermissionDenied
    applicant = _field("applicant", validation.clean_applicant, payload.applicant.dict())
    channel = validation.clean_channel(payload.channel)
    procedure = get_object_or_404(
        Procedure.objects.prefetch_related("steps"), code=payload.procedure
    )
    desk = get_object_or_404(Agency, identifier_code=payload.receiving_agency)
    handling = (
        get_object_or_404(Agency, identifier_code=payload.handling_agency)
        if payload.handling_agency
        else None
    )
    unit_code = applicant.pop("unit_code", "")
    unit = AdministrativeUnit.objects.filter(code=unit_code).first() if unit_code else None
    # The payment through the same rule as the web (validation.clean_payment): a contradiction
    # (a fee "not required", "paid" without how) is a 400 before anything is written.
    paid = {"payment_state": payload.payment_state, "payment_method": payload.payment_method}
    validation.clean_payment(
        procedure.fee, payload.payment_state, payload.payment_method, channel=channel
    )
    dossier = services.dossier_receive(
        actor=request.auth,
        receiving_agency=desk,
        procedure=procedure,
        applicant=services.ApplicantData(**applicant, unit=unit),
        channel=channel,
        handling_agency=handling,
        received_items=payload.received_items,
        supplement_missing=payload.supplement_missing,
        paid=paid,
    )
    return Status(201, _detail(request, dossier))


@router.get("/dossiers", response={200: DossierPage, **ERRORS}, summary="List dossiers")
def dossier_list(
    request,
    state: DossierState | None = None,
    procedure: Annotated[str, Field(max_length=CODE_MAX)] = "",
    agency: DbId | None = None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    late: bool | None = None,
    q: Annotated[str, Field(max_length=200)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Dossiers the caller may see, newest first; citizen ID and phone are always masked here.
    `limit` is at most 200."""
    qs = selectors.dossier_filter(
        selectors.dossier_list_for_user(request.auth),
        state=state or "",
        procedure=procedure,
        agency=agency,
        received_from=received_from,
        received_to=received_to,
        late=late,
        q=q,
    )
    limit = min(limit, MAX_LIMIT)
    return {
        "count": qs.count(),
        "items": [serializers.dossier_row(d) for d in qs[offset : offset + limit]],
    }


@router.get("/dossiers/{code}", response={200: DossierOut, **ERRORS}, summary="One dossier")
def dossier_get(request, code: str):
    return _detail(request, selectors.get_dossier_for_user(request.auth, code))


ACTION_DESCRIPTION = (
    """Run one action of the transition table (see `allowed_actions`). A refused
action changes nothing: 409 when the table forbids it in this state, 403 without role, scope or
authority, 400 for a bad or missing parameter (checked before the dossier is touched) and other
rules. Parameters per action: """
    + "; ".join(
        f"`{action}`: "
        + ", ".join(
            f"{name}{' (required)' if param.required else ''}" for name, param in params.items()
        )
        for action, params in validation.ACTION_PARAMS.items()
    )
    + "; the others take none."
)


@router.post(
    "/dossiers/{code}/actions/{action}",
    response={200: DossierOut, **ERRORS},
    summary="Run an action (transition) on a dossier",
    description=ACTION_DESCRIPTION,
)
def dossier_action(request, code: str, action: str, payload: ActionIn | None = None):
    dossier = selectors.get_dossier_for_user(request.auth, code)
    params = validation.clean_action_params(
        action, payload.dict(exclude_none=True) if payload else None
    )
    version = payload.version if payload else None
    services.run_action(dossier, action, actor=request.auth, version=version, **params)
    return _detail(request, dossier)
