"""The required documents as a checklist, at the desk and online: one check for both channels.

A procedure's `required_documents` is a list of items `{"name", "copies", "original", "required"}`
(`required` defaults to true; a document the applicant gives only in some cases — "nếu có" — is not
required). A dossier's documents say which items they answer (`DossierDocument.checklist_items`).

- Online (`check_online`): every required item needs an uploaded file, or the submission is refused
  with a 400 naming the missing items, and nothing is created.
- At the desk (`missing_items`): the officer ticks what was received; the required items not ticked
  are "missing", and the desk either stops (400, nothing created) or receives the dossier with a
  supplement request for exactly those items (the supplement request slip is then ready to print).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from neuguong.core.validation import InvalidInput

MISSING_ONLINE = _("Attach a file for each required document. Missing: %(missing)s.")
MISSING_AT_DESK = _(
    "Required documents not received: %(missing)s. Tick what the applicant handed in, or choose "
    "“receive and request a supplement”."
)
ITEM_UNKNOWN = _("The checklist of this procedure has no item %(item)s.")
SUPPLEMENT_REASON = _("Supplement the missing required documents: %(missing)s.")


def normalise_item(item) -> dict:
    """One checklist item in its full shape (older rows had no `required`; a bare string is a name)."""
    if isinstance(item, str):
        item = {"name": item}
    return {
        "name": str(item.get("name", "")),
        "copies": int(item.get("copies") or 1),
        "original": bool(item.get("original", True)),
        "required": bool(item.get("required", True)),
    }


def normalise(items) -> list[dict]:
    return [normalise_item(i) for i in (items or [])]


def checklist(procedure) -> list[dict]:
    """The procedure's checklist items, each with its `index` (what documents refer to)."""
    return [{**item, "index": i} for i, item in enumerate(normalise(procedure.required_documents))]


def clean_items(procedure, items: Iterable, *, field: str = "checklist_items") -> list[int]:
    """Checklist indexes as ints that exist in the procedure's checklist (sorted, no repeats)."""
    size = len(procedure.required_documents or [])
    out = set()
    for raw in items or ():
        try:
            index = int(raw) if not isinstance(raw, bool) else -1
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < size:
            raise InvalidInput(ITEM_UNKNOWN, code="unknown_checklist_item", field=field, item=raw)
        out.add(index)
    return sorted(out)


def _names(procedure, indexes) -> str:
    items = checklist(procedure)
    return "; ".join(items[i]["name"] for i in indexes)


def missing_items(procedure, answered: Iterable[int]) -> list[int]:
    """The required items not answered."""
    have = set(answered)
    return [i["index"] for i in checklist(procedure) if i["required"] and i["index"] not in have]


def answered_by(documents: Iterable[dict]) -> set[int]:
    """The items answered by documents that carry a file (online) or were received (desk)."""
    return {i for doc in documents for i in doc.get("checklist_items", ())}


def check_online(procedure, documents: list[dict]) -> None:
    """Refuse an online submission missing a file for a required item (400, nothing created)."""
    with_file = [d for d in documents if d.get("file") is not None]
    missing = missing_items(procedure, answered_by(with_file))
    if missing:
        raise InvalidInput(
            MISSING_ONLINE,
            code="required_documents_missing",
            field="documents",
            missing=_names(procedure, missing),
        )


def check_desk(procedure, received: Iterable[int], *, supplement: bool) -> list[int]:
    """The desk's check: the missing required items, or a refusal when the desk did not choose to
    receive with a supplement request."""
    missing = missing_items(procedure, received)
    if missing and not supplement:
        raise InvalidInput(
            MISSING_AT_DESK,
            code="required_documents_missing",
            field="received_items",
            missing=_names(procedure, missing),
        )
    return missing


def supplement_reason(procedure, missing: list[int]) -> str:
    """The supplement request's reason, in Vietnamese: it is printed on the legal slip (Mẫu 02)."""
    from django.utils import translation

    with translation.override("vi"):
        return str(SUPPLEMENT_REASON % {"missing": _names(procedure, missing)})
