"""Public API (no authentication): track a dossier by code and second factor, rate it once.

Mounted at /api/v1/. An unknown code and a wrong second factor get the same 404 and body; lookups and
ratings share one rate limit per client address (429 when spent).
"""

from datetime import datetime
from typing import Annotated

from django.http import Http404
from ninja import Field, Router, Schema, Status

from neuguong.core.validation import InputSchema, ascii_digits
from neuguong.onestop.ratelimit import rate_limit_hit
from neuguong.onestop.services.public import dossier_rate, public_dossier, public_payload

router = Router(tags=["public"])


class ErrorOut(Schema):
    detail: str
    code: str


class PublicStepOut(Schema):
    order: int
    name: str
    agency: str
    started_at: datetime | None
    due_at: datetime | None
    completed_at: datetime | None
    result: str
    result_label: str


class PublicDossierOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    state: str
    state_label: str
    portal_code: int
    receiving_agency: str
    handling_agency: str
    received_at: datetime | None
    appointment_at: datetime | None
    processing_ended_at: datetime | None
    returned_at: datetime | None
    is_late: bool
    steps: list[PublicStepOut]
    can_rate: bool
    rating: str | None


class RatingIn(InputSchema):
    verify: str = Field(..., max_length=4, description="last 4 digits of the phone or citizen ID")
    value: str = Field(..., max_length=20, description="satisfied, acceptable or dissatisfied")
    reasons: list[Annotated[str, Field(max_length=40)]] = Field([], max_length=20)
    comment: str = Field("", max_length=2000)


class RatingOut(Schema):
    value: str
    reasons: list[str]
    created_at: datetime


def _find(request, code: str, verify: str):
    rate_limit_hit(request, "public-lookup")
    # Only 4 ASCII digits can match ("²" passes str.isdigit()); anything else is the same 404 as a
    # wrong second factor, without a query.
    dossier = public_dossier(code, verify) if ascii_digits(verify, length=4) else None
    if dossier is None:
        raise Http404  # the same answer for an unknown code and a wrong second factor
    return dossier


@router.get(
    "/public/dossiers/{code}",
    auth=None,
    response={200: PublicDossierOut, 404: ErrorOut, 429: ErrorOut},
    summary="Track a dossier (code + last 4 digits of the applicant's phone or citizen ID)",
)
def public_dossier_get(
    request,
    code: Annotated[str, Field(max_length=60)],
    verify: Annotated[str, Field(max_length=4)] = "",
):
    return public_payload(_find(request, code, verify))


@router.post(
    "/public/dossiers/{code}/rating",
    auth=None,
    response={201: RatingOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="Rate a returned dossier once (satisfied, acceptable, dissatisfied)",
)
def public_dossier_rate(request, code: str, payload: RatingIn):
    dossier = _find(request, code, payload.verify)
    rating = dossier_rate(
        dossier, value=payload.value, reasons=payload.reasons, comment=payload.comment
    )
    return Status(201, rating)
