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
):
    """Create the feedback item in the caller's transaction and return it. A refusal from it (a
    DomainError: an unknown category, say) rolls the whole action back, as any other refusal does."""
    from neuguong.feedback.services import submit_item

    return submit_item(
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
