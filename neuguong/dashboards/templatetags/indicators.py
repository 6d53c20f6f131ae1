"""Display of rates and points: `{% load indicators %}`, `{{ r.ratio|percent }}` → "90,00 %" (vi) / "90.00%"."""

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value: Any) -> str:
    """A rate in [0, 1] as a percentage with 2 decimals, localised; "—" when there is nothing to measure."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(Decimal(value) * 100, 2)}%"


@register.filter
def points(value: Any) -> str:
    """Points with 2 decimals, localised."""
    if value is None or value == "":
        return "—"
    return floatformat(value, 2)


@register.filter
def group_label(group: str) -> str:
    """The display name of one of the Decision's five groups."""
    from neuguong.dashboards.indicators.keys import GROUP_LABELS

    return str(GROUP_LABELS.get(group, group))
