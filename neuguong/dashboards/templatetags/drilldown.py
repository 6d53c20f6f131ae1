"""Links from a figure to the records behind it: `{% load drilldown %}`.

`{% records_url "3.3" period_value row.drill as url %}` gives /dashboards/records/?item=3.3&period=…&agency=12
(empty for an item with no drill-down); `{% unit_url period_value row.drill %}` the unit's every item.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


def _query(period_value: str, drill: str, **extra) -> str:
    params = {**extra, "period": period_value or ""}
    query = urlencode(params)
    return f"{query}&{drill}" if drill else query


@register.simple_tag
def records_url(code: str, period_value: str = "", drill: str = "") -> str:
    """The drill-down of item `code` for the unit `drill` ("agency=12", "unit=34", "" = the province)."""
    from neuguong.dashboards.drilldown import SPECS

    if code not in SPECS:
        return ""
    return f"{reverse('dashboards-records')}?{_query(period_value, drill, item=code)}"


@register.simple_tag
def unit_url(period_value: str = "", drill: str = "") -> str:
    """The page of one unit's every item, each linked to its records."""
    return f"{reverse('dashboards-unit')}?{_query(period_value, drill)}"
