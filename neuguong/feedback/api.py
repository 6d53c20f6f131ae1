"""/api/v1/feedback/…: the same services and the same scoping as the web.

A DomainError becomes {"detail", "code"} with 400 (a rule, bad input: nothing created), 403 (role,
scope), 404 (unknown or out of scope: existence does not leak) or 409 (the table forbids it now)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Router, Schema, Status

from neuguong.core.validation import DbId, InputSchema, Limit, Offset
from neuguong.feedback import selectors
from neuguong.feedback.constants import TABLES, Channel, ItemKind, ItemState
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.services import submit_item
from neuguong.feedback.services.registry import allowed_actions, run_action
from neuguong.org.access import scope_for
from neuguong.org.models import Agency

router = Router(tags=["feedback"])

MAX_LIMIT = 200


class Error(Schema):
    detail: str | list[str]
    code: str


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


class ItemIn(InputSchema):
    """A matter raised (the rules are feedback.validation's, the same as the web form's)."""

    category_code: str = Field(..., max_length=40, description="e.g. land, site_clearance")
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=10000)
    kind: ItemKind = ItemKind.FEEDBACK
    channel: Channel = Channel.API
    commune_code: str = Field("", max_length=10, description="statistics code of the commune")
    address: str = Field("", max_length=300)
    latitude: str = Field("", max_length=30)
    longitude: str = Field("", max_length=30)
    submitter_name: str = Field("", max_length=200)
    submitter_phone: str = Field("", max_length=20)
    submitter_id_number: str = Field("", max_length=14)
    submitter_email: str = Field("", max_length=254)
    dossier_code: str = Field("", max_length=60, description="procedures: the dossier it is about")


class ActionIn(InputSchema):
    version: int | None = Field(None, ge=0, description="the item's version you acted on")
    reason: str = Field("", max_length=2000)
    answer: str = Field("", max_length=20000)
    information: str = Field("", max_length=2000)
    rating: str = Field("", max_length=20)
    comment: str = Field("", max_length=2000)
    agency: DbId | None = Field(None, description="reassign: the new agency's id")
    into: str = Field("", max_length=30, description="merge: the code of the item to keep")
    is_complex: bool | None = None
    is_remote: bool | None = None


class ItemOut(Schema):
    id: int
    code: str
    kind: str
    state: str
    channel: str
    category: str
    title: str
    commune: str | None
    agency: str
    agency_id: int
    submitted_at: dt.datetime
    due_at: dt.datetime | None
    answer: str
    rating: str
    reopened_count: int
    supporters_count: int
    version: int
    allowed_actions: list[str] = []


class ItemPage(Schema):
    count: int
    items: list[ItemOut]


def _out(item: FeedbackItem, user=None) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "kind": item.kind,
        "state": item.state,
        "channel": item.channel,
        "category": item.category.code,
        "title": item.title,
        "commune": getattr(item.commune, "code", None),
        "agency": item.agency.name,
        "agency_id": item.agency_id,
        "submitted_at": item.submitted_at,
        "due_at": item.due_at,
        "answer": item.answer,
        "rating": item.rating,
        "reopened_count": item.reopened_count,
        "supporters_count": item.supporters_count,
        "version": item.version,
        "allowed_actions": allowed_actions(item, user) if user is not None else [],
    }


@router.post("/feedback/items", response={201: ItemOut, **ERRORS}, summary="Submit an item")
def item_create(request, payload: ItemIn):
    """A signed-in citizen submits for themselves; staff record a matter raised to them."""
    data = payload.dict()
    if not scope_for(request.auth).is_staff:
        data["channel"] = Channel.API  # only staff record a reception, dialogue or visit
    item = submit_item(
        actor=request.auth,
        latitude=data.pop("latitude") or None,
        longitude=data.pop("longitude") or None,
        commune_code=data.pop("commune_code") or None,
        **data,
    )
    item = FeedbackItem.objects.select_related("category", "agency", "commune").get(pk=item.pk)
    return Status(201, _out(item, request.auth))


@router.get("/feedback/items", response={200: ItemPage, **ERRORS}, summary="List items")
def item_list(
    request,
    queue: Annotated[str, Field(max_length=20)] = "all",
    state: ItemState | None = None,
    kind: ItemKind | None = None,
    category: Annotated[str, Field(max_length=40)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Items the caller may see (staff: their agencies' queues; a citizen: their own). No personal
    data here. `queue` is new, open, at_risk, late, answered or all."""
    qs = selectors.queue_for_user(request.auth, queue)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(category__code=category)
    limit = min(limit, MAX_LIMIT)
    return {"count": qs.count(), "items": [_out(i) for i in qs[offset : offset + limit]]}


@router.get("/feedback/items/{item_id}", response={200: ItemOut, **ERRORS}, summary="One item")
def item_get(request, item_id: DbId):
    return _out(selectors.get_item_for_user(request.auth, item_id), request.auth)


@router.post(
    "/feedback/items/{item_id}/actions/{action}",
    response={200: ItemOut, **ERRORS},
    summary="Run an action of the item's table",
    description="Actions per kind: "
    + "; ".join(f"{kind}: {', '.join(table)}" for kind, table in TABLES.items()),
)
def item_action(request, item_id: DbId, action: str, payload: ActionIn | None = None):
    item = selectors.get_item_for_user(request.auth, item_id)
    data = payload.dict(exclude_none=True) if payload else {}
    version = data.pop("version", None)
    if "agency" in data:
        visible = scope_for(request.auth).agency_ids()
        target = Agency.objects.filter(pk=data["agency"]).first()
        data["agency"] = target if target and (visible is None or target.pk in visible) else 0
    if action == "merge":
        data["into"] = (
            selectors.item_list_for_user(request.auth).filter(code=data.get("into", "")).first()
            or item
        )
    run_action(item, action, actor=request.auth, version=version, **data)
    item = selectors.get_item_for_user(request.auth, item_id)
    return _out(item, request.auth)
