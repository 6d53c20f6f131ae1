"""Seed the rulebook with the Decision 766 indicator items and the league-table rules (issue 10).

A data migration of the dashboards app (the rulebook's own seed, rules/0002, holds the five group weights
`indicators.766.weights`; the items below add up to them, and a test checks it). Values are frozen here on
purpose: a change of method is a new version (a new row with a later effective_from), never an edit.

What was verified and what was not (searched 2026-12-01; no citation here is guessed):
- Verified: Decision 766/QĐ-TTg of the Prime Minister, signed 23/06/2022 by Deputy Prime Minister Phạm Bình
  Minh, in force from 23/06/2022 (official gazette 01/07/2022, nos. 501-502), approving the indicator set in
  five groups; the satisfaction group is 18 of 100 points and is made of three ratios, whose formulas are
  quoted in secondary summaries of the Decision (vietjack.me, thuviennhadat.vn copies of the text).
- NOT verified against the annex text: the points of each item and the thresholds. They are taken from the
  national public-service portal's description of how it computes the index ("Mô tả công thức tính chỉ số
  766", thresholds 80% / 50% / 90%) and its per-item maximums, both as reproduced in public tracker code on
  GitHub (2026). The portal's method may have been revised since 2022: if so, a version for the earlier
  period is missing here.
"""

import datetime as dt

from django.db import migrations

START = dt.date(2022, 6, 23)

DECISION = (
    "Decision 766/QĐ-TTg of the Prime Minister, 23/06/2022, approving the indicator set for directing, "
    "operating and assessing the quality of service to citizens and businesses in administrative procedures "
    "and public services in real time online (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ "
    "người dân, doanh nghiệp trong thực hiện TTHC, DVC theo thời gian thực trên môi trường điện tử), Annex"
)
PORTAL_METHOD = (
    " Points and threshold NOT verified against the annex text: as used by the national public-service "
    "portal (Cổng Dịch vụ công quốc gia) in its published method ('Mô tả công thức tính chỉ số 766') and "
    "per-item maximums, known here only as reproduced in public tracker code (2026). Effective date: the "
    "Decision's (verified); whether the portal used these points since then was not verified."
)
THRESHOLD = " Full points at or above {pct}%; below it, points = rate × maximum / {pct}%."
LINEAR = " No threshold is given: points = rate × maximum."
NO_DATA = (
    " neuguong does not yet record what this item needs: it scores 0 and is shown as not measured."
)

# (key suffix, group, item number, points, full_at, group label in the Decision, what it measures, extra)
ITEMS = [
    (
        "publicity.published_on_time",
        "publicity",
        "1.1",
        6,
        1.0,
        "Tỷ lệ TTHC công bố đúng hạn: procedures whose announcing decision was issued on time (for a province, "
        "at least 5 working days before the latest legal basis takes effect) / procedures announced in the "
        "period.",
        NO_DATA + " Needs the legal basis's effective date on each procedure.",
    ),
    (
        "publicity.updated_on_time",
        "publicity",
        "1.2",
        4,
        1.0,
        "Tỷ lệ TTHC được cập nhật, công khai đúng hạn trên CSDL quốc gia về TTHC (for a province, within 5 "
        "working days of the announcing decision).",
        NO_DATA,
    ),
    (
        "publicity.complete_parts",
        "publicity",
        "1.3",
        2,
        1.0,
        "Tỷ lệ TTHC được công khai có đầy đủ các bộ phận tạo thành (Decree 63/2010/NĐ-CP Art. 8(2)): name, "
        "sequence, manner, documents, time limit, who may apply, agency.",
        "",
    ),
    (
        "publicity.synced_to_portal",
        "publicity",
        "1.4",
        6,
        1.0,
        "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG: dossiers received in the period and synchronised to the "
        "national portal.",
        NO_DATA,
    ),
    (
        "progress.on_time",
        "progress",
        "2.1",
        20,
        1.0,
        "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn: ended by the appointment, the applicant's supplement time "
        "deducted; a supplement requested more than once counts as late.",
        "",
    ),
    (
        "progress.average_days",
        "progress",
        "2.2",
        0,
        1.0,
        "Thời gian giải quyết TTHC trung bình: total processing time of the completed dossiers / their number, "
        "in working days. Monitored: the portal gives it no points of its own (the 20 progress points go to "
        "item 2.1); not verified that the annex scores it.",
        "",
    ),
    (
        "online.procedures_online",
        "online",
        "3.1",
        2,
        0.8,
        "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến (một phần hoặc toàn trình) / procedures in the agency's "
        "competence.",
        "",
    ),
    (
        "online.services_used",
        "online",
        "3.2",
        4,
        1.0,
        "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ: online services with at least one dossier received "
        "online in the period / online services.",
        "",
    ),
    (
        "online.submission_share",
        "online",
        "3.3",
        6,
        0.5,
        "Tỷ lệ hồ sơ nộp trực tuyến: dossiers received online in the period / dossiers received in the period "
        "(the portal multiplies by its synchronisation rate; neuguong is the source, so the rate is 1).",
        "",
    ),
    (
        "online.payment_integrated",
        "online",
        "3.5",
        2,
        0.8,
        "Tỷ lệ TTHC có yêu cầu nghĩa vụ tài chính được tích hợp thanh toán trực tuyến: fee-charging procedures "
        "payable online / fee-charging procedures.",
        NO_DATA + " Needs an 'online payment offered' flag on the procedure.",
    ),
    (
        "online.payment_transactions",
        "online",
        "3.5b",
        2,
        0.8,
        "Tỷ lệ TTHC có giao dịch thanh toán trực tuyến: fee-charging procedures with at least one dossier paid "
        "online in the period / fee-charging procedures with dossiers in the period.",
        "",
    ),
    (
        "online.paid_online",
        "online",
        "3.6",
        6,
        1.0,
        "Tỷ lệ hồ sơ thanh toán trực tuyến: dossiers paid online / dossiers with a fee, by how the fee was paid "
        "(recorded on each dossier).",
        "",
    ),
    (
        "digitisation.e_results",
        "digitisation",
        "4.1",
        6,
        1.0,
        "Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử: dossiers whose result was issued as an electronic "
        "document / dossiers with a result. DESIGN.md §7 says full points at 80%; the portal's description "
        "quoted gives no threshold for this item, so none is applied: confirm.",
        "",
    ),
    (
        "digitisation.digitised",
        "digitisation",
        "4.2",
        4,
        0.8,
        "Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ: dossiers whose documents were digitised and whose result is "
        "electronic / dossiers handled.",
        "",
    ),
    (
        "digitisation.certified_copies",
        "digitisation",
        "4.x",
        2,
        1.0,
        "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính (numbered '4.x' here: its number in the "
        "annex was not found).",
        NO_DATA,
    ),
    (
        "digitisation.reused",
        "digitisation",
        "4.3",
        2,
        0.8,
        "Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa.",
        NO_DATA,
    ),
    (
        "digitisation.shared_for_reuse",
        "digitisation",
        "4.4",
        4,
        1.0,
        "Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng (with the applicant's "
        "store on the national portal).",
        NO_DATA,
    ),
    (
        "digitisation.population_data_dossiers",
        "digitisation",
        "4.5b",
        2,
        1.0,
        "Tỷ lệ hồ sơ TTHC sử dụng thông tin từ CSDL quốc gia về dân cư.",
        NO_DATA,
    ),
    (
        "digitisation.population_data_procedures",
        "digitisation",
        "4.5a",
        2,
        1.0,
        "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư.",
        NO_DATA,
    ),
    (
        "satisfaction.feedback_on_time",
        "satisfaction",
        "5.2",
        6,
        1.0,
        "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn = feedback handled on or before its deadline / feedback "
        "received and handled within the agency's competence (formula verified in summaries of the Decision).",
        "",
    ),
    (
        "satisfaction.feedback_handling",
        "satisfaction",
        "5.3",
        6,
        1.0,
        "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị = (feedback − feedback rated dissatisfied, raised "
        "again about its result, or handled late) / feedback (formula verified in summaries of the Decision).",
        "",
    ),
    (
        "satisfaction.procedures",
        "satisfaction",
        "5.4",
        6,
        0.9,
        "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC = 100% − (share of dossiers handled late + share of "
        "dossiers with feedback or a dissatisfied rating) (formula verified in summaries of the Decision).",
        "",
    ),
]

LEAGUE = [
    {
        "key": "indicators.league.min_sample",
        "value": 30,
        "source": "neuguong project choice (DESIGN.md §7, issue 10): not a legal rule.",
        "note": "A unit with fewer records than this in the rate's denominator is listed with its count "
        "and interval but not ranked. 30 is a common rule of thumb for a normal approximation; the "
        "province may change it here. Dated with the Decision for convenience, not a legal date.",
    },
    {
        "key": "indicators.league.wilson_z",
        "value": 1.96,
        "source": "Statistical constant: the 97.5% quantile of the standard normal distribution, for a "
        "two-sided 95% Wilson score interval (E. B. Wilson, JASA 22 (1927) 209-212). Not a legal rule.",
        "note": "95% confidence. Dated with the Decision for convenience, not a legal date.",
    },
]


def _rows():
    for suffix, group, item, points, full_at, measures, extra in ITEMS:
        how = LINEAR if full_at >= 1 else THRESHOLD.format(pct=round(full_at * 100))
        if points == 0:
            how = " Scores no points (monitored)."
        yield {
            "key": "indicators.766." + suffix,
            "value": {"group": group, "item": item, "points": points, "full_at": full_at},
            "source": f"{DECISION}, group '{group}', item {item} (numbering of the portal's method)",
            "note": f"{measures}{how}{PORTAL_METHOD}{extra}",
        }
    yield from LEAGUE


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for row in _rows():
        Rule.objects.update_or_create(
            key=row["key"],
            effective_from=START,
            defaults={"value": row["value"], "source": row["source"], "note": row["note"]},
        )


def unseed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    Rule.objects.filter(key__in=[row["key"] for row in _rows()], effective_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
