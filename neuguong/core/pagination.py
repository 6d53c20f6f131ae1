"""One way to page a list (issue 8): every list says "Hiển thị 1–50 trên 777" and has a pager.

`paginate(request, rows)` returns a Django `Page`. A missing, malformed or overflowing `?page=` clamps to the
first or last page (never a 404 or a 500), and the total is one SQL COUNT for a queryset (Paginator calls
`.count()`), never `len()` of every row. Render it with `{% include "components/pager.html" with page=page %}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50
PAGE_PARAM = "page"
# A page number longer than this is nonsense; int() of a million digits would be slow.
_PAGE_DIGITS_MAX = 9


def page_number(request: HttpRequest, param: str = PAGE_PARAM) -> int:
    """The requested page number, 1 for anything that is not a small positive integer."""
    raw = (request.GET.get(param) or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > _PAGE_DIGITS_MAX:
        return 1
    return max(int(raw), 1)


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    per_page: int = PER_PAGE,
    *,
    param: str = PAGE_PARAM,
    count: int | None = None,
) -> Page:
    """The page of `rows` asked for by `?page=`, clamped to the pages that exist. `count`: the total
    when the caller has just counted the same rows (a queue tab's badge), so it is not counted twice."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    page = paginator.get_page(page_number(request, param))
    page.param = param  # type: ignore[attr-defined]  # the pager builds its links with it
    return page
