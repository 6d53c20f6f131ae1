"""Human labels for audit action codes, their data fields and values (issue 8, docs/ui.md).

Each app registers, in its AppConfig.ready(), the labels of the codes it writes:

    register("onestop.dossier", actions={"accepted": _("Dossier accepted")},
             fields={"appointment_at": _("Appointment")}, values={"state": state_label},
             public_actions={"accepted"}, public_fields={"appointment_at"})

- an action code is `<prefix>.<verb>`; the longest registered prefix wins, so "org" can label
  "agency.created" for every org model while "org.delegation" labels "revoked";
- `fields` are labels of the keys of `event.data` (and of the old/new dicts of a change); `values` turn a
  field's raw JSON value into text (a state into its display name);
- `refs` resolve ids to names in bulk: `{"agency_id": names_of_agencies}` where the callable takes a set of
  ids and returns {id: name} with one query, so a timeline of 50 events costs one query per kind of id;
- `public_actions`/`public_fields`: what a citizen may read on the public tracking page (no staff names,
  no internal events like a personal-data read).

Nothing here ever returns a raw code: an unknown action reads "Ghi nhận thay đổi" (with the record kind
when the event's model is known), an unknown field the model field's verbose name or "Chi tiết khác".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.core.templatetags.ui import format_date, format_datetime, group_thousands

Formatter = Callable[[Any], str]
Resolver = Callable[[set[Any]], Mapping[Any, str]]

UNKNOWN_ACTION = gettext_lazy("Recorded change")
UNKNOWN_ACTION_OF = gettext_lazy("Recorded change: %(model)s")
UNKNOWN_FIELD = gettext_lazy("Other detail")
EMPTY = "—"

# Verbs every app shares (the generic services and the audited admin): "<verb>: <record kind>".
GENERIC_VERBS = {
    "created": gettext_lazy("Created"),
    "changed": gettext_lazy("Changed"),
    "deleted": gettext_lazy("Deleted"),
    "revoked": gettext_lazy("Revoked"),
    "viewed": gettext_lazy("Viewed"),
    "created_in_admin": gettext_lazy("Created in the administration"),
    "changed_in_admin": gettext_lazy("Changed in the administration"),
    "deleted_in_admin": gettext_lazy("Deleted in the administration"),
}

# Keys every event may carry, whatever its app.
COMMON_FIELDS = {
    "note": gettext_lazy("Note"),
    "reason": gettext_lazy("Reason"),
    "at": gettext_lazy("Time"),
    "str": gettext_lazy("Record"),
    "agency_id": gettext_lazy("Agency"),
    "person_id": gettext_lazy("Person"),
    "change": gettext_lazy("Value"),
}

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Labels:
    actions: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Formatter] = field(default_factory=dict)
    refs: dict[str, Resolver] = field(default_factory=dict)
    public_actions: set[str] = field(default_factory=set)
    public_fields: set[str] = field(default_factory=set)
    tones: dict[str, str] = field(default_factory=dict)


_REGISTRY: dict[str, Labels] = {}


def register(
    prefix: str,
    *,
    actions: Mapping[str, Any] | None = None,
    fields: Mapping[str, Any] | None = None,
    values: Mapping[str, Formatter] | None = None,
    refs: Mapping[str, Resolver] | None = None,
    public_actions: Iterable[str] = (),
    public_fields: Iterable[str] = (),
    tones: Mapping[str, str] | None = None,
) -> None:
    """Add labels for the codes under `prefix` (calling it again for a prefix adds to what it has).
    `tones` marks verbs "ok", "warn" or "bad" (the dot of the timeline)."""
    labels = _REGISTRY.setdefault(prefix, Labels())
    labels.actions.update(actions or {})
    labels.fields.update(fields or {})
    labels.values.update(values or {})
    labels.refs.update(refs or {})
    labels.public_actions.update(public_actions)
    labels.public_fields.update(public_fields)
    labels.tones.update(tones or {})


def _matches(code: str) -> list[tuple[str, Labels]]:
    """(rest of the code after the prefix, labels) for every registered prefix of `code`, longest first."""
    found = []
    for prefix, labels in _REGISTRY.items():
        if code.startswith(prefix + "."):
            found.append((len(prefix), code[len(prefix) + 1 :], labels))
    found.sort(key=lambda item: -item[0])
    return [(rest, labels) for _n, rest, labels in found]


def action_label(code: str, model: Any = None) -> str:
    """The translated label of an action code; never the code itself."""
    for rest, labels in _matches(code):
        if rest in labels.actions:
            return str(labels.actions[rest])
    verb = code.rsplit(".", 1)[-1]
    kind = _model_name(model)
    if verb in GENERIC_VERBS:
        return f"{GENERIC_VERBS[verb]}: {kind}" if kind else str(GENERIC_VERBS[verb])
    return str(UNKNOWN_ACTION_OF % {"model": kind}) if kind else str(UNKNOWN_ACTION)


def action_tone(code: str) -> str:
    for rest, labels in _matches(code):
        if rest in labels.tones:
            return labels.tones[rest]
    return ""


def is_public_action(code: str) -> bool:
    return any(rest in labels.public_actions for rest, labels in _matches(code))


def is_public_field(code: str, name: str) -> bool:
    return any(name in labels.public_fields for _rest, labels in _matches(code))


def _model_name(model: Any) -> str:
    return str(model._meta.verbose_name) if model is not None else ""


def _model_field(model: Any, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)  # also finds a foreign key by its attname ("agency_id")
    except Exception:  # FieldDoesNotExist, or a reverse relation without a verbose name
        return None


def field_label(code: str, name: str, model: Any = None) -> str:
    """The label of a data key: registered, then common, then the model field's verbose name."""
    for _rest, labels in _matches(code):
        if name in labels.fields:
            return str(labels.fields[name])
    if name in COMMON_FIELDS:
        return str(COMMON_FIELDS[name])
    model_field = _model_field(model, name)
    verbose = getattr(model_field, "verbose_name", None)
    if verbose:
        text = str(verbose)
        return text[:1].upper() + text[1:]
    return str(UNKNOWN_FIELD)


def field_rank(code: str, name: str) -> tuple[int, str]:
    """The order of a field within an event: as registered for its prefix, then by name (PostgreSQL's
    jsonb keeps keys in its own order, so the stored order is not the written one)."""
    for _rest, labels in _matches(code):
        if name in labels.fields:
            return (list(labels.fields).index(name), name)
    return (len(COMMON_FIELDS) + 1000, name) if name not in COMMON_FIELDS else (999, name)


def resolver_for(code: str, name: str, model: Any = None) -> Resolver | None:
    """How to name the ids of a key: registered for the prefix, for the key everywhere, or, for a
    foreign key of the event's model, the related model's str() (one query per related model)."""
    for _rest, labels in _matches(code):
        if name in labels.refs:
            return labels.refs[name]
    if name in _GLOBAL_REFS:
        return _GLOBAL_REFS[name]
    model_field = _model_field(model, name)
    related = getattr(model_field, "related_model", None)
    if related is not None and getattr(model_field, "many_to_one", False):
        if related not in _FK_REFS:
            _FK_REFS[related] = names_of(related)
        return _FK_REFS[related]
    return None


_GLOBAL_REFS: dict[str, Resolver] = {}
_FK_REFS: dict[Any, Resolver] = {}


def register_ref(name: str, resolver: Resolver) -> None:
    """A resolver for a key whatever the prefix (e.g. "agency_id" → agency names)."""
    _GLOBAL_REFS[name] = resolver


def format_plain(value: Any) -> str:
    """A JSON value as text: dates dd/mm/yyyy HH:MM, booleans Có/Không, numbers with "." thousands."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, Decimal)):
        return group_thousands(value)
    if isinstance(value, float):
        return group_thousands(value) if value == int(value) else f"{value:.2f}".replace(".", ",")
    if isinstance(value, (dt.date, dt.datetime)):
        return format_datetime(value)
    if isinstance(value, str):
        if _ISO_DATETIME.match(value):
            try:
                return format_datetime(dt.datetime.fromisoformat(value))
            except ValueError:
                return value
        if _ISO_DATE.match(value):
            try:
                return format_date(dt.date.fromisoformat(value))
            except ValueError:
                return value
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(format_plain(v) for v in value) or EMPTY
    if isinstance(value, dict):
        # Keys are codes: the timeline labels a known dict (old/new) itself; here only the values show.
        return "; ".join(format_plain(v) for v in value.values()) or EMPTY
    return str(value)


def value_text(
    code: str,
    name: str,
    value: Any,
    refs: Mapping[tuple[str, Any], str] | None = None,
    model: Any = None,
) -> str:
    """A field's value as text: its resolved name, its registered formatter, the model field's choice
    label, or `format_plain`."""
    if refs is not None and not isinstance(value, (list, dict)):
        try:
            named = refs.get((name, value))
        except TypeError:  # an unhashable value
            named = None
        if named is not None:
            return named
    for _rest, labels in _matches(code):
        if name in labels.values and value is not None:
            try:
                return str(labels.values[name](value))
            except (KeyError, ValueError, TypeError):
                break
    choices = getattr(_model_field(model, name), "flatchoices", None)
    if choices and isinstance(value, (str, int)) and not isinstance(value, bool):
        label = dict(choices).get(value)
        if label is not None:
            return str(label)
    return format_plain(value)


def choices_formatter(choices: Any) -> Formatter:
    """A formatter from a TextChoices class (or a {value: label} dict): "processing" → "Đang xử lý"."""
    mapping = dict(choices.choices) if hasattr(choices, "choices") else dict(choices)

    def fmt(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return ", ".join(str(mapping.get(v, v)) for v in value)
        return str(mapping[value])

    return fmt


def decimal_formatter(value: Any) -> str:
    """ "1.50" → "1,5"; "16.0" → "16" (Vietnamese decimal comma, no trailing zeros)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return format_plain(value)
    whole = number.to_integral_value()
    if number == whole:
        return group_thousands(whole)
    text = f"{number.normalize():f}"
    head, _dot, tail = text.partition(".")
    return f"{group_thousands(head)},{tail}"


def money_formatter(value: Any) -> str:
    text = group_thousands(value)
    return f"{text} ₫" if text else EMPTY


def names_of(model: Any, attr: str = "") -> Resolver:
    """A resolver {id: name} for `model` with one query (`attr`: the field to show, else str(row))."""

    def resolve(ids: set[Any]) -> Mapping[Any, str]:
        clean = {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}
        if not clean:
            return {}
        rows = model._default_manager.filter(pk__in=clean).order_by()
        if attr:
            return dict(rows.values_list("pk", attr))
        return {row.pk: str(row) for row in rows}

    return resolve
