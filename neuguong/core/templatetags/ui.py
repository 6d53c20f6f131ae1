"""Formatting filters every template shares (issue 8, docs/ui.md): `{% load ui %}`.

- `money`: 75000 → "75.000 ₫" (0 → "0 ₫"; None or "" → "").
- `number`: 1234567 → "1.234.567" (Vietnamese thousands separator).
- `vndate`: a date or datetime → "05/11/2026" (datetimes in local time, Asia/Ho_Chi_Minh).
- `vndatetime`: → "05/11/2026 14:30" (a plain date prints as its date).
- `yesno_vi`: True/False → "Có"/"Không" (translated: "Yes"/"No" in English).
- `{% page_url page 3 %}`: the current URL's query string with page=3, every other parameter kept.

Empty values print "" so that `|default:"—"` still works. Plurals go through `{% blocktranslate count %}` or
`ngettext`, never a hand-made "(s)".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


def group_thousands(value: Any) -> str:
    """An integer with "." between thousands ("1.234.567"); "" for what is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1))
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(int(number)):,}".replace(",", ".")


@register.filter
def number(value: Any) -> str:
    return group_thousands(value)


@register.filter
def money(value: Any) -> str:
    """Đồng with thousands separators, no decimals (the đồng has no subunit in use)."""
    text = group_thousands(value)
    return f"{text} ₫" if text else ""


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return _local(value).strftime(DATE_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return ""


def format_datetime(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    return format_date(value)


@register.filter
def vndate(value: Any) -> str:
    return format_date(value)


@register.filter
def vndatetime(value: Any) -> str:
    return format_datetime(value)


@register.filter
def yesno_vi(value: Any) -> str:
    if value is None or value == "":
        return ""
    return _("Yes") if value else _("No")


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page: Any, number: int) -> str:
    """ "?a=1&page=3": the request's GET parameters with the page replaced (htmx partials keep theirs)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    param = getattr(page, "param", "page")
    if params is None:
        return f"?{param}={number}"
    params[param] = str(number)
    return "?" + params.urlencode()
