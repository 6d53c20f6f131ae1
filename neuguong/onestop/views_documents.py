"""Staff pages of the one-stop documents: slips of one dossier and the dossier register, as HTML or PDF.

Access: whoever may see the dossier (selectors.get_dossier_for_user: 404 unknown, 403 out of scope);
the register lists only the dossiers the user may see. Printing a receipt (it shows the full citizen ID)
is audited.
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from neuguong.core.audit import log_action
from neuguong.core.validation import parse_int
from neuguong.onestop import documents
from neuguong.onestop.selectors import dossier_list_for_user, get_dossier_for_user
from neuguong.org.access import require_staff

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def dossier_document(request, code, kind):
    """GET /onestop/dossiers/<code>/documents/<kind>/ (?format=pdf for the PDF)."""
    if kind not in documents.FORMS:
        raise Http404
    dossier = get_dossier_for_user(request.user, code)
    fmt = "pdf" if request.GET.get("format") == "pdf" else "html"
    content = documents.render_slip(kind, dossier, fmt=fmt, request=request)
    if kind == "receipt":
        with transaction.atomic():
            log_action(
                dossier, "onestop.dossier.receipt_printed", actor=request.user, data={"format": fmt}
            )
    if fmt == "html":
        return HttpResponse(content)
    return _attachment(content, PDF, f"{dossier.code}-{kind}.pdf", inline=True)


def _day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
@require_GET
def register(request):
    """GET /onestop/register/?from=YYYY-MM-DD&to=YYYY-MM-DD&format=html|pdf|xlsx&page=N (default:
    this month, page 1). A busy period is paged (documents.REGISTER_PAGE_ROWS dossiers per HTML or
    PDF page, REGISTER_XLSX_ROWS per workbook) so that no request outlives the worker timeout; the
    page says which part of the period it shows and links to the others."""
    require_staff(request.user)
    today = timezone.localdate()
    start = _day(request.GET.get("from"), today.replace(day=1))
    end = _day(request.GET.get("to"), today)
    if end < start:
        start, end = end, start
    qs = dossier_list_for_user(request.user)
    agency = parse_int(request.GET.get("agency"))
    if agency is not None:
        qs = qs.filter(receiving_agency_id=agency)
    period = (start, end)
    fmt = request.GET.get("format", "html")
    size = documents.REGISTER_XLSX_ROWS if fmt == "xlsx" else documents.REGISTER_PAGE_ROWS
    page = documents.register_page(
        qs, period, parse_int(request.GET.get("page"), max_value=10**6) or 1, size=size
    )
    name = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}"
    if page.is_partial:
        name += f"-trang-{page.number}"
    if fmt == "pdf":
        content = documents.register_pdf(qs, period, page=page)
        return _attachment(content, PDF, f"{name}.pdf", inline=True)
    if fmt == "xlsx":
        content = documents.register_xlsx(qs, period, page=page)
        return _attachment(content, XLSX, f"{name}.xlsx", inline=False)
    query = f"from={start:%Y-%m-%d}&to={end:%Y-%m-%d}" + (f"&agency={agency}" if agency else "")
    return HttpResponse(documents.register_html(qs, period, query=query, page=page))
