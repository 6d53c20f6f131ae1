"""The GeoReport v2 endpoints. Reads are public and carry no personal data; a POST needs an API key
(issued per client in the admin, stored hashed) and is rate-limited per key and address.

A POST runs the same intake as every channel (`services.submit_item`, channel "open311"), so a bad
field is refused with the same rule, and nothing is created."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from neuguong.core.errors import DomainError
from neuguong.core.validation import InvalidInput
from neuguong.feedback.constants import CLOSED_FOR_OPEN311, PUBLIC_STATES, ItemKind
from neuguong.feedback.models import Category, FeedbackItem, Open311Client
from neuguong.feedback.open311.render import error, respond
from neuguong.onestop.ratelimit import RateLimited, rate_limit_hit

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-01T00:00:00+07:00"
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
POST_LIMIT = 30  # per client key and address, per 10 minutes
POST_WINDOW = 600

MISSING_KEY = "api_key is missing or not valid / api_key thiếu hoặc không hợp lệ"
UNKNOWN_SERVICE = "service_code was not found / không tìm thấy service_code"
UNKNOWN_REQUEST = "service_request_id was not found / không tìm thấy service_request_id"
UNKNOWN_TOKEN = "token was not found / không tìm thấy token"
BAD_DATE = "start_date and end_date are ISO 8601 date-times with an offset / phải theo ISO 8601"
BAD_STATUS = "status is open or closed / status là open hoặc closed"
NO_LOCATION = "a location is required: lat and long, or address_string / cần vị trí: lat và long, hoặc địa chỉ"
NO_DESCRIPTION = "description is required / cần mô tả"
NOTICE = "Đã tiếp nhận. Theo dõi bằng mã và 4 số cuối điện thoại. / Received."


def _iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _status(item: FeedbackItem) -> str:
    return "closed" if item.state in CLOSED_FOR_OPEN311 else "open"


def _services() -> list[dict]:
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.description or c.name,
            "metadata": True,
            "type": "realtime",
            "keywords": c.code.replace("_", ","),
            "group": "phan-anh-kien-nghi",
        }
        for c in Category.objects.filter(is_active=True)
    ]


def _request(item: FeedbackItem) -> dict:
    public = item.state in PUBLIC_STATES
    return {
        "service_request_id": item.code,
        "status": _status(item),
        "status_notes": item.answer if public else (item.reject_reason or ""),
        "service_name": item.category.name,
        "service_code": item.category.code,
        "description": item.body if public else item.title,
        "agency_responsible": item.agency.name,
        "service_notice": "",
        "requested_datetime": _iso(item.submitted_at),
        "updated_datetime": _iso(item.updated_at),
        "expected_datetime": _iso(item.due_at),
        "address": item.address,
        "address_id": "",
        "zipcode": "",
        "lat": float(item.latitude) if item.latitude is not None else None,
        "long": float(item.longitude) if item.longitude is not None else None,
        "media_url": "",
    }


def _visible():
    """Feedback only: complaints and denunciations are not Open311 requests."""
    return FeedbackItem.objects.filter(kind=ItemKind.FEEDBACK).select_related("category", "agency")


def _fmt(fmt: str) -> str:
    return "xml" if fmt == "xml" else "json"


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311-root"))
    return respond(
        _fmt(fmt),
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": getattr(settings, "OPEN311_CONTACT", "") or "Văn phòng UBND tỉnh",
            "key_service": "Quản trị hệ thống cấp khóa API / API keys from the administrator",
            "endpoints": [
                {
                    "specification": SPEC,
                    "url": base,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(_fmt(fmt), "services", _services())


@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        return error(_fmt(fmt), 404, UNKNOWN_SERVICE)
    from neuguong.org.constants import UnitLevel
    from neuguong.org.models import AdministrativeUnit

    communes = AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(
        level=UnitLevel.COMMUNE
    )
    return respond(
        _fmt(fmt),
        "service_definition",
        {
            "service_code": category.code,
            "attributes": [
                {
                    "variable": True,
                    "code": "commune_code",
                    "datatype": "singlevaluelist",
                    "required": False,
                    "datatype_description": "Mã xã/phường (mã thống kê) / commune statistics code",
                    "order": 1,
                    "description": "Xã, phường nơi xảy ra / The commune where it happens",
                    "values": [{"key": u.code, "name": u.name} for u in communes.order_by("name")],
                },
                {
                    "variable": True,
                    "code": "title",
                    "datatype": "string",
                    "required": False,
                    "datatype_description": "Tối đa 200 ký tự / at most 200 characters",
                    "order": 2,
                    "description": "Tiêu đề ngắn / A short title",
                    "values": [],
                },
            ],
        },
    )


def _parse_when(value: str | None):
    if not value:
        return None
    moment = parse_datetime(value.strip().replace(" ", "+"))
    if moment is None or moment.tzinfo is None:
        raise ValueError(value)
    return moment


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _fmt(fmt)
    if request.method == "POST":
        return _post(request, fmt)
    qs = _visible()
    ids = request.GET.get("service_request_id", "")
    if ids:
        codes = [c.strip().upper() for c in ids.split(",") if c.strip()][:MAX_REQUESTS]
        return respond(fmt, "service_requests", [_request(i) for i in qs.filter(code__in=codes)])
    try:
        start = _parse_when(request.GET.get("start_date"))
        end = _parse_when(request.GET.get("end_date"))
    except (ValueError, OverflowError):
        return error(fmt, 400, BAD_DATE)
    status = request.GET.get("status", "")
    if status not in ("", "open", "closed"):
        return error(fmt, 400, BAD_STATUS)
    if start is None and end is None:
        start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lte=end)
    code = request.GET.get("service_code", "")
    if code:
        qs = qs.filter(category__code=code[:40])
    if status == "closed":
        qs = qs.filter(state__in=CLOSED_FOR_OPEN311)
    elif status == "open":
        qs = qs.exclude(state__in=CLOSED_FOR_OPEN311)
    rows = qs.order_by("-submitted_at", "-pk")[:MAX_REQUESTS]
    return respond(fmt, "service_requests", [_request(i) for i in rows])


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    from neuguong.feedback.services import submit_item

    data = request.POST
    client = Open311Client.authenticate(data.get("api_key", ""))
    if client is None:
        return error(fmt, 403, MISSING_KEY)
    try:
        rate_limit_hit(request, f"open311:{client.pk}", limit=POST_LIMIT, window=POST_WINDOW)
    except RateLimited as exc:
        return error(fmt, 429, str(exc))
    code = data.get("service_code", "")
    if not code or not Category.objects.filter(code=code[:40], is_active=True).exists():
        return error(fmt, 404 if code else 400, UNKNOWN_SERVICE)
    description = data.get("description", "")
    if not description.strip():
        return error(fmt, 400, NO_DESCRIPTION)
    lat, lon, address = data.get("lat"), data.get("long"), data.get("address_string", "")
    if not (lat and lon) and not address.strip():
        return error(fmt, 400, NO_LOCATION)
    name = " ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p)
    title = data.get("attribute[title]", "") or description.strip().split("\n")[0][:120]
    try:
        with translation.override("vi"):
            item = submit_item(
                category_code=code,
                title=title,
                body=description,
                commune_code=data.get("attribute[commune_code]") or None,
                channel="open311",
                actor=None,
                submitter_name=name,
                submitter_phone=data.get("phone", ""),
                submitter_email=data.get("email", ""),
                address=address,
                latitude=lat or None,
                longitude=lon or None,
            )
    except InvalidInput as exc:
        return error(fmt, 400, str(exc))
    except DomainError as exc:
        return error(fmt, exc.status, str(exc))
    Open311Client.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": item.code, "service_notice": NOTICE, "account_id": ""}],
        status=201,
    )


@require_GET
def request_detail(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    item = _visible().filter(code=code.upper()[:30]).first()
    if item is None:
        return error(_fmt(fmt), 404, UNKNOWN_REQUEST)
    return respond(_fmt(fmt), "service_requests", [_request(item)])


@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    item = FeedbackItem.objects.filter(kind=ItemKind.FEEDBACK, token=token[:32]).first()
    if item is None:
        return error(_fmt(fmt), 404, UNKNOWN_TOKEN)
    return respond(
        _fmt(fmt), "service_requests", [{"service_request_id": item.code, "token": item.token}]
    )


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    return discovery(request, "json")
