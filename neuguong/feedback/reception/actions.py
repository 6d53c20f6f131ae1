"""One table of parameters per action, shared by the web forms and the API: each entry takes the record,
the submitted parameters (a plain dict of strings, or JSON values) and the actor, and calls ONE service."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from neuguong.core.validation import InvalidInput
from neuguong.feedback.reception import services as s
from neuguong.org.access import agency_list_for_user

CHOICE_UNKNOWN = _("Choose a value from the list.")
PARAMS_INVALID = _("The parameters of an action are a JSON object.")


def _citizen(session, value):
    if value in (None, ""):
        return None
    citizen = session.citizens.filter(pk=value).first() if str(value).isdigit() else None
    if citizen is None:
        raise InvalidInput(CHOICE_UNKNOWN, code="invalid_choice", field="citizen")
    return citizen


def _owner(actor, value):
    owner = (
        agency_list_for_user(actor).filter(pk=value).first() if str(value or "").isdigit() else None
    )
    if owner is None:
        raise InvalidInput(CHOICE_UNKNOWN, code="invalid_choice", field="owner")
    return owner


SESSION_ACTIONS = {
    "hold": lambda obj, r, **kw: s.session_hold(obj, note=r.get("note", ""), **kw),
    "record_citizen": lambda obj, r, **kw: s.session_record_citizen(obj, data=r, **kw),
    "record_matter": lambda obj, r, **kw: s.session_record_matter(
        obj,
        summary=r.get("summary"),
        category_code=r.get("category_code"),
        detail=r.get("detail", ""),
        citizen=_citizen(obj, r.get("citizen")),
        **kw,
    ),
    "acknowledge": lambda obj, r, **kw: s.session_acknowledge(
        obj, reference=r.get("reference"), note=r.get("note", ""), **kw
    ),
    "cancel": lambda obj, r, **kw: s.session_cancel(obj, reason=r.get("reason"), **kw),
}


DIALOGUE_ACTIONS = {
    "announce": lambda obj, r, **kw: s.dialogue_announce(obj, **kw),
    "hold": lambda obj, r, **kw: s.dialogue_hold(obj, note=r.get("note", ""), **kw),
    "record_participant": lambda obj, r, **kw: s.dialogue_record_participant(
        obj, name=r.get("name"), organisation=r.get("organisation", ""), **kw
    ),
    "record_issue": lambda obj, r, actor, **kw: s.dialogue_record_issue(
        obj,
        actor=actor,
        summary=r.get("summary"),
        category_code=r.get("category_code"),
        owner=_owner(actor, r.get("owner")),
        commitment=r.get("commitment"),
        deadline=r.get("deadline"),
        **kw,
    ),
    "publish": lambda obj, r, **kw: s.dialogue_publish(obj, results=r.get("results"), **kw),
    "cancel": lambda obj, r, **kw: s.dialogue_cancel(obj, reason=r.get("reason"), **kw),
}


def run(table: dict, obj, action: str, params, *, actor, version=None):
    """Run `action` of `table` on `obj`; `params` must be a mapping."""
    if not isinstance(params, dict):
        raise InvalidInput(PARAMS_INVALID, code="invalid")
    return table[action](obj, params, actor=actor, version=version)
