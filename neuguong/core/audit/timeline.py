"""The audit log as people read it (issue 8): `timeline_for(obj_or_events, viewer)`.

Each event becomes an entry with a translated title, the time in dd/mm/yyyy HH:MM, who acted, and its
data as labelled, formatted fields (states by name, ids by name, dates, money, Có/Không); see labels.py for
how an app registers them. Action codes, field names, hashes and raw JSON appear only in `entry.technical`,
which is filled for inspectors and administrators alone (the template shows it behind "Chi tiết kỹ thuật").

`public=True` is the citizen's view on the public tracking page: only the actions registered as public,
only their public fields, and no actor at all (no staff names).

Costs: the events (one query when given a record), then one query per kind of id to name (agencies,
people…), whatever the number of events.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from neuguong.core.audit import labels
from neuguong.core.audit.models import AuditEvent

# The keys of a state change written by the workflow engine (core/workflow.py DossierWorkflow.log).
FROM, TO, AT = "from", "to", "at"
# The keys of a field change written by the org services and the audited admin.
OLD, NEW = "old", "new"
STATE = "state"
CHANGE = "change"  # the label of a plain old/new pair (labels.COMMON_FIELDS)


@dataclass
class TimelineField:
    label: str
    value: str


@dataclass
class TimelineEntry:
    at: dt.datetime | None
    title: str
    actor: str
    fields: list[TimelineField] = field(default_factory=list)
    tone: str = ""
    technical: dict[str, Any] | None = None
    # Filled by `timeline_entries` (events of many records): the record's kind and its trail's URL.
    record: str = ""
    link: str = ""


def may_see_technical(viewer: Any) -> bool:
    """Inspectors and administrators see codes, hashes and raw data."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if getattr(viewer, "is_superuser", False):
        return True
    from neuguong.core.roles import Role
    from neuguong.org.access import has_role

    return has_role(viewer, Role.INSPECTOR, Role.ADMIN)


def _events(obj_or_events: Any) -> list[AuditEvent]:
    if hasattr(obj_or_events, "_meta") and not isinstance(obj_or_events, AuditEvent):
        from neuguong.core.audit.selectors import events_for

        return list(events_for(obj_or_events))
    return list(obj_or_events)


def _model_of(event: AuditEvent) -> Any:
    try:
        return ContentType.objects.get_for_id(event.content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None


def _parse_time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _actor(event: AuditEvent) -> str:
    label = event.actor_label or ""
    if label.startswith("citizen:"):
        return _("Citizen")
    if not label or label.startswith("system:"):
        return _("System")
    return label


def _pairs(event: AuditEvent, *, public: bool) -> list[tuple[str, Any, Any, bool]]:
    """(key, old, new, is_change) of an event's data, state change first; `at` is the entry's time."""
    data = event.data if isinstance(event.data, dict) else {}
    out: list[tuple[str, Any, Any, bool]] = []
    if FROM in data or TO in data:
        before, after = data.get(FROM), data.get(TO)
        if before and after and before != after:
            out.append((STATE, before, after, True))
        elif after and not before:
            out.append((STATE, None, after, False))
    old, new = data.get(OLD), data.get(NEW)
    if isinstance(old, dict) or isinstance(new, dict):
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        for key in dict.fromkeys([*new, *old]):
            if key in old and key in new:
                out.append((key, old[key], new[key], True))
            else:
                out.append((key, None, new[key] if key in new else old[key], False))
    elif old is not None or new is not None:  # {"old": "Tên cũ", "new": "Tên mới"}
        out.append((CHANGE, old, new, old is not None and new is not None))
    rest = [key for key in data if key not in (FROM, TO, AT, OLD, NEW)]
    for key in sorted(rest, key=lambda key: labels.field_rank(event.action, key)):
        out.append((key, None, data[key], False))
    if public:
        out = [p for p in out if labels.is_public_field(event.action, p[0])]
    return out


def _refs(
    events: list[AuditEvent], pairs: dict[int, list], models: dict[int, Any]
) -> dict[tuple[str, Any], str]:
    """Names of every id the events mention, one query per resolver."""
    wanted: dict[Any, set] = defaultdict(set)
    names: dict[Any, list[str]] = defaultdict(list)
    for event in events:
        for key, old, new, _change in pairs[event.pk]:
            resolver = labels.resolver_for(event.action, key, models[event.pk])
            if resolver is None:
                continue
            for value in (old, new):
                if isinstance(value, int) and not isinstance(value, bool):
                    wanted[resolver].add(value)
            if key not in names[resolver]:
                names[resolver].append(key)
    out: dict[tuple[str, Any], str] = {}
    for resolver, ids in wanted.items():
        for pk, name in resolver(ids).items():
            for key in names[resolver]:
                out[(key, pk)] = name
    return out


def _technical(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "action": event.action,
        "created_at": event.created_at.isoformat() if event.created_at else "",
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "hash": event.hash,
        "prev_hash": event.prev_hash,
        "data": json.dumps(event.data, ensure_ascii=False, indent=1, sort_keys=True, default=str),
    }


def timeline_for(
    obj_or_events: Any, viewer: Any = None, *, public: bool = False
) -> list[TimelineEntry]:
    """The entries of a record's audit chain (or of the given events), oldest first."""
    events = _events(obj_or_events)
    if public:
        events = [e for e in events if labels.is_public_action(e.action)]
    technical = not public and may_see_technical(viewer)
    pairs = {e.pk: _pairs(e, public=public) for e in events}
    models = {e.pk: _model_of(e) for e in events}
    refs = _refs(events, pairs, models)
    entries = []
    for event in events:
        model = models[event.pk]
        data = event.data if isinstance(event.data, dict) else {}
        fields = []
        for key, old, new, change in pairs[event.pk]:
            label = labels.field_label(event.action, key, model)
            text = labels.value_text(event.action, key, new, refs, model)
            if change:
                text = f"{labels.value_text(event.action, key, old, refs, model)} → {text}"
            fields.append(TimelineField(label, text))
        entries.append(
            TimelineEntry(
                at=_parse_time(data.get(AT)) or event.created_at,
                title=labels.action_label(event.action, model),
                actor="" if public else _actor(event),
                fields=fields,
                tone=labels.action_tone(event.action),
                technical=_technical(event) if technical else None,
            )
        )
    return entries


def timeline_entries(events: Iterable[AuditEvent], viewer: Any) -> list[TimelineEntry]:
    """Entries of events from several records (the audit list pages), each naming its record and
    linking to that record's trail."""
    from django.urls import reverse

    events = list(events)
    entries = timeline_for(events, viewer)
    for event, entry in zip(events, entries, strict=True):
        model = _model_of(event)
        if model is None:
            continue
        entry.record = f"{str(model._meta.verbose_name).capitalize()} #{event.object_id}"
        entry.link = reverse(
            "audit-timeline", args=[model._meta.app_label, model._meta.model_name, event.object_id]
        )
    return entries
