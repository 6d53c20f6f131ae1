"""The procedure catalogue: rows to procedures, the demo catalogue, step agencies (files: catalogue_files).

File format (the same columns in CSV and in the first sheet of an .xlsx workbook; docs/onestop-documents-
and-public.md): one row per process step; the procedure columns are read from the first row of each code
and may be left blank on that code's later rows. A row without step columns declares a procedure without
steps. Line numbers in the report are the file's (the header is line 1).

Rules of an import:
- a bad row is reported with its line number and reason; the procedure it belongs to is left unchanged
  (a half template would give wrong appointments), every other procedure is imported;
- procedures are matched by national code, so importing the same file twice changes nothing;
- a procedure whose steps do not add up to its legal deadline is imported, with a warning for the admin.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neuguong.core.audit import log_action
from neuguong.core.text import fold
from neuguong.onestop.constants import ActorKind, OnlineLevel
from neuguong.onestop.models import Procedure, ProcedureStep
from neuguong.org.constants import AgencyKind, UnitLevel
from neuguong.org.models import Agency

PROCEDURE_COLUMNS = [
    "code",
    "name",
    "field",
    "level",
    "legal_basis",
    "fee",
    "fee_note",
    "required_documents",
    "online_level",
    "channels",
    "cutoff_time",
    "published_on",
    "deadline_hours",
    "is_active",
]
STEP_COLUMNS = ["step_order", "step_name", "step_actor", "step_agency", "step_level", "step_hours"]
COLUMNS = PROCEDURE_COLUMNS + STEP_COLUMNS
REQUIRED_COLUMNS = {"code", "name", "level", "deadline_hours", *STEP_COLUMNS}

_CODE_RE = re.compile(r"^\d+\.\d+(\.[0-9A-Za-z.]+)?$")
_LEVEL_ALIASES = {
    "xa": UnitLevel.COMMUNE,
    "cap xa": UnitLevel.COMMUNE,
    "phuong": UnitLevel.COMMUNE,
    "tinh": UnitLevel.PROVINCE,
    "cap tinh": UnitLevel.PROVINCE,
    "huyen": UnitLevel.DISTRICT,
    "cap huyen": UnitLevel.DISTRICT,
}
_ORIGINAL = {"original", "ban chinh", "true", "1", "yes", "co"}
_COPY = {"copy", "ban sao", "false", "0", "no", "khong"}
_REQUIRED = {"required", "bat buoc"}
_OPTIONAL = {"optional", "khong bat buoc", "neu co"}


def document_required_by_default(name: str) -> bool:
    """A document the applicant gives only in some cases ("… (nếu có)", "(nếu nộp thay)") is not
    required; every other one is."""
    return "(neu " not in fold(name)


_TRUE = {"", "1", "true", "yes", "co", "x"}
_FALSE = {"0", "false", "no", "khong"}


# --- the report -------------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s (%(code)s): %(message)s") % {
            "line": self.line,
            "code": self.code or "-",
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What an import did. `errors` are per line; `skipped` are the codes left unchanged because of them."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_text(self) -> str:
        lines = [
            _(
                "Procedures: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(skipped)s skipped because of errors."
            )
            % {
                "created": len(self.created),
                "updated": len(self.updated),
                "unchanged": len(self.unchanged),
                "skipped": len(self.skipped),
            }
        ]
        if self.errors:
            lines.append(_("Errors:"))
            lines.extend(f"  {e}" for e in self.errors)
        if self.warnings:
            lines.append(_("Warnings:"))
            lines.extend(f"  {w}" for w in self.warnings)
        return "\n".join(lines)


class _RowInvalid(Exception):
    pass


# --- parsing one cell -------------------------------------------------------------------------------


def text_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value, column: str, *, minimum: Decimal = Decimal(0)) -> Decimal:
    raw = text_cell(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raw = str(value)
    else:
        # Vietnamese spreadsheets write 100.000 đ for one hundred thousand dong: drop the separators
        # only when the text looks like a grouped integer.
        cleaned = raw.replace("đ", "").replace("VND", "").replace(" ", "")
        if re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", cleaned):
            cleaned = re.sub(r"[.,]", "", cleaned)
        raw = cleaned.replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise _RowInvalid(
            _("%(column)s: “%(value)s” is not a number") % {"column": column, "value": raw}
        ) from None
    if not number.is_finite() or number < minimum:
        raise _RowInvalid(
            _("%(column)s must be at least %(min)s") % {"column": column, "min": minimum}
        )
    return number


def _level(value, column: str, *, blank_ok: bool = False) -> str:
    raw = fold(text_cell(value))
    if not raw and blank_ok:
        return ""
    if raw in UnitLevel.values:
        return raw
    if raw in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[raw]
    raise _RowInvalid(
        _("%(column)s: unknown level “%(value)s” (commune, district or province)")
        % {"column": column, "value": text_cell(value)}
    )


def _documents(value) -> list[dict]:
    """ "name | copies | original [| required/optional]; …" → [{"name", "copies", "original",
    "required"}] (without the fourth part: required unless the name says "(nếu …)")."""
    docs = []
    for item in re.split(r"[;\n]", text_cell(value)):
        if not item.strip():
            continue
        parts = [p.strip() for p in item.split("|")]
        name = parts[0]
        copies = 1
        original = True
        if len(parts) > 1 and parts[1]:
            if not re.fullmatch(r"[0-9]{1,6}", parts[1]) or int(parts[1]) < 1:
                raise _RowInvalid(
                    _("required_documents: “%(value)s” is not a number of copies")
                    % {"value": parts[1]}
                )
            copies = int(parts[1])
        if len(parts) > 2 and parts[2]:
            kind = fold(parts[2])
            if kind in _ORIGINAL:
                original = True
            elif kind in _COPY:
                original = False
            else:
                raise _RowInvalid(
                    _("required_documents: write “original” or “copy”, not “%(value)s”")
                    % {"value": parts[2]}
                )
        required = document_required_by_default(name)
        if len(parts) > 3 and parts[3]:
            kind = fold(parts[3])
            if kind in _REQUIRED:
                required = True
            elif kind in _OPTIONAL:
                required = False
            else:
                raise _RowInvalid(
                    _("required_documents: write “required” or “optional”, not “%(value)s”")
                    % {"value": parts[3]}
                )
        docs.append({"name": name, "copies": copies, "original": original, "required": required})
    return docs


def _channels(value) -> list[int]:
    raw = text_cell(value)
    if not raw:
        return [1]
    try:
        channels = sorted({int(c) for c in re.split(r"[,; ]+", raw) if c})
    except ValueError:
        channels = []
    if not channels or any(c not in (1, 2, 3) for c in channels):
        raise _RowInvalid(
            _("channels: “%(value)s” must list 1 (in person), 2 (online), 3 (post)")
            % {"value": raw}
        )
    return channels


def _time(value) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    raw = text_cell(value)
    match = re.fullmatch(r"([0-9]{1,2})[:hH]([0-9]{2})?", raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise _RowInvalid(_("cutoff_time: “%(value)s” is not a time like 15:00") % {"value": raw})
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text_cell(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a date, no time zone)
        except ValueError:
            continue
    raise _RowInvalid(
        _("published_on: “%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)") % {"value": raw}
    )


def _bool(value, column: str) -> bool:
    if isinstance(value, bool):
        return value
    raw = fold(text_cell(value))
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise _RowInvalid(
        _("%(column)s: “%(value)s” is not yes or no") % {"column": column, "value": raw}
    )


def _choice(value, column: str, choices) -> str:
    raw = text_cell(value).lower()
    if raw not in choices.values:
        raise _RowInvalid(
            _("%(column)s: “%(value)s” is not one of %(choices)s")
            % {"column": column, "value": raw, "choices": ", ".join(choices.values)}
        )
    return raw


# --- rows → procedures ------------------------------------------------------------------------------


def _parse_procedure(row: dict) -> dict:
    name = text_cell(row.get("name"))
    if not name:
        raise _RowInvalid(_("name is required on the first row of a procedure"))
    online = text_cell(row.get("online_level")) or OnlineLevel.NONE
    return {
        "code": text_cell(row.get("code")),
        "name": name,
        "field": text_cell(row.get("field")),
        "level": _level(row.get("level"), "level"),
        "legal_basis": text_cell(row.get("legal_basis")),
        "fee": _decimal(row.get("fee") or 0, "fee").quantize(Decimal(1)),
        "fee_note": text_cell(row.get("fee_note")),
        "required_documents": _documents(row.get("required_documents")),
        "online_level": _choice(online, "online_level", OnlineLevel),
        "channels": _channels(row.get("channels")),
        "cutoff_time": _time(row.get("cutoff_time")),
        "published_on": _date(row.get("published_on")),
        "deadline_hours": _decimal(row.get("deadline_hours"), "deadline_hours"),
        "is_active": _bool(row.get("is_active"), "is_active"),
        "steps": [],
    }


def _parse_step(row: dict, agencies: dict[str, Agency]) -> dict | None:
    if not any(text_cell(row.get(c)) for c in STEP_COLUMNS):
        return None
    raw_order = text_cell(row.get("step_order"))
    if not re.fullmatch(r"[0-9]{1,4}", raw_order) or int(raw_order) < 1:
        raise _RowInvalid(
            _("step_order: “%(value)s” is not a positive whole number") % {"value": raw_order}
        )
    name = text_cell(row.get("step_name"))
    if not name:
        raise _RowInvalid(_("step_name is required"))
    agency_code = text_cell(row.get("step_agency"))
    if agency_code and agency_code not in agencies:
        raise _RowInvalid(
            _("step_agency: no agency has the identifier code “%(value)s”") % {"value": agency_code}
        )
    return {
        "order": int(raw_order),
        "name": name,
        "actor_kind": _choice(row.get("step_actor"), "step_actor", ActorKind),
        "agency": agency_code or None,
        "agency_level": _level(row.get("step_level"), "step_level", blank_ok=True),
        "hours": _decimal(row.get("step_hours"), "step_hours"),
    }


@dataclass
class _Group:
    code: str
    first_line: int
    data: dict | None = None
    lines: list[int] = field(default_factory=list)
    bad: bool = False


def parse_rows(rows: Iterable[tuple[int, dict]], report: ImportReport) -> list[_Group]:
    """Group the rows by code and parse them; bad rows go to `report.errors` and spoil their group."""
    rows = list(rows)
    agency_codes = {text_cell(r.get("step_agency")) for _, r in rows} - {""}
    agencies = {
        a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=agency_codes)
    }
    groups: dict[str, _Group] = {}
    for line, row in rows:
        if not any(text_cell(v) for v in row.values()):
            continue  # blank lines are allowed
        code = text_cell(row.get("code"))
        if not _CODE_RE.match(code):
            report.errors.append(
                RowError(
                    line,
                    code,
                    _("code: “%(value)s” is not a national procedure code like 1.001193")
                    % {"value": code},
                )
            )
            continue
        group = groups.get(code)
        try:
            if group is None:
                group = groups[code] = _Group(code, line)
                group.data = _parse_procedure(row)
            group.lines.append(line)
            step = _parse_step(row, agencies)
            # No data: the procedure's first row was bad; its other rows are still checked.
            if step is not None and group.data is not None:
                steps = group.data["steps"]
                if any(s["order"] == step["order"] for s in steps):
                    raise _RowInvalid(
                        _("step_order %(order)s appears twice") % {"order": step["order"]}
                    )
                step["line"] = line
                steps.append(step)
        except _RowInvalid as exc:
            report.errors.append(RowError(line, code, str(exc)))
            if group is not None:
                group.bad = True
    return list(groups.values())


# --- writing one procedure --------------------------------------------------------------------------

_FIELDS = [c for c in PROCEDURE_COLUMNS if c != "code"]


def _step_key(step: dict, agency_ids: dict[str, int]) -> tuple:
    return (
        step["order"],
        step["name"],
        step["actor_kind"],
        agency_ids.get(step["agency"]) if step["agency"] else None,
        step["agency_level"] or "",
        Decimal(step["hours"]).quantize(Decimal("0.01")),
    )


def procedure_upsert(
    data: dict, *, agencies: dict[str, Agency], actor=None
) -> tuple[Procedure, str]:
    """Create or update the procedure `data["code"]` and its steps; return it and created|updated|unchanged.

    `data` has the keys of PROCEDURE_COLUMNS plus "steps" (dicts with order, name, actor_kind, agency
    as an identifier code or None, agency_level, hours); `agencies` maps identifier codes to agencies.
    Steps are replaced as a whole when they differ (dossiers copy their steps at intake, so a
    template change never rewrites a running dossier). Audited as onestop.procedure.created/updated.
    """
    agency_ids = {code: a.pk for code, a in agencies.items()}
    values = {f: data[f] for f in _FIELDS if f in data}
    values["fee"] = Decimal(values.get("fee") or 0)
    values["deadline_hours"] = Decimal(values["deadline_hours"])
    if isinstance(values.get("cutoff_time"), str):
        values["cutoff_time"] = _time(values["cutoff_time"])
    if isinstance(values.get("published_on"), str):
        values["published_on"] = _date(values["published_on"])
    new_steps = sorted(_step_key(s, agency_ids) for s in data.get("steps", []))

    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().filter(code=data["code"]).first()
        if procedure is None:
            procedure = Procedure(code=data["code"], **values)
            procedure.save()
            status, changed = "created", sorted(values)
        else:
            changed = [f for f, v in values.items() if getattr(procedure, f) != v]
            for f in changed:
                setattr(procedure, f, values[f])
            if changed:
                procedure.save()
            status = "updated" if changed else "unchanged"
        old_steps = sorted(
            (s.order, s.name, s.actor_kind, s.agency_id, s.agency_level, s.hours)
            for s in procedure.steps.all()
        )
        if old_steps != new_steps:
            procedure.steps.all().delete()
            ProcedureStep.objects.bulk_create(
                ProcedureStep(
                    procedure=procedure,
                    order=order,
                    name=name,
                    actor_kind=actor_kind,
                    agency_id=agency_id,
                    agency_level=level,
                    hours=hours,
                )
                for order, name, actor_kind, agency_id, level, hours in new_steps
            )
            changed.append("steps")
            status = "created" if status == "created" else "updated"
        if status != "unchanged":
            log_action(
                procedure,
                f"onestop.procedure.{status}",
                actor=actor,
                data={"changed": changed, "steps": len(new_steps)},
            )
    return procedure, status


def deadline_warning(code: str, steps_total: Decimal, deadline: Decimal) -> str | None:
    """The admin's warning when a template's steps do not add up to the legal deadline."""
    if Decimal(steps_total) == Decimal(deadline):
        return None
    return _("%(code)s: the steps add up to %(total)s but the legal deadline is %(deadline)s") % {
        "code": code,
        "total": working_hours(steps_total),
        "deadline": working_hours(deadline),
    }


def hours_text(value) -> str:
    value = Decimal(value)
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def working_hours(value) -> str:
    """24 → "24 working hours", 1 → "1 working hour" (ngettext; Vietnamese has one form), 6.5 → "6.5
    working hours": a fraction takes the plural, as in English."""
    value = Decimal(value)
    count = int(value) if value == value.to_integral() else 2
    return ngettext("%(n)s working hour", "%(n)s working hours", count) % {"n": hours_text(value)}


def import_groups(groups: list[_Group], report: ImportReport, *, actor=None) -> list[Procedure]:
    codes = {s["agency"] for g in groups if g.data for s in g.data["steps"]} - {None}
    agencies = {a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=codes)}
    procedures = []
    for group in groups:
        data = group.data
        if group.bad or data is None:  # a group without data is bad
            report.skipped.append(group.code)
            continue
        procedure, status = procedure_upsert(data, agencies=agencies, actor=actor)
        getattr(report, status).append(group.code)
        procedures.append(procedure)
        total = sum((Decimal(s["hours"]) for s in data["steps"]), Decimal(0))
        warning = deadline_warning(group.code, total, data["deadline_hours"])
        if warning:
            report.warnings.append(
                _("line %(line)s: %(warning)s") % {"line": group.first_line, "warning": warning}
            )
    return procedures


# --- step agencies ----------------------------------------------------------------------------------


def resolve_step_agency(
    step: ProcedureStep, *, handling_agency: Agency, receiving_agency: Agency
) -> Agency:
    """The agency that performs a template step for one dossier.

    - a fixed agency on the step (the land registration office, the tax authority, a department);
    - receive and return steps: the receiving desk;
    - a hand-over with no fixed agency at commune level: the police of the handling agency's commune
      (every commune has its own, so the template cannot name it), else the handling agency;
    - anything else: the handling agency.
    """
    if step.agency is not None:  # no query when agency_id is None
        return step.agency
    if step.actor_kind in (ActorKind.RECEIVE, ActorKind.RETURN):
        return receiving_agency
    if step.actor_kind == ActorKind.HANDOVER and step.agency_level == UnitLevel.COMMUNE:
        police = (
            Agency.objects.filter(unit_id=handling_agency.unit_id, kind=AgencyKind.BRANCH)
            .order_by("identifier_code")
            .first()
        )
        if police is not None:
            return police
    return handling_agency


def default_handling_agency(procedure: Procedure, receiving_agency: Agency) -> Agency:
    """The agency responsible for the result when intake names none.

    The first process or sign step's fixed agency (a department for provincial procedures), else the
    agency the desk belongs to (the commune People's Committee for a commune desk).
    """
    for step in procedure.steps.all():
        if step.actor_kind in (ActorKind.PROCESS, ActorKind.SIGN) and step.agency is not None:
            return step.agency
    return receiving_agency.parent or receiving_agency


# --- the demo catalogue -----------------------------------------------------------------------------


def load_demo_catalogue(*, stdout=None) -> list[Procedure]:
    """Load the demo catalogue (neuguong/onestop/data/demo_catalogue.py); idempotent by code.

    Needs the demo province's agencies (neuguong.demo.province.load_province()): a step naming an
    agency that does not exist raises Agency.DoesNotExist rather than loading a wrong template.
    """
    from neuguong.onestop.data.demo_catalogue import DEMO_CATALOGUE

    codes = {s["agency"] for p in DEMO_CATALOGUE for s in p["steps"]} - {None}
    agencies = {a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=codes)}
    missing = codes - set(agencies)
    if missing:
        raise Agency.DoesNotExist(
            "The demo catalogue needs the demo province's agencies (neuguong demo); missing: "
            + ", ".join(sorted(missing))
        )
    procedures, counts = [], {"created": 0, "updated": 0, "unchanged": 0}
    for data in DEMO_CATALOGUE:
        procedure, status = procedure_upsert(data, agencies=agencies, actor="system:demo")
        counts[status] += 1
        procedures.append(procedure)
    if stdout is not None:
        stdout.write(
            f"Demo catalogue: {len(procedures)} procedures ({counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged).\n"
        )
    return procedures
