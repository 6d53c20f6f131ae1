"""The reception API under /api/v1/reception/: the same services, scoping and errors as the web pages.

Lists carry no personal data; a session's citizens are masked (their unmasked data stays on the
web page's audited "show" button). A DomainError becomes {"detail", "code"} with 400, 403 or 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status

from neuguong.core.text import mask_digits
from neuguong.core.validation import DbId, InputSchema, Limit, Offset
from neuguong.feedback.reception import actions, compliance, selectors
from neuguong.feedback.reception import services as s
from neuguong.feedback.reception.constants import DialogueState, SessionState
from neuguong.feedback.reception.services.workflow import DIALOGUES, SESSIONS
from neuguong.feedback.reception.validation import clean_month, clean_year
from neuguong.feedback.reception.views import parse_month
from neuguong.org.access import scope_for
from neuguong.org.models import AdministrativeUnit, Person, Term

router = Router(tags=["reception"])
MAX_LIMIT = 200


class Error(Schema):
    detail: str | list[str]
    code: str


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


class SessionOut(Schema):
    id: int
    head: str
    position: str
    level: str
    unit_code: str
    scheduled_on: dt.date
    location: str
    state: str
    held_at: dt.datetime | None
    acknowledgement_due_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    version: int


class CitizenOut(Schema):
    id: int
    full_name: str
    id_number: str = Field(description="masked: all but the last 4 digits")
    phone: str = Field(description="masked")
    language: str
    interpreter: str


class MatterOut(Schema):
    id: int
    summary: str
    category_code: str
    feedback_item_id: int | None


class SessionDetail(SessionOut):
    citizens: list[CitizenOut]
    matters: list[MatterOut]
    allowed_actions: list[str]


class SessionPage(Schema):
    count: int
    items: list[SessionOut]


class SessionIn(InputSchema):
    term_id: DbId = Field(description="the head's term (a People's Committee chair or a secretary)")
    scheduled_on: dt.date
    location: str = Field(..., min_length=1, max_length=255)
    note: str = Field("", max_length=5000)


class ActionIn(InputSchema):
    params: dict[str, Any] = Field(default_factory=dict)
    version: int | None = None


class DialogueOut(Schema):
    id: int
    unit_code: str
    chair: str
    topic: str
    format: str
    trigger: str
    location: str
    starts_at: dt.datetime
    state: str
    announced_at: dt.datetime | None
    announcement_late: bool
    held_at: dt.datetime | None
    publish_due_at: dt.datetime | None
    published_at: dt.datetime | None
    publication_late: bool
    version: int


class IssueOut(Schema):
    id: int
    summary: str
    owner_id: int
    commitment: str
    deadline: dt.date
    status: str
    feedback_item_id: int | None


class DialogueDetail(DialogueOut):
    results: str
    participants: list[str]
    issues: list[IssueOut]
    allowed_actions: list[str]


class DialoguePage(Schema):
    count: int
    items: list[DialogueOut]


class DialogueIn(InputSchema):
    unit_code: str = Field(..., max_length=10, description="statistics code of the commune")
    chair_id: DbId
    topic: str = Field(..., min_length=1, max_length=300)
    starts_at: dt.datetime
    location: str = Field(..., min_length=1, max_length=255)
    format: str = Field("in_person", max_length=20)
    trigger: str = Field("", max_length=20)
    units_taking_part: str = Field("", max_length=5000)


class HeadRowOut(Schema):
    person_id: int
    head: str
    position: str
    level: str
    unit_code: str
    rule_key: str
    required: int
    held: int
    below_minimum: bool


class DialogueComplianceOut(Schema):
    year: int
    minimum: int
    communes_without: list[str]
    late_announcements: list[int]
    late_publications: list[int]


def _session_out(x) -> dict:
    return {
        "id": x.pk,
        "head": x.head.full_name,
        "position": x.position,
        "level": x.level,
        "unit_code": x.unit.code,
        "scheduled_on": x.scheduled_on,
        "location": x.location,
        "state": x.state,
        "held_at": x.held_at,
        "acknowledgement_due_at": x.acknowledgement_due_at,
        "acknowledged_at": x.acknowledged_at,
        "version": x.version,
    }


def _session_detail(request, x) -> dict:
    return _session_out(x) | {
        "citizens": [
            {
                "id": c.pk,
                "full_name": c.full_name,
                "id_number": mask_digits(c.id_number),
                "phone": mask_digits(c.phone),
                "language": c.language,
                "interpreter": c.interpreter,
            }
            for c in x.citizens.all()
        ],
        "matters": [
            {
                "id": m.pk,
                "summary": m.summary,
                "category_code": m.category_code,
                "feedback_item_id": m.feedback_item_id,
            }
            for m in x.matters.all()
        ],
        "allowed_actions": SESSIONS.allowed(x, request.auth),
    }


def _dialogue_out(d) -> dict:
    return {
        "id": d.pk,
        "unit_code": d.unit.code,
        "chair": d.chair.full_name,
        "topic": d.topic,
        "format": d.format,
        "trigger": d.trigger,
        "location": d.location,
        "starts_at": d.starts_at,
        "state": d.state,
        "announced_at": d.announced_at,
        "announcement_late": d.announcement_late,
        "held_at": d.held_at,
        "publish_due_at": d.publish_due_at,
        "published_at": d.published_at,
        "publication_late": d.publication_late,
        "version": d.version,
    }


def _dialogue_detail(request, d) -> dict:
    return _dialogue_out(d) | {
        "results": d.results,
        "participants": [p.name for p in d.participants.all()],
        "issues": [
            {
                "id": i.pk,
                "summary": i.summary,
                "owner_id": i.owner_id,
                "commitment": i.commitment,
                "deadline": i.deadline,
                "status": i.status,
                "feedback_item_id": i.feedback_item_id,
            }
            for i in d.issues.all()
        ],
        "allowed_actions": DIALOGUES.allowed(d, request.auth),
    }


@router.get("/reception/sessions", response={200: SessionPage, **ERRORS}, summary="Reception days")
def session_list(
    request,
    state: SessionState | None = None,
    month: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.session_list_for_user(request.auth, state=state or "", month=clean_month(month))
    limit = min(limit, MAX_LIMIT)
    return {"count": qs.count(), "items": [_session_out(x) for x in qs[offset : offset + limit]]}


@router.post(
    "/reception/sessions", response={201: SessionDetail, **ERRORS}, summary="Plan a reception day"
)
def session_create(request, payload: SessionIn):
    if not scope_for(request.auth).is_staff:
        raise PermissionDenied
    term = (
        Term.objects.select_related("agency__unit", "party_org__unit")
        .filter(pk=payload.term_id)
        .first()
    )
    if term is None:
        raise Http404
    session = s.session_plan(
        actor=request.auth,
        term=term,
        scheduled_on=payload.scheduled_on,
        location=payload.location,
        note=payload.note,
    )
    return Status(
        201, _session_detail(request, selectors.get_session_for_user(request.auth, session.pk))
    )


@router.get(
    "/reception/sessions/{pk}", response={200: SessionDetail, **ERRORS}, summary="One reception day"
)
def session_get(request, pk: DbId):
    return _session_detail(request, selectors.get_session_for_user(request.auth, pk))


@router.post(
    "/reception/sessions/{pk}/actions/{action}",
    response={200: SessionDetail, **ERRORS},
    summary="Run an action on a reception day",
    description="Actions and their `params`: hold (note), record_citizen (full_name, id_number, phone, "
    "address, language, language_other, interpreter), record_matter (summary, category_code, detail, "
    "citizen), acknowledge (reference, note), cancel (reason).",
)
def session_action(request, pk: DbId, action: str, payload: ActionIn | None = None):
    if action not in actions.SESSION_ACTIONS:
        raise Http404
    session = selectors.get_session_for_user(request.auth, pk)
    payload = payload or ActionIn()
    actions.run(
        actions.SESSION_ACTIONS,
        session,
        action,
        payload.params,
        actor=request.auth,
        version=payload.version,
    )
    return _session_detail(request, selectors.get_session_for_user(request.auth, pk))


@router.get(
    "/reception/compliance",
    response={200: list[HeadRowOut], **ERRORS},
    summary="Monthly compliance",
)
def compliance_get(request, month: str = ""):
    year, m = parse_month(month)
    return [
        {
            "person_id": r.person.pk,
            "head": r.person.full_name,
            "position": r.position,
            "level": r.level,
            "unit_code": r.unit.code,
            "rule_key": r.rule_key,
            "required": r.required,
            "held": r.held,
            "below_minimum": r.below_minimum,
        }
        for r in compliance.reception_compliance(request.auth, year, m, m)
    ]


@router.get(
    "/reception/dialogues", response={200: DialoguePage, **ERRORS}, summary="Dialogue conferences"
)
def dialogue_list(
    request,
    state: DialogueState | None = None,
    year: int | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.dialogue_list_for_user(request.auth, state=state or "", year=clean_year(year))
    limit = min(limit, MAX_LIMIT)
    return {"count": qs.count(), "items": [_dialogue_out(d) for d in qs[offset : offset + limit]]}


@router.post(
    "/reception/dialogues", response={201: DialogueDetail, **ERRORS}, summary="Plan a dialogue"
)
def dialogue_create(request, payload: DialogueIn):
    if not scope_for(request.auth).is_staff:
        raise PermissionDenied
    unit = AdministrativeUnit.objects.filter(code=payload.unit_code).order_by("-valid_from").first()
    chair = Person.objects.filter(pk=payload.chair_id).first()
    if unit is None or chair is None:
        raise Http404
    d = s.dialogue_plan(
        actor=request.auth,
        unit=unit,
        chair=chair,
        topic=payload.topic,
        starts_at=payload.starts_at,
        location=payload.location,
        format=payload.format,
        trigger=payload.trigger,
        units_taking_part=payload.units_taking_part,
    )
    return Status(
        201, _dialogue_detail(request, selectors.get_dialogue_for_user(request.auth, d.pk))
    )


@router.get(
    "/reception/dialogues/compliance",
    response={200: DialogueComplianceOut, **ERRORS},
    summary="Dialogue compliance",
)
def dialogue_compliance_get(request, year: int | None = None):
    from django.utils import timezone

    report = compliance.dialogue_compliance(
        request.auth, clean_year(year) or timezone.localdate().year
    )
    return {
        "year": report.year,
        "minimum": report.minimum,
        "communes_without": [c.code for c, _n in report.communes_without],
        "late_announcements": [d.pk for d in report.late_announcements],
        "late_publications": [d.pk for d in report.late_publications],
    }


@router.get(
    "/reception/dialogues/{pk}", response={200: DialogueDetail, **ERRORS}, summary="One dialogue"
)
def dialogue_get(request, pk: DbId):
    return _dialogue_detail(request, selectors.get_dialogue_for_user(request.auth, pk))


@router.post(
    "/reception/dialogues/{pk}/actions/{action}",
    response={200: DialogueDetail, **ERRORS},
    summary="Run an action on a dialogue",
    description="Actions and their `params`: announce, hold (note), record_participant (name, "
    "organisation), record_issue (summary, category_code, owner, commitment, deadline), publish "
    "(results), cancel (reason).",
)
def dialogue_action(request, pk: DbId, action: str, payload: ActionIn | None = None):
    if action not in actions.DIALOGUE_ACTIONS:
        raise Http404
    d = selectors.get_dialogue_for_user(request.auth, pk)
    payload = payload or ActionIn()
    actions.run(
        actions.DIALOGUE_ACTIONS,
        d,
        action,
        payload.params,
        actor=request.auth,
        version=payload.version,
    )
    return _dialogue_detail(request, selectors.get_dialogue_for_user(request.auth, pk))
