"""Staff page importing the procedure catalogue (admin role): upload an Excel or CSV file, read the
dry run's report, then apply it. Thin: `catalogue_upload` checks the file, runs the import (rolled
back for the dry run) and keeps the file between the two steps. Bad input is a 400 with its message,
and nothing changes."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from neuguong.core.roles import Role
from neuguong.core.validation import XLSX, InvalidInput
from neuguong.onestop import catalogue_upload
from neuguong.onestop.catalogue import COLUMNS, REQUIRED_COLUMNS
from neuguong.onestop.catalogue_files import catalogue_export
from neuguong.org import access

TEMPLATE = "onestop/catalogue/import.html"


def _render(request, status: int = 200, **context) -> HttpResponse:
    context.setdefault("error", "")
    context["columns"] = [(c, c in REQUIRED_COLUMNS) for c in COLUMNS]
    return render(request, TEMPLATE, context, status=status)


def _export(fmt: str) -> HttpResponse:
    """The catalogue as it stands, in the import's own format: the file to edit and import back."""
    stream = io.BytesIO()
    stream.name = f"catalogue.{fmt}"
    catalogue_export(stream, fmt=fmt)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    response = HttpResponse(stream.getvalue(), content_type=kind)
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc-{day:%Y%m%d}.{fmt}"'
    return response


@login_required
def catalogue_import(request) -> HttpResponse:
    user = request.user
    access.require_role(user, Role.ADMIN)  # the project's 403 page; the service checks it again
    if request.method != "POST":
        if request.GET.get("export") in catalogue_upload.FORMATS:
            return _export(request.GET["export"])
        return _render(request)
    try:
        if request.POST.get("step") == "apply":
            fmt, content, name = catalogue_upload.take(
                request.session, request.POST.get("upload", "")
            )
            report = catalogue_upload.apply(fmt, content, actor=user)
            return _render(request, report=report, name=name, applied=True)
        fmt, content = catalogue_upload.check_file(request.FILES.get("file"))
        name = request.FILES["file"].name
        report = catalogue_upload.dry_run(fmt, content, actor=user)
        unreadable = [e for e in report.errors if e.line == 1 and not e.code]
        if unreadable:  # no header, or not a catalogue at all: nothing could be imported
            return _render(request, status=400, error=unreadable[0].message)
        upload_id = catalogue_upload.keep(request.session, fmt, content, name)
        return _render(request, report=report, name=name, upload_id=upload_id)
    except InvalidInput as exc:
        return _render(request, status=400, error=exc.text)
