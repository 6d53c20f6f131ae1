"""The rulebook entries of reception days and dialogues, with their sources (checked 01/12/2026).

- Conclusion 215-KL/TW (23/11/2025): its amended text is now confirmed from a press reproduction;
  the source and note of the two party-head minimums from that date are updated (values unchanged).
- dialogue.notice_days / dialogue.publish_days: the 7 and 10 days are Art. 43 of the Law on the
  Organisation of Local Government No. 72/2025/QH15 (in force 16/06/2025). The placeholder rows
  of the core seed end the day before; new rows with the law start that day.
- New keys of this app (rules.py): reception.acknowledgement_days, dialogue.minimum_per_year,
  dialogue.voter_request_share.
"""

import datetime as dt

from django.db import migrations

LAW_72 = (
    "Law on the Organisation of Local Government No. 72/2025/QH15 (Luật Tổ chức chính quyền địa "
    "phương 2025), adopted 16/06/2025, in force 16/06/2025, Art. 43"
)
LAW_72_FROM = dt.date(2025, 6, 16)
LAW_72_CHECKED = (
    "Checked 01/12/2026 against secondary sources only: the Q&A of Đại biểu Nhân dân (daibieunhandan.vn, "
    "'Hỏi đáp số 20', as republished by vietnam.vn) quotes Art. 43; the law's number and in-force date "
    "from the commune of Yên Trường's legal-dissemination page (yentruong.thanhhoa.gov.vn). The law's "
    "official text (Công báo) and the clause numbers within Art. 43 were not checked."
)
CONCL_215 = (
    "Conclusion 215-KL/TW of the Politburo, 23/11/2025, amending Regulation 11-QĐi/TW of 18/02/2019: "
    "Art. 1(2) amended (provincial and commune party committees only), Art. 4(1) amended"
)
CONCL_215_NOTE = (
    "Confirmed 01/12/2026 from the press: Báo Thanh Hóa (baothanhhoa.vn, 28/11/2025) reproduces the "
    "amended Art. 1(2) (the district level removed), Art. 3(8) (reports monthly, first quarter, 6, 9 "
    "months, year) and the start of Art. 4(1); Người Lao Động (nld.com.vn, 28/11/2025) reports the "
    "minimums: the provincial party committee head at least 1 day a month, the commune party "
    "committee head at least 2 days a month. Still UNCERTAIN: the conclusion's official text (it was "
    "not read in full from a party source), and its effective date, taken as the signing date."
)
UNVERIFIED = (
    "Not verified: taken from the issue and DESIGN.md §4 (Regulation 11-QĐi/TW is said to require the "
    "written answer within 10 working days); the article was not found in the sources searched."
)

NEW_ROWS = [
    {
        "key": "dialogue.notice_days",
        "value": 7,
        "effective_from": LAW_72_FROM,
        "source": LAW_72,
        "note": "The commune announces the time, place, content and way of taking part at least 7 days "
        "before the dialogue conference (through the mass media). " + LAW_72_CHECKED,
    },
    {
        "key": "dialogue.publish_days",
        "value": 10,
        "effective_from": LAW_72_FROM,
        "source": LAW_72,
        "note": "The People's Committee announces the results no later than 10 days from the date of the "
        "conference (mass media, posted at the commune headquarters, sent to village and residential "
        "group heads). Counted in calendar days. " + LAW_72_CHECKED,
    },
    {
        "key": "dialogue.minimum_per_year",
        "value": 1,
        "effective_from": LAW_72_FROM,
        "source": LAW_72,
        "note": "At least once a year, and also when at least 10% of the commune's voters ask or when "
        "necessary, in person, online or through lawful social networks. " + LAW_72_CHECKED,
    },
    {
        "key": "dialogue.voter_request_share",
        "value": 0.1,
        "effective_from": LAW_72_FROM,
        "source": LAW_72,
        "note": "A request of at least 10% of the commune's voters obliges a dialogue conference. "
        + LAW_72_CHECKED,
    },
    {
        "key": "reception.acknowledgement_days",
        "value": 10,
        "effective_from": dt.date(2019, 2, 18),
        "source": "Regulation 11-QĐi/TW of the Politburo, 18/02/2019 (article not confirmed)",
        "note": "Working days after the reception day within which the matters received are answered in "
        "writing. " + UNVERIFIED,
    },
]

PLACEHOLDER_START = dt.date(2000, 1, 1)
CAPPED = ("dialogue.notice_days", "dialogue.publish_days")


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    Rule.objects.filter(
        key__in=("reception.minimum.party_head.province", "reception.minimum.party_head.commune"),
        effective_from=dt.date(2025, 11, 23),
    ).update(source=CONCL_215, note=CONCL_215_NOTE)
    Rule.objects.filter(
        key__in=CAPPED, effective_from=PLACEHOLDER_START, effective_to__isnull=True
    ).update(effective_to=LAW_72_FROM - dt.timedelta(days=1))
    for row in NEW_ROWS:
        Rule.objects.update_or_create(
            key=row["key"],
            effective_from=row["effective_from"],
            defaults={"value": row["value"], "source": row["source"], "note": row["note"]},
        )


def backwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for row in NEW_ROWS:
        Rule.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()
    Rule.objects.filter(key__in=CAPPED, effective_from=PLACEHOLDER_START).update(effective_to=None)


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_initial"), ("rules", "0002_seed_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
