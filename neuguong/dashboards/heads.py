"""The heads of agencies scored over their own tenure, from the daily facts (issue 10 §2; docs/indicators.md
"Heads over their tenure").

A head answers for the days of the period on which they were in office, not for the whole period: the
`DailyFact` rows of their agency on those days, the feedback items their agency answered on those days, and
the catalogue of their agency's province and level (3.2's numerator: the procedures of that catalogue). On
a day with two head terms in force for one agency (a successor entered before the predecessor's end was), the day is the head's who started last, as `org.selectors.head_of`
answers "who heads it on that day" (equal starts: the term entered last). So the heads of one agency split its
counts exactly.

Approximation: the items counted per procedure (3.2 online services used, 3.5b procedures with an online
payment) come from `ProcedureMonthFact`, which is monthly. A month is credited whole to the head in office on
its last day within the period; a head who left mid-month gets none of that month's procedures. Any
period is accepted (a tenure need not be whole months): a month the period only partly covers still counts
its procedures whole.

The accountability issue's scorecards reuse `head_scores` (one person with `person=`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from neuguong.core.rules.selectors import LEGAL_TZ
from neuguong.dashboards.indicators.card import (
    Counts,
    catalogue_by_unit,
    catalogue_of,
    scorecard,
    working_days,
)
from neuguong.dashboards.indicators.formulas import Scorecard
from neuguong.dashboards.models import DailyFact, ProcedureMonthFact
from neuguong.dashboards.selectors import Period
from neuguong.feedback.constants import ItemKind, ItemState, Rating
from neuguong.feedback.models import FeedbackItem
from neuguong.org.access import scope_for
from neuguong.org.constants import HEAD_TITLES
from neuguong.org.models import Agency, Person, Term

# DailyFact's counts as Counts' fields: the name in Counts, then the expression summed.
_DAY_SUMS: dict[str, Any] = {
    # Each agency answers for its own steps of an interconnected dossier (docs/indicators.md).
    "ended": Sum(F("ended") + F("step_ended")),
    "late": Sum("late"),
    "received": Sum("received"),
    "received_online": Sum("received_online"),
    "with_fee": Sum("with_fee"),
    "paid_online": Sum("paid_online"),
    "digitised": Sum("digitised"),
    "with_result": Sum("completed"),
    "completed": Sum("completed"),
    "e_results": Sum("e_results"),
    "complained": Sum("complained"),
    "processing_days": Sum("processing_days"),
}


@dataclass(frozen=True)
class HeadScore:
    """One head term's share of a period: the days of the period on which it was the agency's head, the
    counts of those days and their 766 scorecard (by the rules in force on the period's last day)."""

    term: Term
    first_day: dt.date
    last_day: dt.date
    days: int  # days of the period on which the term was the agency's head
    counts: Counts
    card: Scorecard

    @property
    def person(self) -> Person:
        return self.term.person

    @property
    def agency(self) -> Agency:
        assert self.term.agency is not None  # head_scores reads agency terms only
        return self.term.agency

    @property
    def span(self) -> str:
        """'16/03–31/03' (the year too when the span crosses one)."""
        pattern = "%d/%m" if self.first_day.year == self.last_day.year else "%d/%m/%Y"
        return f"{self.first_day.strftime(pattern)}–{self.last_day.strftime(pattern)}"

    @property
    def label(self) -> str:
        return f"{self.person.full_name} · {self.agency} · {self.span}"


def _wins(term: Term, other: Term) -> bool:
    """Whether `term` is the head on a day both cover (the later start; equal starts: the later entry)."""
    return (term.started_on, term.pk) > (other.started_on, other.pk)


def _clip(term: Term, period: Period) -> tuple[dt.date, dt.date]:
    end = period.end if term.ended_on is None else min(term.ended_on, period.end)
    return max(term.started_on, period.start), end


def _in_office(term: Term, rivals: list[Term], period: Period) -> list[tuple[dt.date, dt.date]]:
    """The spans of the period on which `term` is the head: its own days less those of the rival terms
    (of the same agency) that win over it. Intervals of days, both inclusive."""
    spans = [_clip(term, period)]
    for rival in rivals:
        if rival.pk == term.pk or not _wins(rival, term):
            continue
        cut_start, cut_end = _clip(rival, period)
        left: list[tuple[dt.date, dt.date]] = []
        for start, end in spans:
            if cut_end < start or cut_start > end:
                left.append((start, end))
                continue
            if start < cut_start:
                left.append((start, cut_start - dt.timedelta(days=1)))
            if cut_end < end:
                left.append((cut_end + dt.timedelta(days=1), end))
        spans = left
    return spans


def _credited(qs: QuerySet, day) -> QuerySet:
    """`qs` (rows with an `agency`) joined to the head term in office on each row's `day` (an expression),
    annotated `term`: the term's id. A row whose day has no head is left out; a row whose day has two head
    terms in force goes to the one that wins (`_wins`), so each row counts for at most one term."""
    winner = (
        Term.objects.filter(
            agency=OuterRef("agency"), title__in=HEAD_TITLES, started_on__lte=OuterRef("credit_day")
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("credit_day")))
        .filter(
            Q(started_on__gt=OuterRef("term_start"))
            | Q(started_on=OuterRef("term_start"), pk__gt=OuterRef("term"))
        )
    )
    # The term's columns as annotations of one join (each F() below reuses it), compared after.
    return (
        qs.alias(
            credit_day=day,
            term_title=F("agency__terms__title"),
            term_start=F("agency__terms__started_on"),
            term_end=F("agency__terms__ended_on"),
        )
        .annotate(term=F("agency__terms__id"))
        .filter(term_title__in=HEAD_TITLES, term_start__lte=F("credit_day"))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=F("credit_day")))
        .filter(~Exists(winner))
        .order_by()
    )


def _months(period: Period) -> list[tuple[dt.date, dt.date]]:
    """(first day, credit day) of each month of the period: its last day, or the period's end if sooner."""
    out = []
    month = period.start.replace(day=1)
    while month <= period.end:
        following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        out.append((month, min(following - dt.timedelta(days=1), period.end)))
        month = following
    return out


def _by_term(qs: QuerySet, **aggregates) -> dict[Hashable, dict[str, Any]]:
    return {row.pop("term"): row for row in qs.values("term").annotate(**aggregates)}


def head_scores(period: Period, user, *, person: Person | None = None) -> list[HeadScore]:
    """Every head term (`HEAD_TITLES`) of an agency of the user's provinces (`user=None`: every province)
    that was in office on a day of `period`, scored on those days only; `person` keeps that person's terms.

    Ordered by agency (level, name) then start. Six queries whatever the number of heads and agencies (the
    user's scope, the terms, then one aggregate each over the daily facts, the monthly procedure facts,
    the feedback items and the catalogue), each grouped by term in SQL (`test_heads` locks it).
    """
    province = scope_for(user).province_codes() if user is not None else None
    terms_qs = (
        Term.objects.filter(
            agency__isnull=False,
            title__in=HEAD_TITLES,
            started_on__lte=period.end,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .select_related("person", "agency")
        .order_by("agency__level", "agency__name", "agency_id", "started_on", "pk")
    )
    days = DailyFact.objects.filter(day__gte=period.start, day__lte=period.end)
    months = _months(period)
    procedures = ProcedureMonthFact.objects.filter(month__in=[m for m, _ in months])
    start, end = period.bounds()
    items = FeedbackItem.objects.filter(
        kind=ItemKind.FEEDBACK, answered_at__gte=start, answered_at__lt=end
    ).exclude(state=ItemState.MERGED)
    if province is not None:
        terms_qs = terms_qs.filter(agency__province_code__in=province)
        days = days.filter(province_code__in=province)
        procedures = procedures.filter(province_code__in=province)
        items = items.filter(province_code__in=province)
    if person is not None:
        # The person's agencies: their other heads are needed to know whose each day is.
        theirs = Term.objects.filter(person=person, title__in=HEAD_TITLES).values("agency")
        terms_qs = terms_qs.filter(agency__in=theirs)
        days = days.filter(agency__in=theirs)
        procedures = procedures.filter(agency__in=theirs)
        items = items.filter(agency__in=theirs)
    terms = list(terms_qs)

    day_rows = _by_term(_credited(days, F("day")), **_DAY_SUMS)
    credit_day = Case(
        *(When(month=month, then=Value(credit)) for month, credit in months),
        output_field=DateField(),
    )
    procedure_rows = _by_term(
        _credited(procedures, credit_day),
        # A procedure counts once per head however many months it had dossiers (as per unit).
        fee_procedures=Count("procedure", distinct=True, filter=Q(with_fee__gt=0)),
        paid_procedures=Count("procedure", distinct=True, filter=Q(paid_online__gt=0)),
        # 3.2: the procedures of the agency's own catalogue (its province and level), as the dashboard.
        online_procedures_used=Count(
            "procedure",
            distinct=True,
            filter=Q(
                received_online__gt=0,
                procedure__level=F("agency__level"),
                procedure__province_code=F("agency__province_code"),
            ),
        ),
    )
    # 5.2 and 5.3 with the semantics of selectors._feedback_by_agency, the day being the (last) answer's.
    unsatisfied = Q(rating=Rating.DISSATISFIED) | Q(reopened_count__gt=0) | Q(answered_late=True)
    feedback_rows = _by_term(
        _credited(items, TruncDate("answered_at", tzinfo=LEGAL_TZ)),
        feedback_answered=Count("id"),
        feedback_late=Count("id", filter=Q(answered_late=True)),
        feedback_unsatisfied=Count("id", filter=unsatisfied),
    )
    catalogue = catalogue_by_unit(province, period)

    rivals: dict[int | None, list[Term]] = {}
    for term in terms:
        rivals.setdefault(term.agency_id, []).append(term)
    scores = []
    for term in terms:
        if person is not None and term.person_id != person.pk:
            continue
        spans = _in_office(term, rivals[term.agency_id], period)
        if not spans:
            continue  # another head's term covers all its days (see _wins)
        assert term.agency is not None
        counts = Counts()
        for row in (
            day_rows.get(term.pk, {}),
            procedure_rows.get(term.pk, {}),
            feedback_rows.get(term.pk, {}),
            catalogue_of(catalogue, term.agency),
        ):
            for name, value in row.items():
                if value is not None:
                    setattr(counts, name, value)
        if not counts.completed:
            counts.processing_days = None  # 2.2 has nothing to average (as the dashboard's rows)
        else:
            # SQLite sums decimals as floats: back to the stored 2 places, as the dashboard.
            counts.processing_days = working_days(counts.processing_days)
        scores.append(
            HeadScore(
                term=term,
                first_day=spans[0][0],
                last_day=spans[-1][1],
                days=sum((e - s).days + 1 for s, e in spans),
                counts=counts,
                card=scorecard(counts, period.end),
            )
        )
    return scores
