"""A matter raised through any channel becomes an item: `submit_item`, the one entry point (web form,
API, Open311, reception sessions, dialogues, grassroots visits)."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from neuguong.core.errors import DomainError
from neuguong.core.validation import InvalidInput, clean_text
from neuguong.core.workflow import Change
from neuguong.feedback import messages as m
from neuguong.feedback import validation
from neuguong.feedback.constants import ItemKind, ItemState
from neuguong.feedback.models import Attachment, Category, FeedbackItem
from neuguong.feedback.services import deadlines, notifications, routing
from neuguong.feedback.services.workflow import now, workflow_for
from neuguong.org.models import AdministrativeUnit

PREFIXES = {ItemKind.FEEDBACK: "PA", ItemKind.COMPLAINT: "KN", ItemKind.DENUNCIATION: "TC"}
# No 0/O, 1/I/L: codes are read out over the phone and typed from paper.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(kind: str, at) -> str:
    """PA-261201-7KQ4M: the kind, the day, and 5 random characters (not guessable in sequence)."""
    day = timezone.localdate(at)
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(5))
    return f"{PREFIXES[ItemKind(kind)]}-{day:%y%m%d}-{suffix}"


def _category(code: str) -> Category:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise InvalidInput(
            m.CATEGORY_UNKNOWN, code="unknown_category", field="category_code", value=code
        )
    return category


def _commune(code: str | None):
    if not code:
        return None
    unit = AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(code=code).first()
    if unit is None:
        raise InvalidInput(
            m.COMMUNE_UNKNOWN, code="unknown_commune", field="commune_code", value=code
        )
    return unit


def _dossier(category: Category, code: str):
    """The one-stop dossier an "administrative procedures" item is about (by its code)."""
    from neuguong.onestop.models import Dossier

    code = clean_text(code, max_length=60, field="dossier_code").upper()
    if not category.links_dossier or not code:
        return None
    found = Dossier.objects.filter(code=code).first()
    if found is None:
        raise InvalidInput(
            m.DOSSIER_UNKNOWN, code="unknown_dossier", field="dossier_code", value=code
        )
    return found


def submit_item(
    *,
    category_code: str,
    title: str,
    body: str,
    commune_code: str | None,
    channel: str,
    actor,
    submitter_name: str = "",
    submitter_phone: str = "",
    submitter_id_number: str = "",
    address: str = "",
    latitude=None,
    longitude=None,
    source_object=None,
    at=None,
    kind: str = ItemKind.FEEDBACK,
    submitter_email: str = "",
    attachments=(),
    dossier=None,
    dossier_code: str = "",
    complaint_round: int = 1,
) -> FeedbackItem:
    """Create an item in `submitted`, routed to its agency, with its intake deadline, its first
    transition row and audit event, and the submitter's "received" notification; one transaction.

    `actor` is who records it: the signed-in citizen (who becomes the submitter), a reception officer,
    or None (anonymous web form, Open311). `source_object` is the reception session, dialogue issue or
    visit the matter was raised at. Raises InvalidInput (400) on bad input; nothing is written then.
    """
    cleaned = validation.clean_submission(
        {
            "category_code": category_code,
            "title": title,
            "body": body,
            "commune_code": commune_code,
            "channel": channel,
            "kind": kind,
            "submitter_name": submitter_name,
            "submitter_phone": submitter_phone,
            "submitter_id_number": submitter_id_number,
            "address": address,
            "latitude": latitude,
            "longitude": longitude,
        }
    )
    files = validation.clean_attachments(attachments)
    email = clean_text(submitter_email, max_length=254, field="submitter_email")
    at = now(at)
    category = _category(cleaned["category_code"])
    commune = _commune(cleaned["commune_code"])
    citizen = _citizen_actor(actor)
    if cleaned["kind"] == ItemKind.DENUNCIATION and not (
        cleaned["submitter_name"] and (cleaned["submitter_phone"] or address)
    ):
        # Law on Denunciations 2018, Art. 23: a denunciation states the denouncer's name and address.
        raise DomainError(m.ANONYMOUS_DENUNCIATION, code="anonymous_denunciation")
    if dossier is None and dossier_code:
        dossier = _dossier(category, dossier_code)
    agency = routing.route(category, commune)
    with transaction.atomic():
        item = _create(
            cleaned=cleaned,
            category=category,
            commune=commune,
            agency=agency,
            citizen=citizen,
            email=email,
            at=at,
            source_object=source_object,
            dossier=dossier,
            complaint_round=complaint_round,
        )
        for file, content_type in files:
            Attachment.objects.create(
                item=item,
                file=file,
                name=clean_text(getattr(file, "name", ""), max_length=200, field="attachments"),
                content_type=content_type,
                size=getattr(file, "size", 0) or 0,
                uploaded_at=at,
            )
        if item.dossier_id is not None:
            # 5.4: an item about a dossier counts as a complaint against it (dashboards facts).
            from neuguong.dashboards.facts_records import refresh

            refresh(item.dossier)
        flow = workflow_for(item)
        change = Change(
            data={"channel": item.channel, "kind": item.kind, "agency": agency.pk},
            notify=[notifications.received],
        )
        flow.record(item, "submit", ItemState.SUBMITTED, actor=actor, at=at, change=change)
        flow.log(item, "submit", ItemState.SUBMITTED, actor=actor, at=at, change=change)
        notifications.received(item)
    return item


def _citizen_actor(actor):
    """The signed-in citizen submitting for themselves (not a staff member recording for someone)."""
    from neuguong.core.roles import STAFF_ROLES
    from neuguong.feedback.services.workflow import actor_roles

    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return None if actor_roles(actor) & STAFF_ROLES else actor


def _create(
    *,
    cleaned,
    category,
    commune,
    agency,
    citizen,
    email,
    at,
    source_object,
    dossier,
    complaint_round,
) -> FeedbackItem:
    source_ref = ""
    if source_object is not None:
        source_ref = f"{source_object._meta.label_lower}:{source_object.pk}"
    name = cleaned["submitter_name"]
    if citizen is not None and not name:
        name = citizen.get_full_name() or ""
    fields = {
        "token": secrets.token_hex(16),
        "kind": cleaned["kind"],
        "state": ItemState.SUBMITTED,
        "province_code": agency.province_code,
        "channel": cleaned["channel"],
        "category": category,
        "title": cleaned["title"],
        "body": cleaned["body"],
        "commune": commune,
        "address": cleaned["address"],
        "latitude": cleaned["latitude"],
        "longitude": cleaned["longitude"],
        "agency": agency,
        "submitter_user": citizen,
        "submitter_name": name,
        "submitter_phone": cleaned["submitter_phone"],
        "submitter_id_number": cleaned["submitter_id_number"],
        "submitter_email": email or (citizen.email if citizen is not None else ""),
        "source_ref": source_ref,
        "dossier": dossier,
        "complaint_round": 2 if complaint_round == 2 else 1,
        "submitted_at": at,
    }
    probe = FeedbackItem(**fields)
    fields["due_at"] = deadlines.intake_due(probe, at)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return FeedbackItem.objects.create(code=new_code(fields["kind"], at), **fields)
        except IntegrityError:
            continue
    raise DomainError(code="code_collision")
