"""The demo catalogue's fields for Decision 766 items 1.1, 1.3 and 3.5: who may apply, when each procedure was
announced against when its legal basis took effect, and whether its fee can be paid online.

These are plausible demo values, not the real announcement dates or payment arrangements of any province:
they are chosen so that the demo's indicators are not trivial (some announcements late, some fees payable
only at the desk, two procedures without their applicants). `apply_publication` sets them on the entries
of `demo_catalogue.DEMO_CATALOGUE`.

The story: the province re-announced its catalogue for the two-level local government, whose legal basis
took effect on 01/07/2025, on 24/06/2025 (5 working days before: on time), except two construction
procedures announced on 30/06/2025 (late). In 2026 it announced changes to eleven procedures, four late.
"""

from __future__ import annotations

REFORM_IN_FORCE = "2025-07-01"
REFORM_ANNOUNCED = "2025-06-24"  # the 5th working day before 01/07/2025

APPLICANTS_BY_FIELD = {
    "Hộ tịch": "Công dân Việt Nam cư trú trong nước",
    "Chứng thực": "Cá nhân, tổ chức",
    "Bảo trợ xã hội": "Đối tượng bảo trợ xã hội hoặc người đại diện hợp pháp",
    "Người khuyết tật": "Người khuyết tật hoặc người đại diện hợp pháp",
    "Thành lập và hoạt động của hộ kinh doanh": (
        "Cá nhân, thành viên hộ gia đình là công dân Việt Nam"
    ),
    "Thành lập và hoạt động doanh nghiệp": "Tổ chức, cá nhân thành lập doanh nghiệp",
    "Hoạt động xây dựng": "Chủ đầu tư (tổ chức, cá nhân)",
    "Người có công": "Người có công với cách mạng và thân nhân",
    "Đất đai": "Hộ gia đình, cá nhân, tổ chức sử dụng đất",
    "Lý lịch tư pháp": "Công dân Việt Nam, người nước ngoài đã hoặc đang cư trú tại Việt Nam",
    "Đường bộ": "Cá nhân có giấy phép lái xe do ngành Giao thông vận tải cấp",
    "Văn hóa": "Doanh nghiệp, hộ kinh doanh",
    "Khám bệnh, chữa bệnh": "Cá nhân đề nghị cấp chứng chỉ hành nghề",
    "Lưu thông hàng hóa trong nước": "Thương nhân",
    "Văn bằng, chứng chỉ": "Người được cấp văn bằng, chứng chỉ hoặc người đại diện hợp pháp",
}
DEFAULT_APPLICANTS = "Cá nhân, tổ chức"

# Left without their applicants on purpose: 766 item 1.3 (all required parts) is then below 100%.
NO_APPLICANTS = {"2.002307", "1.010833"}

# code: (published_on, legal_basis_effective_on), for the procedures not announced with the reform.
ANNOUNCED = {
    # 2025: announced the day before the reform took effect: late.
    "1.013225": ("2025-06-30", REFORM_IN_FORCE),
    "1.013227": ("2025-06-30", REFORM_IN_FORCE),
    # 2026, on time (on or before the 5th working day before the effective day).
    "1.012753": ("2026-01-20", "2026-02-01"),
    "1.012766": ("2026-01-20", "2026-02-01"),
    "1.001612": ("2026-03-25", "2026-04-01"),
    "2.000488": ("2026-06-10", "2026-07-01"),
    "1.004594": ("2026-08-14", "2026-09-15"),
    "1.001776": ("2026-10-05", "2026-10-15"),
    "1.004873": ("2026-11-20", "2026-12-01"),
    # 2026, late.
    "2.000720": ("2026-03-26", "2026-04-01"),  # one working day short
    "1.012770": ("2026-07-01", "2026-07-01"),  # on the effective day
    "1.001029": ("2026-09-10", "2026-09-03"),  # after it
    "1.001699": ("2026-11-05", "2026-11-10"),
}

# The legal basis's effective date was not recorded: 1.1 cannot judge it and leaves it out.
UNDATED = {"1.002804"}

# Fee-charging procedures offered online whose fee is still paid at the desk (766 item 3.5).
NOT_PAYABLE_ONLINE = {
    "2.000815",
    "2.000942",
    "1.013225",
    "1.013227",
    "1.009974",
    "1.001029",
    "1.004594",
}


def apply_publication(entries: list[dict]) -> list[dict]:
    """Set applicants, published_on, legal_basis_effective_on and online_payment on each entry (in place).

    A fee is payable online when the procedure is offered online (partly or fully), unless listed in
    NOT_PAYABLE_ONLINE; a free procedure has nothing to pay.
    """
    for entry in entries:
        code = entry["code"]
        entry["applicants"] = (
            ""
            if code in NO_APPLICANTS
            else APPLICANTS_BY_FIELD.get(entry["field"], DEFAULT_APPLICANTS)
        )
        published, effective = ANNOUNCED.get(code, (REFORM_ANNOUNCED, REFORM_IN_FORCE))
        entry["published_on"] = published
        entry["legal_basis_effective_on"] = None if code in UNDATED else effective
        entry["online_payment"] = (
            entry["fee"] > 0 and entry["online_level"] != "none" and code not in NOT_PAYABLE_ONLINE
        )
    return entries
