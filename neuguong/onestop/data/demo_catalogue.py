"""The demo procedure catalogue: real procedures of Vietnam's national catalogue, as run in Điện Biên.

Each entry has the shape `neuguong.onestop.catalogue.procedure_upsert` takes (the same shape a row group
of the import file becomes). Names, fields, levels, legal bases and fee rules follow the national
catalogue (Cổng Dịch vụ công quốc gia); deadlines and step templates are plausible demo values that add up
to the legal deadline (8 working hours = 1 working day). Who may apply, the announcement and legal-basis
dates and the online payment of fees (766 items 1.1, 1.3, 3.5) are demo values set by `demo_publication`.

`code_checked` says whether the national code was cross-checked against a public list of the national
catalogue. Entries with `code_checked: False` carry a plausible code that MUST be checked on
dichvucong.gov.vn before real use (docs/onestop-documents-and-public.md lists them).

Step agencies: an identifier code names a fixed agency (the land registration office, the tax
authority, provincial social insurance, a department); None means the dossier's handling agency (or the
receiving desk for receive and return steps). A "handover" step with agency None at commune level is
the commune police of the handling unit (see catalogue.resolve_step_agency).
"""

from decimal import ROUND_HALF_UP, Decimal

from neuguong.onestop.data.demo_publication import apply_publication

COMMUNE = "commune"
PROVINCE = "province"

# Demo agencies (neuguong/demo/province.py).
SERVICE_CENTRE = "000.00.01.H18"
SO_NOI_VU = "000.00.10.H18"
SO_TU_PHAP = "000.00.11.H18"
SO_TAI_CHINH = "000.00.12.H18"
SO_CONG_THUONG = "000.00.13.H18"
SO_NN_MT = "000.00.14.H18"
SO_XAY_DUNG = "000.00.15.H18"
SO_GD_DT = "000.00.17.H18"
SO_Y_TE = "000.00.18.H18"
SO_VHTTDL = "000.00.19.H18"
LAND_OFFICE = "000.00.21.H18"
TAX = "000.00.22.H18"
SOCIAL_INSURANCE = "000.00.23.H18"
PROVINCIAL_POLICE = "000.00.24.H18"

ALL_CHANNELS = [1, 2, 3]
DESK_AND_POST = [1, 3]


def _half(value: Decimal) -> Decimal:
    return (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def _step(order, name, actor_kind, hours, agency=None, level=COMMUNE):
    return {
        "order": order,
        "name": name,
        "actor_kind": actor_kind,
        "agency": agency,
        "agency_level": level,
        "hours": Decimal(hours),
    }


def simple_steps(total_hours, *, level=COMMUNE, agency=None, process_name=None, sign_name=None):
    """Receive → process → sign → return, at one agency, adding up to `total_hours`."""
    total = Decimal(total_hours)
    receive = max(Decimal("0.5"), _half(total * Decimal("0.05")))
    sign = max(Decimal(1), _half(total * Decimal("0.15")))
    ret = max(Decimal("0.5"), _half(total * Decimal("0.05")))
    process = total - receive - sign - ret
    return [
        _step(1, "Tiếp nhận, kiểm tra hồ sơ", "receive", receive, level=level),
        _step(2, process_name or "Thẩm định, xử lý hồ sơ", "process", process, agency, level),
        _step(3, sign_name or "Trình ký, phê duyệt kết quả", "sign", sign, agency, level),
        _step(4, "Trả kết quả", "return", ret, level=level),
    ]


def _docs(*items):
    """("name", copies, original) tuples → the required_documents JSON, the checklist: a document
    given only in some cases ("(nếu có)", "(nếu nộp thay)") is not required."""
    out = []
    for item in items:
        name, copies, original = (
            ((*item, 1, True))[:3] if isinstance(item, tuple) else (item, 1, True)
        )
        required = "(nếu " not in name
        out.append({"name": name, "copies": copies, "original": original, "required": required})
    return out


ID_CARD = ("Thẻ Căn cước/Căn cước công dân hoặc giấy tờ tùy thân có ảnh (xuất trình)", 1, True)
AUTHORISATION = ("Văn bản ủy quyền được chứng thực (nếu nộp thay)", 1, True)

HO_TICH = "Hộ tịch"
CHUNG_THUC = "Chứng thực"
BAO_TRO = "Bảo trợ xã hội"
NGUOI_KHUYET_TAT = "Người khuyết tật"
HO_KINH_DOANH = "Thành lập và hoạt động của hộ kinh doanh"
DOANH_NGHIEP = "Thành lập và hoạt động doanh nghiệp"
XAY_DUNG = "Hoạt động xây dựng"
DAT_DAI = "Đất đai"
NGUOI_CO_CONG = "Người có công"
HO_TICH_BASIS = (
    "Luật Hộ tịch năm 2014; Nghị định số 123/2015/NĐ-CP; Thông tư số 04/2020/TT-BTP; "
    "Thông tư số 85/2019/TT-BTC (lệ phí)"
)
CHUNG_THUC_BASIS = (
    "Nghị định số 23/2015/NĐ-CP; Thông tư số 01/2020/TT-BTP; Thông tư số 226/2016/TT-BTC (phí)"
)
HKD_BASIS = "Luật Doanh nghiệp năm 2020; Nghị định số 01/2021/NĐ-CP; Thông tư số 85/2019/TT-BTC"
LIEN_THONG_BASIS = "Nghị định số 63/2024/NĐ-CP về liên thông thủ tục hành chính"


def _commune(code, name, field, hours, *, checked=True, **extra):
    entry = {
        "code": code,
        "name": name,
        "field": field,
        "level": COMMUNE,
        "legal_basis": extra.pop("legal_basis", ""),
        "fee": Decimal(extra.pop("fee", 0)),
        "fee_note": extra.pop("fee_note", ""),
        "required_documents": extra.pop("docs", []),
        "online_level": extra.pop("online_level", "partial"),
        "channels": extra.pop("channels", ALL_CHANNELS),
        "cutoff_time": extra.pop("cutoff_time", None),
        "published_on": extra.pop("published_on", None),  # set by demo_publication
        "deadline_hours": Decimal(hours),
        "is_active": True,
        "code_checked": checked,
    }
    entry["steps"] = extra.pop("steps", None) or simple_steps(hours, **extra)
    return entry


def _province(code, name, field, hours, agency, *, checked=False, **extra):
    extra.setdefault("level", PROVINCE)
    steps = extra.pop("steps", None) or simple_steps(
        hours,
        level=PROVINCE,
        agency=agency,
        process_name=extra.pop("process_name", None),
        sign_name=extra.pop("sign_name", None),
    )
    extra.pop("level")
    entry = _commune(code, name, field, hours, checked=checked, steps=steps, **extra)
    entry["level"] = PROVINCE
    return entry


# (a) Birth registration + permanent residence + health insurance card for a child under 6.
LIEN_THONG_KHAI_SINH = _commune(
    "3.000722",
    "Liên thông các thủ tục hành chính: Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế "
    "cho trẻ em dưới 6 tuổi",
    HO_TICH,
    40,
    legal_basis=LIEN_THONG_BASIS
    + "; Luật Hộ tịch năm 2014; Luật Cư trú năm 2020; Luật Bảo hiểm y tế",
    fee_note="Miễn lệ phí đăng ký khai sinh, đăng ký thường trú; thẻ BHYT do ngân sách nhà nước đóng",
    docs=_docs(
        ("Tờ khai đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT (mẫu liên thông)", 1, True),
        ("Giấy chứng sinh hoặc giấy tờ thay thế", 1, True),
        (
            "Văn bản đồng ý cho đăng ký thường trú của chủ hộ (nếu không cùng chỗ ở của cha, mẹ)",
            1,
            True,
        ),
        ID_CARD,
    ),
    online_level="full",
    steps=[
        _step(1, "Bộ phận Một cửa xã tiếp nhận hồ sơ liên thông", "receive", 1),
        _step(2, "Công chức Tư pháp - Hộ tịch xử lý đăng ký khai sinh", "process", 5),
        _step(3, "Chủ tịch UBND xã ký Giấy khai sinh", "sign", 2),
        _step(4, "Chuyển Công an xã: đăng ký thường trú cho trẻ", "handover", 16),
        _step(
            5,
            "Chuyển Bảo hiểm xã hội tỉnh: cấp thẻ bảo hiểm y tế",
            "handover",
            12,
            SOCIAL_INSURANCE,
            PROVINCE,
        ),
        _step(6, "Trả kết quả: Giấy khai sinh, xác nhận thường trú, thẻ BHYT", "return", 4),
    ],
)

# (b) First land-use right certificate, with the land registration office and the tax authority.
LIEN_THONG_DAT_DAI = _commune(
    "1.012753",
    "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu "
    "tài sản gắn liền với đất lần đầu",
    DAT_DAI,
    160,
    legal_basis="Luật Đất đai năm 2024; Nghị định số 101/2024/NĐ-CP; Nghị định số 151/2025/NĐ-CP; "
    "Nghị định số 103/2024/NĐ-CP (tiền sử dụng đất)",
    fee=100000,
    fee_note="Lệ phí cấp Giấy chứng nhận và phí thẩm định hồ sơ theo Nghị quyết HĐND tỉnh; "
    "nghĩa vụ tài chính theo thông báo của cơ quan thuế",
    docs=_docs(
        ("Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)", 1, True),
        ("Giấy tờ về quyền sử dụng đất (nếu có)", 1, False),
        ("Sơ đồ, mảnh trích đo bản đồ địa chính thửa đất (nếu có)", 1, True),
        ("Tờ khai lệ phí trước bạ, tờ khai tiền sử dụng đất", 1, True),
        ("Giấy tờ chứng minh được miễn, giảm nghĩa vụ tài chính (nếu có)", 1, False),
    ),
    online_level="partial",
    channels=DESK_AND_POST,
    steps=[
        _step(1, "Bộ phận Một cửa xã tiếp nhận, kiểm tra hồ sơ", "receive", 4),
        _step(
            2, "UBND xã kiểm tra hiện trạng, xác nhận nguồn gốc, niêm yết công khai", "process", 40
        ),
        _step(
            3,
            "Chuyển Văn phòng Đăng ký đất đai: kiểm tra hồ sơ, trích lục, lập phiếu chuyển thông tin "
            "địa chính",
            "handover",
            64,
            LAND_OFFICE,
            PROVINCE,
        ),
        _step(
            4,
            "Chuyển cơ quan thuế: xác định và thông báo nghĩa vụ tài chính",
            "handover",
            24,
            TAX,
            PROVINCE,
        ),
        _step(
            5,
            "Văn phòng Đăng ký đất đai cập nhật hồ sơ địa chính, in Giấy chứng nhận",
            "handover",
            8,
            LAND_OFFICE,
            PROVINCE,
        ),
        _step(6, "Chủ tịch UBND xã ký Giấy chứng nhận", "sign", 12),
        _step(7, "Trả Giấy chứng nhận", "return", 8),
    ],
)

# (c) Death registration + removal of permanent residence + funeral allowance.
LIEN_THONG_KHAI_TU = _commune(
    "2.002913",
    "Liên thông các thủ tục hành chính: Đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử "
    "tuất (trợ cấp tuất và trợ cấp mai táng), hỗ trợ chi phí mai táng",
    HO_TICH,
    40,
    legal_basis=LIEN_THONG_BASIS + "; Luật Hộ tịch năm 2014; Luật Cư trú năm 2020; "
    "Luật Bảo hiểm xã hội năm 2024",
    fee_note="Miễn lệ phí đăng ký khai tử đúng hạn",
    docs=_docs(
        ("Tờ khai liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng", 1, True),
        ("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", 1, True),
        ("Sổ bảo hiểm xã hội của người chết (nếu có)", 1, True),
        ID_CARD,
    ),
    online_level="full",
    steps=[
        _step(1, "Bộ phận Một cửa xã tiếp nhận hồ sơ liên thông", "receive", 1),
        _step(2, "Công chức Tư pháp - Hộ tịch xử lý đăng ký khai tử", "process", 4),
        _step(3, "Chủ tịch UBND xã ký Trích lục khai tử", "sign", 2),
        _step(4, "Chuyển Công an xã: xóa đăng ký thường trú", "handover", 8),
        _step(
            5,
            "Chuyển Bảo hiểm xã hội tỉnh: giải quyết trợ cấp mai táng, tử tuất",
            "handover",
            20,
            SOCIAL_INSURANCE,
            PROVINCE,
        ),
        _step(6, "Trả kết quả liên thông", "return", 5),
    ],
)

# (d) Transfer of land-use rights at the provincial service centre, with the tax authority.
LIEN_THONG_BIEN_DONG = _province(
    "1.012766",
    "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các trường "
    "hợp chuyển đổi, chuyển nhượng, thừa kế, tặng cho",
    DAT_DAI,
    80,
    LAND_OFFICE,
    legal_basis="Luật Đất đai năm 2024; Nghị định số 101/2024/NĐ-CP",
    fee=50000,
    fee_note="Lệ phí, phí thẩm định theo Nghị quyết HĐND tỉnh; thuế thu nhập cá nhân, lệ phí trước "
    "bạ theo thông báo của cơ quan thuế",
    docs=_docs(
        ("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)", 1, True),
        (
            "Hợp đồng, văn bản chuyển nhượng, tặng cho, thừa kế đã công chứng hoặc chứng thực",
            1,
            True,
        ),
        ("Giấy chứng nhận đã cấp", 1, True),
        ("Tờ khai thuế thu nhập cá nhân, tờ khai lệ phí trước bạ", 1, True),
    ),
    channels=DESK_AND_POST,
    steps=[
        _step(1, "Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ", "receive", 4, level=PROVINCE),
        _step(
            2,
            "Văn phòng Đăng ký đất đai kiểm tra, xác nhận biến động",
            "process",
            32,
            LAND_OFFICE,
            PROVINCE,
        ),
        _step(3, "Chuyển cơ quan thuế: xác định nghĩa vụ tài chính", "handover", 16, TAX, PROVINCE),
        _step(
            4,
            "Văn phòng Đăng ký đất đai chỉnh lý, cập nhật hồ sơ địa chính",
            "process",
            12,
            LAND_OFFICE,
            PROVINCE,
        ),
        _step(
            5, "Giám đốc Văn phòng Đăng ký đất đai ký xác nhận", "sign", 8, LAND_OFFICE, PROVINCE
        ),
        _step(6, "Trả kết quả", "return", 8, level=PROVINCE),
    ],
)

INTERCONNECTED = [
    LIEN_THONG_KHAI_SINH,
    LIEN_THONG_DAT_DAI,
    LIEN_THONG_KHAI_TU,
    LIEN_THONG_BIEN_DONG,
]

SAME_DAY = {"cutoff_time": "15:00"}

COMMUNE_PROCEDURES = [
    _commune(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        HO_TICH,
        8,
        legal_basis=HO_TICH_BASIS,
        fee_note="Miễn lệ phí đăng ký khai sinh đúng hạn; quá hạn theo mức HĐND tỉnh quy định",
        docs=_docs(("Tờ khai đăng ký khai sinh", 1, True), ("Giấy chứng sinh", 1, True), ID_CARD),
        online_level="full",
        **SAME_DAY,
    ),
    _commune(
        "1.000689",
        "Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        HO_TICH,
        24,
        legal_basis=HO_TICH_BASIS,
        fee_note="Miễn lệ phí khai sinh; lệ phí nhận cha, mẹ, con theo mức HĐND tỉnh",
        docs=_docs(
            ("Tờ khai đăng ký khai sinh và Tờ khai đăng ký nhận cha, mẹ, con", 1, True),
            ("Giấy chứng sinh", 1, True),
            ("Chứng cứ chứng minh quan hệ cha, mẹ, con", 1, True),
            ID_CARD,
        ),
        online_level="full",
    ),
    _commune(
        "1.000894",
        "Thủ tục đăng ký kết hôn",
        HO_TICH,
        8,
        legal_basis=HO_TICH_BASIS + "; Luật Hôn nhân và gia đình năm 2014",
        fee_note="Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú trong nước",
        docs=_docs(
            ("Tờ khai đăng ký kết hôn", 1, True),
            ("Giấy xác nhận tình trạng hôn nhân (nếu đăng ký ở nơi không thường trú)", 1, True),
            ID_CARD,
        ),
        online_level="full",
        channels=[1, 2],
        **SAME_DAY,
    ),
    _commune(
        "1.000656",
        "Thủ tục đăng ký khai tử",
        HO_TICH,
        8,
        legal_basis=HO_TICH_BASIS,
        fee_note="Miễn lệ phí đăng ký khai tử đúng hạn",
        docs=_docs(
            ("Tờ khai đăng ký khai tử", 1, True),
            ("Giấy báo tử hoặc giấy tờ thay thế", 1, True),
            ID_CARD,
        ),
        online_level="full",
        **SAME_DAY,
    ),
    _commune(
        "1.001022",
        "Thủ tục đăng ký nhận cha, mẹ, con",
        HO_TICH,
        24,
        legal_basis=HO_TICH_BASIS,
        fee=15000,
        fee_note="Mức thu theo Nghị quyết HĐND tỉnh",
        docs=_docs(
            ("Tờ khai đăng ký nhận cha, mẹ, con", 1, True),
            ("Chứng cứ chứng minh quan hệ cha, mẹ, con", 1, True),
            ID_CARD,
        ),
        online_level="full",
    ),
    _commune(
        "1.004873",
        "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        HO_TICH,
        24,
        legal_basis=HO_TICH_BASIS,
        fee=5000,
        fee_note="Mức thu theo Nghị quyết HĐND tỉnh",
        docs=_docs(("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, True), ID_CARD),
        online_level="full",
    ),
    _commune(
        "1.004884",
        "Thủ tục đăng ký lại khai sinh",
        HO_TICH,
        40,
        legal_basis=HO_TICH_BASIS,
        fee=5000,
        docs=_docs(
            ("Tờ khai đăng ký lại khai sinh", 1, True),
            ("Bản sao giấy tờ khai sinh trước đây (nếu có)", 1, False),
            ID_CARD,
        ),
    ),
    _commune(
        "1.005461",
        "Thủ tục đăng ký lại khai tử",
        HO_TICH,
        40,
        legal_basis=HO_TICH_BASIS,
        fee=5000,
        docs=_docs(
            ("Tờ khai đăng ký lại khai tử", 1, True),
            ("Bản sao giấy tờ liên quan đến việc khai tử", 1, False),
            ID_CARD,
        ),
    ),
    _commune(
        "1.004746",
        "Thủ tục đăng ký lại kết hôn",
        HO_TICH,
        40,
        legal_basis=HO_TICH_BASIS,
        fee=5000,
        docs=_docs(
            ("Tờ khai đăng ký lại kết hôn", 1, True),
            ("Bản sao Giấy chứng nhận kết hôn trước đây (nếu có)", 1, False),
            ID_CARD,
        ),
    ),
    _commune(
        "1.004837",
        "Thủ tục đăng ký giám hộ",
        HO_TICH,
        24,
        legal_basis=HO_TICH_BASIS + "; Bộ luật Dân sự năm 2015",
        fee=5000,
        docs=_docs(
            ("Tờ khai đăng ký giám hộ", 1, True), ("Văn bản cử người giám hộ", 1, True), ID_CARD
        ),
    ),
    _commune(
        "1.004845",
        "Thủ tục đăng ký chấm dứt giám hộ",
        HO_TICH,
        16,
        legal_basis=HO_TICH_BASIS + "; Bộ luật Dân sự năm 2015",
        fee=5000,
        docs=_docs(
            ("Tờ khai đăng ký chấm dứt giám hộ", 1, True),
            ("Giấy tờ làm căn cứ chấm dứt giám hộ", 1, True),
            ID_CARD,
        ),
    ),
    _commune(
        "1.004859",
        "Thủ tục đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        HO_TICH,
        24,
        legal_basis=HO_TICH_BASIS,
        fee=15000,
        fee_note="Mức thu theo Nghị quyết HĐND tỉnh",
        docs=_docs(
            ("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 1, True),
            ("Giấy tờ làm căn cứ thay đổi, cải chính", 1, True),
            ID_CARD,
        ),
        online_level="full",
    ),
    _commune(
        "2.000635",
        "Thủ tục cấp bản sao Trích lục hộ tịch",
        HO_TICH,
        8,
        legal_basis=HO_TICH_BASIS,
        fee=8000,
        fee_note="8.000 đồng/bản sao Trích lục (Thông tư số 281/2016/TT-BTC)",
        docs=_docs(("Tờ khai cấp bản sao Trích lục hộ tịch", 1, True), ID_CARD),
        online_level="full",
        **SAME_DAY,
    ),
    _commune(
        "2.000815",
        "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp "
        "hoặc chứng nhận",
        CHUNG_THUC,
        8,
        legal_basis=CHUNG_THUC_BASIS,
        fee=2000,
        fee_note="2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản",
        docs=_docs(
            ("Bản chính giấy tờ, văn bản cần chứng thực", 1, True),
            ("Bản sao cần chứng thực", 1, False),
        ),
        online_level="partial",
        channels=[1],
        **SAME_DAY,
    ),
    _commune(
        "2.000884",
        "Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ "
        "và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)",
        CHUNG_THUC,
        8,
        legal_basis=CHUNG_THUC_BASIS,
        fee=10000,
        fee_note="10.000 đồng/trường hợp",
        docs=_docs(ID_CARD, ("Giấy tờ, văn bản cần chứng thực chữ ký", 1, True)),
        online_level="none",
        channels=[1],
        **SAME_DAY,
    ),
    _commune(
        "2.000942",
        "Thủ tục cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        CHUNG_THUC,
        16,
        legal_basis=CHUNG_THUC_BASIS,
        fee=2000,
        fee_note="2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang",
        docs=_docs(ID_CARD, ("Văn bản yêu cầu cấp bản sao", 1, True)),
        online_level="partial",
    ),
    _commune(
        "2.001035",
        "Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
        CHUNG_THUC,
        16,
        checked=False,
        legal_basis=CHUNG_THUC_BASIS,
        fee=50000,
        fee_note="50.000 đồng/hợp đồng, giao dịch (Thông tư số 226/2016/TT-BTC)",
        docs=_docs(
            ("Dự thảo hợp đồng, giao dịch", 1, True), ID_CARD, ("Giấy tờ về tài sản", 1, False)
        ),
        online_level="none",
        channels=[1],
    ),
    _commune(
        "1.001776",
        "Thủ tục thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, "
        "nuôi dưỡng hàng tháng",
        BAO_TRO,
        96,
        legal_basis="Nghị định số 20/2021/NĐ-CP; Nghị định số 76/2024/NĐ-CP",
        fee_note="Không thu phí",
        docs=_docs(
            ("Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a-1d)", 1, True),
            ("Giấy xác nhận khuyết tật (nếu có)", 1, False),
            ID_CARD,
        ),
        online_level="full",
    ),
    _commune(
        "1.001699",
        "Thủ tục xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        NGUOI_KHUYET_TAT,
        160,
        legal_basis="Luật Người khuyết tật năm 2010; Nghị định số 28/2012/NĐ-CP; "
        "Thông tư số 01/2019/TT-BLĐTBXH",
        fee_note="Không thu phí",
        docs=_docs(
            ("Đơn đề nghị xác định mức độ khuyết tật (Mẫu số 01)", 1, True),
            ("Giấy tờ khám, điều trị liên quan (nếu có)", 1, False),
        ),
        online_level="full",
    ),
    _commune(
        "1.001653",
        "Thủ tục đổi, cấp lại Giấy xác nhận khuyết tật",
        NGUOI_KHUYET_TAT,
        40,
        legal_basis="Luật Người khuyết tật năm 2010; Thông tư số 01/2019/TT-BLĐTBXH",
        fee_note="Không thu phí",
        docs=_docs(("Đơn đề nghị đổi, cấp lại Giấy xác nhận khuyết tật", 1, True)),
        online_level="full",
    ),
    _commune(
        "1.001731",
        "Thủ tục hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        BAO_TRO,
        24,
        legal_basis="Nghị định số 20/2021/NĐ-CP; Nghị định số 76/2024/NĐ-CP",
        fee_note="Không thu phí",
        docs=_docs(
            ("Tờ khai đề nghị hỗ trợ chi phí mai táng (Mẫu số 04)", 1, True),
            ("Giấy báo tử hoặc trích lục khai tử", 1, False),
        ),
    ),
    _commune(
        "1.001612",
        "Thủ tục đăng ký thành lập hộ kinh doanh",
        HO_KINH_DOANH,
        24,
        legal_basis=HKD_BASIS,
        fee=100000,
        fee_note="Mức thu theo Nghị quyết HĐND tỉnh",
        docs=_docs(
            ("Giấy đề nghị đăng ký hộ kinh doanh", 1, True),
            ("Biên bản họp thành viên hộ gia đình (nếu có)", 1, True),
            ID_CARD,
        ),
        online_level="full",
    ),
    _commune(
        "2.000720",
        "Thủ tục đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        HO_KINH_DOANH,
        24,
        legal_basis=HKD_BASIS,
        fee=50000,
        docs=_docs(
            ("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", 1, True),
            ("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", 1, True),
        ),
        online_level="full",
    ),
    _commune(
        "1.001570",
        "Thủ tục tạm ngừng hoạt động hộ kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo",
        HO_KINH_DOANH,
        24,
        legal_basis=HKD_BASIS,
        fee_note="Không thu lệ phí",
        docs=_docs(("Thông báo tạm ngừng/tiếp tục kinh doanh", 1, True)),
        online_level="full",
    ),
    _commune(
        "1.001266",
        "Thủ tục chấm dứt hoạt động hộ kinh doanh",
        HO_KINH_DOANH,
        24,
        legal_basis=HKD_BASIS,
        fee_note="Không thu lệ phí",
        docs=_docs(
            ("Thông báo chấm dứt hoạt động hộ kinh doanh", 1, True),
            ("Thông báo của cơ quan thuế về việc hoàn thành nghĩa vụ thuế", 1, True),
        ),
        online_level="full",
    ),
    _commune(
        "2.000575",
        "Thủ tục cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
        HO_KINH_DOANH,
        24,
        legal_basis=HKD_BASIS,
        fee=50000,
        docs=_docs(("Giấy đề nghị cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", 1, True)),
        online_level="full",
    ),
    _commune(
        "1.013225",
        "Thủ tục cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
        XAY_DUNG,
        120,
        legal_basis="Luật Xây dựng năm 2014, sửa đổi năm 2020; Nghị định số 175/2024/NĐ-CP",
        fee=75000,
        fee_note="Nhà ở riêng lẻ 75.000 đồng/giấy phép; công trình khác theo Nghị quyết HĐND tỉnh",
        docs=_docs(
            ("Đơn đề nghị cấp giấy phép xây dựng", 1, True),
            ("Giấy tờ chứng minh quyền sử dụng đất", 1, False),
            ("Bản vẽ thiết kế xây dựng (02 bộ)", 2, True),
        ),
        channels=DESK_AND_POST,
    ),
    _commune(
        "1.013227",
        "Thủ tục gia hạn giấy phép xây dựng",
        XAY_DUNG,
        40,
        legal_basis="Luật Xây dựng năm 2014, sửa đổi năm 2020; Nghị định số 175/2024/NĐ-CP",
        fee=15000,
        docs=_docs(
            ("Đơn đề nghị gia hạn giấy phép xây dựng", 1, True),
            ("Bản chính giấy phép xây dựng đã cấp", 1, True),
        ),
    ),
    _commune(
        "2.002307",
        "Thủ tục giải quyết chế độ trợ cấp mai táng phí đối với cựu chiến binh",
        NGUOI_CO_CONG,
        40,
        checked=False,
        legal_basis="Nghị định số 150/2006/NĐ-CP; Nghị định số 157/2016/NĐ-CP",
        fee_note="Không thu phí",
        docs=_docs(
            ("Tờ khai đề nghị hưởng chế độ mai táng phí", 1, True), ("Trích lục khai tử", 1, False)
        ),
    ),
    LIEN_THONG_KHAI_SINH,
    LIEN_THONG_DAT_DAI,
    LIEN_THONG_KHAI_TU,
]

PROVINCE_PROCEDURES = [
    LIEN_THONG_BIEN_DONG,
    _province(
        "1.010833",
        "Thủ tục cấp giấy xác nhận thân nhân của người có công",
        NGUOI_CO_CONG,
        40,
        SO_NOI_VU,
        checked=True,
        legal_basis="Pháp lệnh Ưu đãi người có công với cách mạng năm 2020; Nghị định số 131/2021/NĐ-CP",
        fee_note="Không thu phí",
        docs=_docs(("Đơn đề nghị cấp giấy xác nhận thân nhân người có công", 1, True), ID_CARD),
    ),
    _province(
        "2.001610",
        "Thủ tục đăng ký thành lập doanh nghiệp tư nhân",
        DOANH_NGHIEP,
        24,
        SO_TAI_CHINH,
        legal_basis="Luật Doanh nghiệp năm 2020; Nghị định số 168/2025/NĐ-CP",
        fee=50000,
        fee_note="Lệ phí đăng ký 50.000 đồng; miễn khi đăng ký qua mạng",
        docs=_docs(("Giấy đề nghị đăng ký doanh nghiệp", 1, True), ID_CARD),
        online_level="full",
    ),
    _province(
        "1.005197",
        "Thủ tục đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        DOANH_NGHIEP,
        24,
        SO_TAI_CHINH,
        legal_basis="Luật Doanh nghiệp năm 2020; Nghị định số 168/2025/NĐ-CP",
        fee=50000,
        fee_note="Lệ phí đăng ký 50.000 đồng; miễn khi đăng ký qua mạng",
        docs=_docs(
            ("Giấy đề nghị đăng ký doanh nghiệp", 1, True), ("Điều lệ công ty", 1, True), ID_CARD
        ),
        online_level="full",
    ),
    _province(
        "2.000488",
        "Thủ tục cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "Lý lịch tư pháp",
        80,
        SO_TU_PHAP,
        legal_basis="Luật Lý lịch tư pháp năm 2009; Nghị định số 111/2010/NĐ-CP; Thông tư số 244/2016/TT-BTC",
        fee=200000,
        fee_note="200.000 đồng/lần; sinh viên, người có công 100.000 đồng; từ bản thứ 3 thu 5.000 đồng/bản",
        docs=_docs(("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 1, True), ID_CARD),
        online_level="full",
    ),
    _province(
        "1.002804",
        "Thủ tục đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        "Đường bộ",
        40,
        PROVINCIAL_POLICE,
        legal_basis="Luật Trật tự, an toàn giao thông đường bộ năm 2024; Thông tư số 35/2024/TT-BGTVT",
        fee=135000,
        docs=_docs(
            ("Đơn đề nghị đổi giấy phép lái xe", 1, True),
            ("Giấy khám sức khỏe của người lái xe", 1, True),
            ID_CARD,
        ),
        online_level="full",
    ),
    _province(
        "1.009974",
        "Thủ tục cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        XAY_DUNG,
        160,
        SO_XAY_DUNG,
        legal_basis="Luật Xây dựng năm 2014, sửa đổi năm 2020; Nghị định số 175/2024/NĐ-CP",
        fee=150000,
        docs=_docs(
            ("Đơn đề nghị cấp giấy phép xây dựng", 1, True),
            ("Bản vẽ thiết kế xây dựng", 2, True),
            ("Giấy tờ về quyền sử dụng đất", 1, False),
        ),
        channels=DESK_AND_POST,
    ),
    _province(
        "1.001029",
        "Thủ tục cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
        "Văn hóa",
        40,
        SO_VHTTDL,
        legal_basis="Nghị định số 54/2019/NĐ-CP; Thông tư số 01/2021/TT-BTC",
        fee=2000000,
        fee_note="Theo số phòng và địa bàn (Thông tư số 01/2021/TT-BTC)",
        docs=_docs(
            ("Đơn đề nghị cấp giấy phép", 1, True),
            ("Giấy chứng nhận đăng ký doanh nghiệp/hộ kinh doanh", 1, False),
        ),
    ),
    _province(
        "1.004594",
        "Thủ tục cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "Khám bệnh, chữa bệnh",
        160,
        SO_Y_TE,
        legal_basis="Luật Khám bệnh, chữa bệnh năm 2023; Nghị định số 96/2023/NĐ-CP",
        fee=360000,
        docs=_docs(
            ("Đơn đề nghị cấp giấy phép hành nghề", 1, True),
            ("Văn bằng chuyên môn", 1, False),
            ("Giấy chứng nhận đủ sức khỏe", 1, True),
        ),
    ),
    _province(
        "2.000510",
        "Thủ tục cấp giấy phép bán buôn sản phẩm rượu",
        "Lưu thông hàng hóa trong nước",
        120,
        SO_CONG_THUONG,
        legal_basis="Nghị định số 105/2017/NĐ-CP; Nghị định số 17/2020/NĐ-CP",
        fee=1200000,
        docs=_docs(
            ("Đơn đề nghị cấp giấy phép", 1, True),
            ("Giấy chứng nhận đăng ký doanh nghiệp", 1, False),
        ),
        online_level="full",
    ),
    _province(
        "1.005092",
        "Thủ tục cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        "Văn bằng, chứng chỉ",
        8,
        SO_GD_DT,
        legal_basis="Nghị định số 23/2015/NĐ-CP; Thông tư số 21/2019/TT-BGDĐT",
        fee=3000,
        docs=_docs(("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1, True), ID_CARD),
        online_level="full",
        cutoff_time="15:00",
    ),
    _province(
        "1.012770",
        "Thủ tục cấp đổi, cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        DAT_DAI,
        56,
        LAND_OFFICE,
        legal_basis="Luật Đất đai năm 2024; Nghị định số 101/2024/NĐ-CP",
        fee=50000,
        docs=_docs(
            ("Đơn đăng ký biến động đất đai (Mẫu số 11/ĐK)", 1, True),
            ("Giấy chứng nhận đã cấp", 1, True),
        ),
        channels=DESK_AND_POST,
    ),
]

# Who may apply, the announcement and legal-basis dates and the online payment (766 items 1.1, 1.3, 3.5).
DEMO_CATALOGUE = apply_publication(COMMUNE_PROCEDURES + PROVINCE_PROCEDURES)

# The codes not cross-checked against a public list of the national catalogue (see the module docstring).
UNCHECKED_CODES = sorted(p["code"] for p in DEMO_CATALOGUE if not p["code_checked"])
