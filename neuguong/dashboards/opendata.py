"""Open data (issue 10 §5): anonymised dossier-level and feedback-level facts as CSV, with a data dictionary.

Only codes, channels, dates (the day, in Vietnam's calendar), an on-time flag and a rating leave the
platform: never a name, citizen ID, phone, e-mail, address, coordinates or free text. The columns are
selected by name (`values_list`), so a personal field cannot slip in by a change to a model; the rows stream
from `.iterator()` and no record is held in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from neuguong.core.rules.selectors import LEGAL_TZ

BOM = "\ufeff"
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "date", "boolean"
    description: Promise


DOSSIER_COLUMNS = (
    Column("procedure_code", "text", _("National code of the administrative procedure.")),
    Column(
        "handling_agency_code", "text", _("Identifier code of the agency that handles the dossier.")
    ),
    Column(
        "commune_code",
        "text",
        _(
            "Statistics code of the administrative unit of the handling agency (not the applicant's)."
        ),
    ),
    Column("channel", "text", _("How the dossier was submitted: in_person, online or postal.")),
    Column("received_date", "date", _("Day the dossier was received (YYYY-MM-DD, Vietnam time).")),
    Column(
        "ended_date",
        "date",
        _("Day processing ended (YYYY-MM-DD, Vietnam time); empty while the dossier is open."),
    ),
    Column(
        "on_time",
        "boolean",
        _(
            "1 if processing ended by the appointment (net of supplement pauses) and no second supplement "
            "was requested, 0 if late, empty while open."
        ),
    ),
    Column("rating", "text", _("The applicant's rating of the service, empty if not rated.")),
)

FEEDBACK_COLUMNS = (
    Column("category", "text", _("Code of the feedback category.")),
    Column(
        "kind",
        "text",
        _("Kind of item: feedback or complaint (denunciations are never published)."),
    ),
    Column("agency_code", "text", _("Identifier code of the agency that handles the item.")),
    Column("commune_code", "text", _("Statistics code of the commune the item concerns.")),
    Column(
        "channel",
        "text",
        _("How the item was submitted: web, api, open311, reception, dialogue or visit."),
    ),
    Column("submitted_date", "date", _("Day the item was submitted (YYYY-MM-DD, Vietnam time).")),
    Column("answered_date", "date", _("Day the item was answered; empty if not answered.")),
    Column(
        "on_time",
        "boolean",
        _("1 if answered by its deadline, 0 if answered after it, empty if not known yet."),
    ),
    Column("rating", "text", _("The submitter's rating of the handling, empty if not rated.")),
)

DATASETS = {"dossiers": DOSSIER_COLUMNS, "feedback": FEEDBACK_COLUMNS}


def _day(value: dt.datetime | None) -> str:
    return value.astimezone(LEGAL_TZ).date().isoformat() if value else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def dossier_rows(
    start: dt.datetime | None = None, end: dt.datetime | None = None
) -> Iterator[list]:
    """Received dossiers (received in [start, end) when given), one row of DOSSIER_COLUMNS each."""
    from neuguong.onestop.constants import Channel
    from neuguong.onestop.models import Dossier

    qs: QuerySet = Dossier.objects.filter(received_at__isnull=False)
    if start is not None and end is not None:
        qs = qs.filter(received_at__gte=start, received_at__lt=end)
    due = Coalesce(F("original_appointment_at"), F("appointment_at"))
    late = Q(late_by_rule=True) | Q(processing_ended_at__gt=due)
    qs = qs.annotate(
        late=Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    channels = {c.value: c.name.lower() for c in Channel}
    values = qs.order_by("pk").values_list(
        "procedure__code",
        "handling_agency__identifier_code",
        "handling_agency__unit__code",
        "channel",
        "received_at",
        "processing_ended_at",
        "late",
        "rating__value",
    )
    for proc, agency, commune, channel, received, ended, is_late, rating in values.iterator(
        chunk_size=CHUNK
    ):
        yield [
            proc,
            agency or "",
            commune or "",
            channels.get(channel, str(channel)),
            _day(received),
            _day(ended),
            _flag(None if ended is None else not is_late),
            rating or "",
        ]


def feedback_rows(
    start: dt.datetime | None = None, end: dt.datetime | None = None
) -> Iterator[list]:
    """Feedback and complaints (submitted in [start, end) when given), one row of FEEDBACK_COLUMNS each."""
    from neuguong.feedback.constants import ItemKind, ItemState
    from neuguong.feedback.models import FeedbackItem

    # Never a denunciation (its denouncer is protected: the public feedback pages leave them out too), and
    # not an item merged into another (it would count twice).
    qs: QuerySet = FeedbackItem.objects.exclude(kind=ItemKind.DENUNCIATION).exclude(
        state=ItemState.MERGED
    )
    if start is not None and end is not None:
        qs = qs.filter(submitted_at__gte=start, submitted_at__lt=end)
    values = qs.order_by("pk").values_list(
        "category__code",
        "kind",
        "agency__identifier_code",
        "commune__code",
        "channel",
        "submitted_at",
        "answered_at",
        "answered_late",
        "rating",
    )
    for (
        category,
        kind,
        agency,
        commune,
        channel,
        submitted,
        answered,
        late,
        rating,
    ) in values.iterator(chunk_size=CHUNK):
        # As 766 item 5.2 counts it: the answer against its deadline; late stays late after a reopen.
        on_time = None if answered is None else not late
        yield [
            category or "",
            kind,
            agency or "",
            commune or "",
            channel,
            _day(submitted),
            _day(answered),
            _flag(on_time),
            rating or "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text, line by line: a BOM first so that Excel reads UTF-8, then the header and the rows."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([str(h) for h in header])
    for row in rows:
        yield writer.writerow(row)


def dictionary_rows() -> Iterator[list]:
    for dataset, columns in DATASETS.items():
        for column in columns:
            yield [dataset, column.name, column.kind, str(column.description)]
