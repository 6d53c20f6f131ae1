"""The REST API at /api/v1/, one router per app, all running the same services and scoping as the web."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from neuguong.api.auth import token_or_session
from neuguong.core.errors import DomainError

api = NinjaAPI(
    title="neuguong API",
    version="1",
    description=(
        "Open platform for a Vietnamese province: one-stop shop, feedback, reviews, scorecards. "
        "Authenticate with `Authorization: Bearer <token>` (create one with `neuguong token create`)."
    ),
    auth=token_or_session,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": str(exc), "code": exc.code}, status=exc.status)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": "Forbidden / Không có quyền truy cập", "code": "forbidden"}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(
        request, {"detail": "Not found / Không tìm thấy", "code": "not_found"}, status=404
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": "Authentication required / Cần xác thực", "code": "unauthenticated"},
        status=401,
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return api.create_response(request, {"detail": exc.messages, "code": "invalid"}, status=400)


def _location(error: dict) -> str:
    # ("body", "payload", "applicant", "phone") → "applicant.phone"; ("query", "offset") → "offset"
    parts = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "payload")]
    return ".".join(parts)


@api.exception_handler(SchemaError)
def _schema_invalid(request, exc: SchemaError):
    """A body or parameter that does not match its schema: 400 with the same {detail, code} as
    every other refusal (django-ninja's default is a 422 with pydantic's own shape)."""
    detail = [
        f"{_location(e)}: {e.get('msg', '')}" if _location(e) else str(e.get("msg", ""))
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": detail, "code": "invalid"}, status=400)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    code = "invalid" if exc.status_code == 400 else "error"
    return api.create_response(request, {"detail": str(exc), "code": code}, status=exc.status_code)


def _mount():
    from neuguong.accountability.api import router as accountability
    from neuguong.core.audit.api import router as audit
    from neuguong.dashboards.api import router as dashboards
    from neuguong.feedback.api import router as feedback
    from neuguong.feedback.reception.api import router as reception
    from neuguong.onestop.api import router as onestop
    from neuguong.onestop.api_public import router as onestop_public
    from neuguong.org.api import router as org
    from neuguong.reviews.api import router as reviews

    for router in (
        org,
        audit,
        onestop,
        onestop_public,
        feedback,
        reception,
        reviews,
        accountability,
        dashboards,
    ):
        api.add_router("", router)


_mount()
