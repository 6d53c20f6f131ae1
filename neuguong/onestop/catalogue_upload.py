"""Importing the procedure catalogue from the staff page (admin role): upload, dry run, apply.

- `check_file`: the upload must be a .csv (UTF-8 text) or a real .xlsx workbook, at most 5 MB;
  otherwise InvalidInput (a 400 with its message), and nothing is read further;
- `dry_run`: the import exactly as it would run (catalogue_files.catalogue_import), inside a
  transaction that is then rolled back, so its report is the real one and nothing is kept;
- `apply`: the import itself, audited per procedure (onestop.procedure.created/updated) in the
  administrator's name. Rows with errors are skipped, as by `neuguong catalogue import`.

Between the two steps the file is kept under MEDIA_ROOT/catalogue-uploads/ by a random id that only the
uploader's session knows; applying deletes it, and a file left by a dry run never applied is deleted
after a day (at the next upload).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import NotAllowed
from neuguong.core.roles import Role
from neuguong.core.validation import (
    UPLOAD_EMPTY,
    UPLOAD_MISSING,
    UPLOAD_TOO_LARGE,
    XLSX,
    InvalidInput,
    control_characters,
    validate_upload,
)
from neuguong.onestop.catalogue import ImportReport
from neuguong.onestop.catalogue_files import catalogue_import
from neuguong.org import access

MAX_BYTES = 5 * 1024 * 1024
FORMATS = ("csv", "xlsx")
NOT_ADMIN = _("Only a system administrator imports the procedure catalogue.")
NOT_UTF8 = _("The CSV file is not UTF-8 text: save it again as “CSV UTF-8”.")
NOT_CATALOGUE = _("The catalogue is a .xlsx workbook or a .csv file.")
NOT_XLSX = _("The content of this file is not an Excel workbook, although its name says so.")
UPLOAD_GONE = _("This upload is no longer available: choose the file again.")
SESSION_KEY = "onestop.catalogue_uploads"
STALE_SECONDS = 24 * 3600  # a dry run's file not applied within a day is deleted


class _Rollback(Exception):
    pass


def require_admin(user) -> None:
    if not access.has_role(user, Role.ADMIN):
        raise NotAllowed(NOT_ADMIN)


def check_file(upload) -> tuple[str, bytes]:
    """(format, content) of an uploaded catalogue file, or InvalidInput (nothing else is read)."""
    if upload is None:
        raise InvalidInput(UPLOAD_MISSING, code="upload_missing", field="file")
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "xlsx":
        # Judged by its content: a real workbook, not any zip or page named .xlsx.
        try:
            validate_upload(upload, allowed={"xlsx": XLSX}, max_bytes=MAX_BYTES, field="file")
        except InvalidInput as exc:
            if exc.code == "upload_content":
                raise InvalidInput(NOT_XLSX, code="upload_content", field="file") from None
            raise
        return "xlsx", upload.read()
    if ext != "csv":
        raise InvalidInput(NOT_CATALOGUE, code="upload_type", field="file")
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > MAX_BYTES:
        raise InvalidInput(UPLOAD_TOO_LARGE, code="upload_size", field="file", megabytes=5)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise InvalidInput(UPLOAD_TOO_LARGE, code="upload_size", field="file", megabytes=5)
    if not content.strip():
        raise InvalidInput(UPLOAD_EMPTY, code="upload_empty", field="file")
    # A CSV has no signature to sniff: it must be UTF-8 text without control characters.
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(NOT_UTF8, code="catalogue_encoding", field="file") from None
    if control_characters(text.replace("\r", ""), multiline=True):
        raise InvalidInput(NOT_UTF8, code="catalogue_encoding", field="file")
    return "csv", content


def _run(fmt: str, content: bytes, *, actor) -> ImportReport:
    stream = io.BytesIO(content)
    stream.name = f"catalogue.{fmt}"
    return catalogue_import(stream, fmt=fmt, actor=actor)


def dry_run(fmt: str, content: bytes, *, actor) -> ImportReport:
    """The report the import would give, with nothing kept."""
    require_admin(actor)
    report = ImportReport()
    try:
        with transaction.atomic():
            report = _run(fmt, content, actor=actor)
            raise _Rollback
    except _Rollback:
        pass
    return report


def apply(fmt: str, content: bytes, *, actor) -> ImportReport:
    require_admin(actor)
    with transaction.atomic():
        return _run(fmt, content, actor=actor)


# ---- the file between the dry run and the apply -------------------------------------------------


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "catalogue-uploads"


def _forget_stale(folder: Path) -> None:
    """Delete the uploads of dry runs never applied, once they are a day old."""
    limit = time.time() - STALE_SECONDS
    for path in folder.glob("*.*"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


def keep(session, fmt: str, content: bytes, name: str) -> str:
    """Keep the uploaded file for the apply step; returns its id (known to this session only)."""
    upload_id = secrets.token_hex(16)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    _forget_stale(folder)
    (folder / f"{upload_id}.{fmt}").write_bytes(content)
    uploads = dict(session.get(SESSION_KEY) or {})
    uploads[upload_id] = {
        "fmt": fmt,
        "name": name[:200],
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    session[SESSION_KEY] = uploads
    return upload_id


def take(session, upload_id: str) -> tuple[str, bytes, str]:
    """(format, content, name) of a kept upload of this session, removed from the folder; or
    InvalidInput when the id is unknown to the session, or the file is gone or altered."""
    uploads = dict(session.get(SESSION_KEY) or {})
    entry = uploads.pop(upload_id, None) if isinstance(upload_id, str) else None
    session[SESSION_KEY] = uploads
    if entry is None or entry.get("fmt") not in FORMATS:
        raise InvalidInput(UPLOAD_GONE, code="upload_gone", field="upload")
    path = _folder() / f"{upload_id}.{entry['fmt']}"
    try:
        content = path.read_bytes()
        path.unlink()
    except OSError:
        raise InvalidInput(UPLOAD_GONE, code="upload_gone", field="upload") from None
    if hashlib.sha256(content).hexdigest() != entry["sha256"]:
        raise InvalidInput(UPLOAD_GONE, code="upload_gone", field="upload")
    return entry["fmt"], content, entry["name"]
