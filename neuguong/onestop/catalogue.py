"""The procedure catalogue: rows to procedures, the demo catalogue, step agencies.

The code lives in small modules, re-exported here so that `from neuguong.onestop.catalogue import …`
keeps working:
- `catalogue_cells`: reading one cell (numbers, levels, checklists, channels, times, dates, yes/no);
- `catalogue_rows`: the file's rows grouped by code into procedures, the import's rules and report;
- `catalogue_write`: the columns, `procedure_upsert` (the one write path, audited), the deadline warning;
- `catalogue_steps`: who performs a template step, the default handling agency;
- `catalogue_files`: Excel and CSV in and out; `catalogue_upload`: the staff page's upload.
"""

from __future__ import annotations

from neuguong.onestop.catalogue_cells import (
    RowInvalid,
    document_required_by_default,
    documents_cell,
    text_cell,
)
from neuguong.onestop.catalogue_rows import ImportReport, RowError, import_groups, parse_rows
from neuguong.onestop.catalogue_steps import default_handling_agency, resolve_step_agency
from neuguong.onestop.catalogue_write import (
    COLUMNS,
    DATE_FIELDS,
    PROCEDURE_COLUMNS,
    REQUIRED_COLUMNS,
    STEP_COLUMNS,
    deadline_warning,
    hours_text,
    procedure_upsert,
    working_hours,
)
from neuguong.onestop.models import Procedure
from neuguong.org.models import Agency

_documents = documents_cell  # the name the intake checklist's tests import

__all__ = [
    "COLUMNS",
    "DATE_FIELDS",
    "PROCEDURE_COLUMNS",
    "REQUIRED_COLUMNS",
    "STEP_COLUMNS",
    "ImportReport",
    "RowError",
    "RowInvalid",
    "deadline_warning",
    "default_handling_agency",
    "document_required_by_default",
    "hours_text",
    "import_groups",
    "load_demo_catalogue",
    "parse_rows",
    "procedure_upsert",
    "resolve_step_agency",
    "text_cell",
    "working_hours",
]


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
