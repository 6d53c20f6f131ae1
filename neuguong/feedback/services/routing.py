"""Which agency answers an item: the most specific active routing rule, else the commune's People's
Committee, else the province's."""

from __future__ import annotations

from django.db.models import Q

from neuguong.core.errors import DomainError
from neuguong.feedback import messages as m
from neuguong.feedback.models import Category, RoutingRule
from neuguong.org.constants import AgencyKind, UnitLevel
from neuguong.org.models import Agency


def route(category: Category, commune) -> Agency:
    """The responsible agency for `category` in `commune` (None: no commune given)."""
    rules = RoutingRule.objects.filter(is_active=True).filter(
        Q(category=category) | Q(category__isnull=True)
    )
    rules = (
        rules.filter(Q(commune=commune) | Q(commune__isnull=True))
        if commune
        else rules.filter(commune__isnull=True)
    )
    best = None
    for r in rules.select_related("agency"):
        score = (r.commune_id is not None) * 2 + (r.category_id is not None)
        if best is None or score > best[0]:
            best = (score, r.agency)
    if best is not None:
        return best[1]
    committees = Agency.objects.filter(kind=AgencyKind.PEOPLES_COMMITTEE).order_by("pk")
    if commune is not None:
        agency = committees.filter(unit=commune).first()
        if agency is None and commune.parent_id:
            agency = committees.filter(unit_id=commune.parent_id).first()
        if agency is not None:
            return agency
    agency = committees.filter(level=UnitLevel.PROVINCE).first()
    if agency is None:
        raise DomainError(m.NO_ROUTE, code="no_route")
    return agency
