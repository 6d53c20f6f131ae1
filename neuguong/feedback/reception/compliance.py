"""Compliance: each head's reception days against the rulebook's minimum, dialogues against Art. 43,
and the period reports of Regulation 11-QĐi/TW as amended (month, Q1, 6, 9 and 12 months).

Everything is computed from the records with a handful of aggregate queries per page, for the heads
and communes the user may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError
from neuguong.feedback.reception import rules
from neuguong.feedback.reception.constants import DialogueState, Language, SessionState
from neuguong.feedback.reception.models import (
    Dialogue,
    ReceptionCitizen,
    ReceptionMatter,
    ReceptionSession,
    VoterRequest,
)
from neuguong.feedback.reception.services.sessions import position_of_term
from neuguong.org.access import require_staff, scope_for
from neuguong.org.constants import AgencyKind, PartyOrgKind, PositionTitle, UnitLevel
from neuguong.org.models import AdministrativeUnit, Term

HELD_STATES = (SessionState.HELD, SessionState.ACKNOWLEDGED)
PERIOD_INVALID = _("Unknown report period.")

# Regulation 11-QĐi/TW, Art. 3(8) as amended by Conclusion 215-KL/TW: monthly, first quarter,
# 6 months, 9 months and the year; the cumulative periods run from 1 January.
PERIODS = {
    "q1": (_("First quarter"), 1, 3),
    "6m": (_("Six months"), 1, 6),
    "9m": (_("Nine months"), 1, 9),
    "12m": (_("Year"), 1, 12),
}


def period_months(period: str) -> tuple[str, int, int]:
    """(label, first month, last month) of a period code: "q1", "6m", "9m", "12m" or "m1".."m12"."""
    if period in PERIODS:
        label, first, last = PERIODS[period]
        return str(label), first, last
    digits = period[1:]
    if (
        period[:1] == "m"
        and len(digits) <= 2
        and digits.isascii()
        and digits.isdigit()
        and 1 <= int(digits) <= 12
    ):
        month = int(digits)
        return str(_("Month %(month)s") % {"month": month}), month, month
    raise DomainError(PERIOD_INVALID, code="invalid_period")


@dataclass
class HeadRow:
    term: Term
    position: str
    level: str
    unit: AdministrativeUnit
    required: int = 0
    held: int = 0
    citizens: int = 0
    minority: int = 0
    matters: int = 0
    acknowledged_late: int = 0
    acknowledgement_overdue: int = 0
    months: list = field(default_factory=list)

    @property
    def person(self):
        return self.term.person

    @property
    def shortfall(self) -> int:
        return max(self.required - self.held, 0)

    @property
    def below_minimum(self) -> bool:
        return self.held < self.required

    @property
    def rule_key(self) -> str:
        return rules.minimum_key(self.position, self.level)


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def head_terms(user, first: dt.date, last: dt.date) -> list[Term]:
    """Terms of the heads with a reception duty (People's Committee chairs, party committee
    secretaries) that overlap [first, last], within the user's scope."""
    require_staff(user)
    qs = duty_terms(first, last)
    units = scope_for(user).unit_ids()
    if units is not None:
        qs = qs.filter(Q(agency__unit_id__in=units) | Q(party_org__unit_id__in=units))
    return list(qs)


def duty_terms(first: dt.date, last: dt.date):
    """Every term with a reception duty overlapping [first, last] (unscoped: for the demo and reports
    already scoped by the caller)."""
    return (
        Term.objects.filter(started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .filter(
            Q(title=PositionTitle.HEAD, agency__kind=AgencyKind.PEOPLES_COMMITTEE)
            | Q(
                title=PositionTitle.SECRETARY,
                party_org__kind__in=(PartyOrgKind.PROVINCIAL_COMMITTEE, PartyOrgKind.COMMITTEE),
            )
        )
        .select_related("person", "agency__unit", "party_org__unit")
        .order_by("pk")
    )


def reception_compliance(user, year: int, first_month: int, last_month: int) -> list[HeadRow]:
    """One row per head and position for the months first_month..last_month of `year`: the days
    required (each month's rule, for the months the term covers) and the days held."""
    first = _month_bounds(year, first_month)[0]
    last = _month_bounds(year, last_month)[1]
    rows: dict[tuple, HeadRow] = {}
    for term in head_terms(user, first, last):
        try:
            position, level, unit = position_of_term(term)
        except DomainError:
            continue
        key = (term.person_id, position, level)
        row = rows.get(key) or HeadRow(term=term, position=position, level=level, unit=unit)
        rows[key] = row
        for month in range(first_month, last_month + 1):
            m_first, m_last = _month_bounds(year, month)
            if term.started_on > m_last or (term.ended_on and term.ended_on < m_first):
                continue
            if any(m == month for m, _r in row.months):
                continue  # a second term in the same position (reappointed) counts the month once
            required = rules.required_days(position, level, year, month)
            if required is None:
                continue
            row.months.append((month, required))
            row.required += required
    if not rows:
        return []
    people = {k[0] for k in rows}
    sessions = ReceptionSession.objects.filter(
        head_id__in=people, scheduled_on__gte=first, scheduled_on__lte=last
    )
    for r in (
        sessions.filter(state__in=HELD_STATES)
        .values("head_id", "position", "level")
        .annotate(days=Count("scheduled_on", distinct=True))
    ):
        found = rows.get((r["head_id"], r["position"], r["level"]))
        if found:
            found.held = r["days"]
    now = timezone.now()
    for r in sessions.values("head_id", "position", "level").annotate(
        late=Count("pk", filter=Q(acknowledged_at__gt=F("acknowledgement_due_at")), distinct=True),
        overdue=Count(
            "pk",
            # a day when nobody raised a matter owes no written answer
            filter=Q(
                state=SessionState.HELD, acknowledgement_due_at__lt=now, matters__isnull=False
            ),
            distinct=True,
        ),
    ):
        found = rows.get((r["head_id"], r["position"], r["level"]))
        if found:
            found.acknowledged_late, found.acknowledgement_overdue = r["late"], r["overdue"]
    citizens = ReceptionCitizen.objects.filter(session__in=sessions.filter(state__in=HELD_STATES))
    for r in citizens.values("session__head_id", "session__position", "session__level").annotate(
        n=Count("pk"), minority=Count("pk", filter=~Q(language=Language.VIETNAMESE))
    ):
        found = rows.get((r["session__head_id"], r["session__position"], r["session__level"]))
        if found:
            found.citizens, found.minority = r["n"], r["minority"]
    matters = ReceptionMatter.objects.filter(session__in=sessions.filter(state__in=HELD_STATES))
    for r in matters.values("session__head_id", "session__position", "session__level").annotate(
        n=Count("pk")
    ):
        found = rows.get((r["session__head_id"], r["session__position"], r["session__level"]))
        if found:
            found.matters = r["n"]
    return sorted(
        rows.values(),
        key=lambda r: (not r.below_minimum, r.level != UnitLevel.PROVINCE, r.unit.name, r.position),
    )


# ---- dialogues ---------------------------------------------------------------------------------


@dataclass
class DialogueCompliance:
    year: int
    minimum: int
    communes_without: list = field(default_factory=list)
    late_announcements: list = field(default_factory=list)
    late_publications: list = field(default_factory=list)
    unanswered_requests: list = field(default_factory=list)
    held_by_commune: dict = field(default_factory=dict)


def dialogue_compliance(user, year: int, *, now: dt.datetime | None = None) -> DialogueCompliance:
    """Communes with fewer dialogues held in `year` than the rulebook's minimum, the late
    announcements, the late (or overdue) publications, and voters' requests reaching the share
    that obliges a dialogue with no dialogue planned for them."""
    require_staff(user)
    now = now or timezone.now()
    units = scope_for(user).unit_ids()
    end = dt.date(year, 12, 31)
    communes = AdministrativeUnit.objects.valid_on(min(end, timezone.localdate())).filter(
        level=UnitLevel.COMMUNE
    )
    dialogues = Dialogue.objects.filter(starts_at__year=year).select_related("unit", "chair")
    requests = VoterRequest.objects.filter(received_on__year=year, dialogue__isnull=True)
    if units is not None:
        communes = communes.filter(pk__in=units)
        dialogues = dialogues.filter(unit_id__in=units)
        requests = requests.filter(unit_id__in=units)
    report = DialogueCompliance(year=year, minimum=rules.minimum_per_year(year))
    held = dict(
        dialogues.filter(state__in=(DialogueState.HELD, DialogueState.PUBLISHED))
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    report.held_by_commune = held
    report.communes_without = [
        (c, held.get(c.pk, 0))
        for c in communes.order_by("name")
        if held.get(c.pk, 0) < report.minimum
    ]
    report.late_announcements = list(dialogues.filter(announcement_late=True).order_by("starts_at"))
    report.late_publications = list(
        dialogues.filter(
            Q(publication_late=True) | Q(state=DialogueState.HELD, publish_due_at__lt=now)
        ).order_by("starts_at")
    )
    report.unanswered_requests = [
        r for r in requests.select_related("unit") if r.share >= rules.voter_share(r.received_on)
    ]
    return report
