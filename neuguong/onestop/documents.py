"""The one-stop documents of Circular 01/2018/TT-VPCP, as print-friendly HTML and as A4 PDF (WeasyPrint).

Data-driven: FORMS says, for each kind, its form number, its prescribed title and its template under
templates/onestop/documents/ (they share documents/base.html). The forms' wording is the Vietnamese text
the circular prescribes, so the documents are always rendered in Vietnamese, whatever the interface
language: a translated slip would not be the legal form.

Every slip carries a QR code with the dossier code and the public tracking link. Personal data: the
full citizen ID and phone appear only on the applicant's own receipt; every other document (and the
register) masks them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from neuguong.core.spreadsheets import append_as_text
from neuguong.core.text import mask_digits
from neuguong.onestop.constants import HOURS_PER_DAY, StepResult
from neuguong.onestop.models import Dossier


@dataclass(frozen=True)
class Form:
    kind: str
    number: str
    title: str
    template: str
    # Which transition's note is the document's reason (supplement request, refusal).
    reason_action: str = ""


FORMS = {
    f.kind: f
    for f in (
        Form("receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "receipt.html"),
        Form(
            "supplement_request",
            "02",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "supplement_request.html",
            "request_supplement",
        ),
        Form("refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "refusal.html", "refuse"),
        Form("apology", "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "apology.html"),
        Form(
            "control_slip", "05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "control_slip.html"
        ),
    )
}
REGISTER = Form("register", "06", "SỔ THEO DÕI HỒ SƠ", "register.html")

RESULT_LABELS: dict[str, str] = {
    StepResult.EARLY: "Trước hạn",
    StepResult.ON_TIME: "Đúng hạn",
    StepResult.LATE: "Quá hạn",
}
REGISTER_COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Tên cá nhân, tổ chức",
    "Số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Kết thúc xử lý",
    "Trả kết quả",
    "Trạng thái",
    "Ghi chú",
]


# --- formatting -------------------------------------------------------------------------------------


def vn_datetime(moment: dt.datetime | None) -> str:
    """08 giờ 30 phút, ngày 06 tháng 10 năm 2025 (the forms' wording), in Vietnam time."""
    if moment is None:
        return "…"
    m = timezone.localtime(moment)
    return f"{m:%H} giờ {m:%M} phút, ngày {m:%d} tháng {m:%m} năm {m:%Y}"


def vn_date(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return "…"
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def numeric_date(moment: dt.datetime | dt.date | None) -> str:
    """05/11/2026: the forms' "Ngày …/…/…" (Vietnam time)."""
    if moment is None:
        return "…/…/…"
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment).date()
    return f"{moment:%d/%m/%Y}"


def short_datetime(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def working_days(hours: Decimal) -> str:
    days = Decimal(hours) / HOURS_PER_DAY
    return str(days.quantize(Decimal(1)) if days == days.to_integral() else days.normalize())


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- QR and tracking link ---------------------------------------------------------------------------


def tracking_url(dossier: Dossier, request=None) -> str:
    """The public tracking link for a dossier (the page asks for the second factor)."""
    path = f"{reverse('onestop-track')}?code={dossier.code}"
    if request is not None:
        return request.build_absolute_uri(path)
    return getattr(settings, "PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/") + path


def qr_data_uri(text: str) -> str:
    """A PNG data URI of a QR code (medium error correction: survives a stamp or a fold)."""
    return segno.make(text, error="m").png_data_uri(scale=3, border=2)


# --- fitting a heading on one line -------------------------------------------------------------------

# The header is a two-column table on the sheet's 175 mm (A4 less the margins): the agency on the left,
# the national motto on the right. Each heading line must stay on one line (issue 8): its font size is
# chosen from its measured width in the slip's font, never above the size the form uses.
SHEET_MM = 175.0
HEAD_LEFT_SHARE = 0.48  # the right column takes the rest (the national motto)
HEAD_PT = 10.5
HEAD_MIN_PT = 6.5
_PT_MM = 25.4 / 72
# The headings are set in DejaVu Serif Condensed (base.html): the serif's Vietnamese glyphs, narrow
# enough for "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH ĐIỆN BIÊN" at 7 pt in its column.
_FONTS = {
    True: "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed-Bold.ttf",
    False: "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed.ttf",
}
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def text_width_em(text: str, *, bold: bool = True) -> float:
    """The width of `text` in ems of the headings' font (DejaVu Serif Condensed), measured with the
    font itself; without it, a generous estimate (0.75 em a character)."""
    try:
        from PIL import ImageFont

        font = ImageFont.truetype(_FONTS[bold], 100)
        return float(font.getlength(text)) / 100
    except (ImportError, OSError):
        return 0.75 * len(text)


def fit_pt(text: str, width_mm: float, *, bold: bool = True, max_pt: float = HEAD_PT) -> float:
    """The largest font size (pt, at most `max_pt`) at which `text` fits `width_mm` on one line."""
    em = text_width_em(text, bold=bold)
    if em <= 0:
        return max_pt
    size = (width_mm * 0.94) / (em * _PT_MM)  # 6% for the cell's padding and rounding
    return round(max(HEAD_MIN_PT, min(max_pt, size)) * 4) / 4


def _right_mm() -> float:
    return SHEET_MM * (1 - HEAD_LEFT_SHARE)


def heading_sizes(lines: dict[str, str]) -> dict[str, str]:
    """Font sizes for the header's lines: the left column's (agency) and the right's (motto), as
    CSS numbers ("7.75": a localised "7,75" would be ignored by the renderer)."""
    left = SHEET_MM * HEAD_LEFT_SHARE
    right = SHEET_MM - left
    sizes = {key: fit_pt(text, left) for key, text in lines.items()}
    sizes["nation"] = fit_pt(NATION, right)
    return {key: f"{size:g}" for key, size in sizes.items()}


# --- context ----------------------------------------------------------------------------------------


def _header(dossier: Dossier, agency=None) -> dict:
    desk = dossier.receiving_agency
    parent = desk.parent if desk.parent_id else None
    lines = {
        "authority": (parent.name if parent else desk.name).upper(),
        "office": desk.name.upper() if parent else "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
    }
    if agency is not None:  # a letter from the agency at fault (the apology)
        lines["agency"] = agency.name.upper()
    return {
        **lines,
        "place": (desk.unit.name if desk.unit_id else ""),
        "pt": heading_sizes(lines),
        "left_percent": int(HEAD_LEFT_SHARE * 100),
        "nation": NATION,
        "motto": MOTTO,
    }


def _receipt_documents(dossier: Dossier) -> list[dict]:
    """The documents received, each once, marked a), b), c)… (the section itself is numbered 1.):
    a checklist item's copies and original/copy come from the checklist."""
    items = dossier.procedure.checklist
    rows = []
    for d in dossier.documents.all():
        answered = [items[i] for i in d.checklist_items if i < len(items)]
        item = answered[0] if answered else None
        rows.append(
            {
                "name": d.name,
                "copies": item["copies"] if item else 1,
                "original": item["original"] if item else not d.digitised,
            }
        )
    if not rows:
        rows = [dict(i) for i in items if i["required"]]
    for n, row in enumerate(rows):
        row["marker"] = f"{_letter(n)})"
    return rows


def _letter(n: int) -> str:
    """a, b, …, z, aa, ab, …"""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _reason(dossier: Dossier, action: str):
    transition = dossier.transitions.filter(action=action).order_by("-at", "-id").first()
    if transition is None:
        return None
    return transition


def slip_context(
    kind: str, dossier: Dossier, *, request=None, at: dt.datetime | None = None
) -> dict:
    """Everything a slip template shows. Raises Http404 when the dossier has no such document yet."""
    form = FORMS.get(kind)
    if form is None:
        raise Http404
    at = at or timezone.now()
    ctx: dict = {
        "form": form,
        "dossier": dossier,
        "procedure": dossier.procedure,
        "header": _header(dossier),
        "issued": vn_date(at),
        "tracking_url": tracking_url(dossier, request),
        "received": vn_datetime(dossier.received_at or dossier.submitted_at),
        "received_date": numeric_date(dossier.received_at or dossier.submitted_at),
        "appointment": vn_datetime(dossier.appointment_at),
        "deadline_days": working_days(dossier.procedure.deadline_hours),
        "channel": dossier.get_channel_display(),
    }
    ctx["qr"] = qr_data_uri(f"{dossier.code}\n{ctx['tracking_url']}")
    own_slip = kind == "receipt"
    ctx["applicant_id"] = (
        dossier.applicant_id_number if own_slip else mask_digits(dossier.applicant_id_number)
    )
    ctx["applicant_phone"] = (
        dossier.applicant_phone if own_slip else mask_digits(dossier.applicant_phone)
    )
    if form.reason_action:
        transition = _reason(dossier, form.reason_action)
        if transition is None:
            raise Http404
        ctx["reason"] = transition.note
        ctx["reason_at"] = vn_datetime(transition.at)
        ctx["officer"] = _person(transition.actor)
    if kind == "receipt":
        ctx["documents"] = _receipt_documents(dossier)
        ctx["officer"] = _person(_receiving_officer(dossier))
        ctx["payment"] = _payment_words(dossier)
    if kind == "apology":
        try:
            apology = dossier.apology
        except Dossier.apology.RelatedObjectDoesNotExist:
            raise Http404 from None
        ctx["apology"] = apology
        ctx["header"] = _header(dossier, apology.agency)
        # An apology drafted before the appointment apologises for an expected delay ("will not be
        # returned on time"); one drafted after it, for a delay that happened (issue 8).
        ctx["expected_delay"] = apology.drafted_at < apology.old_appointment_at
        ctx["old_appointment"] = vn_datetime(apology.old_appointment_at)
        ctx["new_appointment"] = vn_datetime(apology.new_appointment_at)
        ctx["signer"] = apology.signed_by.full_name if apology.signed_by is not None else ""
    if kind == "control_slip":
        ctx["steps"] = _control_rows(dossier)
    header = ctx["header"]
    dateline = f"{header['place']}, {ctx['issued']}"
    header["pt"]["dateline"] = f"{fit_pt(dateline, _right_mm(), bold=False):g}"
    return ctx


def _payment_words(dossier: Dossier) -> str:
    """The receipt's fee line: "75.000 đồng, đã nộp tại Bộ phận Một cửa" (the forms' wording)."""
    from neuguong.core.templatetags.ui import group_thousands
    from neuguong.onestop.constants import PaymentMethod, PaymentState

    if not dossier.fee:
        return ""
    if dossier.payment_state == PaymentState.PAID:
        how = "đã nộp trực tuyến" if dossier.payment_method == PaymentMethod.ONLINE else "đã nộp"
    else:
        how = "chưa nộp"
    return f"{group_thousands(dossier.fee)} đồng, {how}"


def _receiving_officer(dossier: Dossier):
    first = dossier.transitions.filter(action__in=("receive", "accept")).order_by("at").first()
    return first.actor if first else None


def _control_rows(dossier: Dossier) -> list[dict]:
    steps = list(
        dossier.steps.select_related("agency", "handed_over_by", "received_by").order_by("order")
    )
    rows = []
    for i, step in enumerate(steps):
        following = steps[i + 1] if i + 1 < len(steps) else None
        rows.append(
            {
                "order": step.order,
                "name": step.name,
                "agency": step.agency.name,
                "hours": step.hours,
                "received_at": short_datetime(step.started_at),
                "received_by": _person(step.received_by),
                "due_at": short_datetime(step.due_at),
                "handed_at": short_datetime(step.completed_at),
                "handed_by": _person(step.handed_over_by),
                "handed_to": following.agency.name if following else "",
                "result": RESULT_LABELS.get(step.result, ""),
                "result_code": step.result,
                "note": step.note,
            }
        )
    return rows


# --- rendering --------------------------------------------------------------------------------------


def _html(template: str, ctx: dict, *, screen: bool) -> str:
    # The forms are Vietnamese legal texts (see the module docstring): render under "vi".
    with translation.override("vi"):
        return render_to_string(f"onestop/documents/{template}", {**ctx, "screen": screen})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_slip(kind: str, dossier: Dossier, *, fmt: str = "pdf", request=None, at=None):
    """The document `kind` (FORMS) of `dossier`: PDF bytes for fmt="pdf", an HTML string for fmt="html".

    Raises Http404 for an unknown kind or a document the dossier does not have (no refusal, no apology).
    """
    ctx = slip_context(kind, dossier, request=request, at=at)
    html = _html(FORMS[kind].template, ctx, screen=fmt == "html")
    return html if fmt == "html" else html_to_pdf(html)


# --- the register (sổ theo dõi hồ sơ) ---------------------------------------------------------------


def _period_bounds(period: tuple[dt.date, dt.date]) -> tuple[dt.datetime, dt.datetime]:
    start, end = period
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


# One request renders one page of the register, never a whole busy period: WeasyPrint lays out about
# 50 rows a second on this 2-core machine (200 rows: ~5 s, 1,000: ~18 s), and a request past the
# worker timeout (30 s) is killed with SIGKILL. Excel is cheaper per row, so its pages are larger.
REGISTER_PAGE_ROWS = 200
REGISTER_XLSX_ROWS = 5000


@dataclass(frozen=True)
class RegisterPage:
    """Which slice of the period's dossiers one document shows."""

    number: int  # 1-based
    size: int
    total: int  # dossiers in the period

    @property
    def count(self) -> int:
        """How many pages the period needs (at least 1, for the empty register)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """The STT (row number) of the page's first dossier: numbering runs on across pages."""
        return (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)

    @property
    def is_partial(self) -> bool:
        return self.count > 1

    @property
    def label(self) -> str:
        """ "trang 2/5, hồ sơ 201–400 / 1.000" (empty for a register that fits on one page)."""
        if not self.is_partial:
            return ""
        return (
            f"trang {self.number}/{self.count}, hồ sơ {self.first}–{self.last} "
            f"trong tổng số {self.total}"
        )


def _register_qs(qs, period: tuple[dt.date, dt.date]):
    start, end = _period_bounds(period)
    return (
        qs.filter(received_at__gte=start, received_at__lt=end)
        .select_related("procedure", "handling_agency")
        .order_by("received_at", "code")
    )


def register_page(qs, period, page: int = 1, *, size: int = REGISTER_PAGE_ROWS) -> RegisterPage:
    """Page `page` of the period's register (clamped to the last page)."""
    total = _register_qs(qs, period).count()
    pages = max(1, -(-total // size))
    return RegisterPage(number=min(max(1, page), pages), size=size, total=total)


def register_rows(qs, period: tuple[dt.date, dt.date], page: RegisterPage | None = None) -> list:
    """One row per dossier received in the period (inclusive dates), oldest first, for one page
    (the first REGISTER_PAGE_ROWS by default); personal data masked."""
    page = page or RegisterPage(number=1, size=REGISTER_PAGE_ROWS, total=REGISTER_PAGE_ROWS)
    offset = (page.number - 1) * page.size
    rows = []
    dossiers = _register_qs(qs, period)[offset : offset + page.size]
    for n, d in enumerate(dossiers, start=offset + 1):
        note = []
        if d.is_late:
            note.append("Quá hạn")
        if d.supplement_count:
            note.append(f"Bổ sung {d.supplement_count} lần")
        if d.rescheduled:
            note.append("Đã xin lỗi, hẹn lại")
        rows.append(
            [
                n,
                d.code,
                d.procedure.name,
                d.applicant_name,
                mask_digits(d.applicant_phone),
                d.handling_agency.name,
                short_datetime(d.received_at),
                short_datetime(d.appointment_at),
                short_datetime(d.processing_ended_at),
                short_datetime(d.returned_at),
                str(d.get_state_display()),
                "; ".join(note),
            ]
        )
    return rows


def _register_context(qs, period, title_suffix: str = "", page: RegisterPage | None = None):
    page = page or register_page(qs, period)
    rows = register_rows(qs, period, page)
    return {
        "form": REGISTER,
        "columns": REGISTER_COLUMNS,
        "rows": rows,
        # Each cell with its column's name: on a phone's screen each row is a card of "name: value" lines.
        "labelled_rows": [list(zip(REGISTER_COLUMNS, row, strict=True)) for row in rows],
        "page": page,
        "period_from": vn_date(period[0]),
        "period_to": vn_date(period[1]),
        "suffix": " ".join(p for p in (title_suffix, f"({page.label})" if page.label else "") if p),
        "issued": vn_date(timezone.now()),
    }


def register_html(
    qs,
    period,
    *,
    title_suffix: str = "",
    screen: bool = True,
    query: str = "",
    page: RegisterPage | None = None,
) -> str:
    """The register as HTML, one page of it; `query` is the page's query string without `page`, for
    its PDF and Excel links and its page links."""
    with translation.override("vi"):
        ctx = _register_context(qs, period, title_suffix, page)
    page = ctx["page"]
    xlsx_page = (page.first - 1) // REGISTER_XLSX_ROWS + 1
    links = {
        "pdf_query": f"{query}&page={page.number}&format=pdf",
        "xlsx_query": f"{query}&page={xlsx_page}&format=xlsx",
        "previous_query": f"{query}&page={page.number - 1}" if page.number > 1 else "",
        "next_query": f"{query}&page={page.number + 1}" if page.number < page.count else "",
    }
    return _html(REGISTER.template, {**ctx, **links, "query": query}, screen=screen)


def register_pdf(qs, period, *, title_suffix: str = "", page: RegisterPage | None = None) -> bytes:
    """The dossier register for `period` (date_from, date_to) as an A4 landscape PDF: one page of
    REGISTER_PAGE_ROWS dossiers (the first unless `page` says otherwise)."""
    return html_to_pdf(
        register_html(qs, period, title_suffix=title_suffix, screen=False, page=page)
    )


def register_xlsx(qs, period, *, title_suffix: str = "", page: RegisterPage | None = None) -> bytes:
    """The dossier register for `period` as an Excel workbook: one page of REGISTER_XLSX_ROWS."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    page = page or register_page(qs, period, size=REGISTER_XLSX_ROWS)
    with translation.override("vi"):
        rows = register_rows(qs, period, page)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So theo doi ho so"
    sheet.append([f"{REGISTER.title} {title_suffix}".strip()])
    sheet.append(
        [f"Từ {vn_date(period[0])} đến {vn_date(period[1])}"]
        + ([f"({page.label})"] if page.label else [])
    )
    sheet.append([])
    sheet.append(REGISTER_COLUMNS)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        # openpyxl refuses control characters (IllegalCharacterError): a name stored before the
        # input rules refused them must not make the whole register unexportable.
        append_as_text(
            sheet, [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        )
    widths = [6, 28, 50, 24, 14, 34, 17, 17, 17, 17, 18, 24]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(4, index).column_letter].width = width
    sheet.freeze_panes = "C5"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
