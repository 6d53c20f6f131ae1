"""Each matter raised at a session and each issue raised at a dialogue becomes a feedback item, through
the feedback app's one intake service (`neuguong.feedback.services.submit_item`)."""

from __future__ import annotations

import datetime as dt


def submit_feedback_item(
    *,
    category_code: str,
    title: str,
    body: str,
    commune_code: str,
    channel: str,
    actor,
    source_object,
    at: dt.datetime,
    submitter_name: str = "",
    submitter_phone: str = "",
    submitter_id_number: str = "",
    address: str = "",
) -> int | None:
    """Create the feedback item in the caller's transaction and return its id (None while the
    feedback app's intake service is not installed). A refusal from it (a DomainError) rolls the
    whole action back, as any other refusal does."""
    try:
        from neuguong.feedback.services import submit_item  # type: ignore[attr-defined]
    except ImportError:
        return None
    item = submit_item(
        category_code=category_code,
        title=title,
        body=body,
        commune_code=commune_code,
        channel=channel,
        actor=actor,
        submitter_name=submitter_name,
        submitter_phone=submitter_phone,
        submitter_id_number=submitter_id_number,
        address=address,
        source_object=source_object,
        at=at,
    )
    return item.pk
