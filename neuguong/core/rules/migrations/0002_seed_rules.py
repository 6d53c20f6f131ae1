"""Seed the rulebook with the numbers the law sets, each with its legal source.

A data migration (not a fixture) so that every database, test databases included, has them. Values are
frozen here on purpose: later changes of the law are new versions (new rows), added by a later migration or
in the admin, never edits of these.

Where a source could not be verified, the note says so. No citation here is guessed.
"""

import datetime as dt

from django.db import migrations

PLACEHOLDER_START = dt.date(2000, 1, 1)
PLACEHOLDER_NOTE = (
    " The start date 2000-01-01 is a placeholder so that every record has a value; it is not a legal date."
)
UNVERIFIED_DESIGN = "Not verified: value taken from the neuguong design (DESIGN.md §{section})."

LAW_RECEPTION = "Law on Citizen Reception No. 42/2013/QH13 (Luật Tiếp công dân 2013), in force from 01/07/2014"
REG_11 = (
    "Regulation 11-QĐi/TW of the Politburo, 18/02/2019, on the responsibility of party committee heads for "
    "receiving citizens and holding direct dialogue, Art. 4(1)"
)
CONCL_215 = (
    "Conclusion 215-KL/TW of the Politburo, 23/11/2025, amending Regulation 11-QĐi/TW (Art. 4(1) amended)"
)
DECISION_766 = (
    "Decision 766/QĐ-TTg of the Prime Minister (2022) on the indicator set for directing, operating and "
    "assessing the quality of service to citizens and businesses in administrative procedures and public "
    "services, in real time, online"
)
REG_366 = (
    "Regulation 366-QĐ/TW of the Politburo, 30/08/2025, on reviewing, evaluating and rating the quality of "
    "collectives and individuals in the political system (replaces Regulation 124-QĐ/TW of 04/10/2023)"
)

SEED = [
    # Feedback (phản ánh, kiến nghị) deadlines, in working days.
    *[
        {
            "key": f"feedback.deadline.{name}_days",
            "value": days,
            "effective_from": PLACEHOLDER_START,
            "source": UNVERIFIED_DESIGN.format(section=4),
            "note": f"Feedback must be {label} within {days} working days. The legal basis of these deadlines "
            "was not verified (candidates: Decree 20/2008/NĐ-CP on feedback about administrative "
            "regulations, or a provincial regulation); confirm before relying on it." + PLACEHOLDER_NOTE,
        }
        for name, days, label in (
            ("reject", 2, "rejected (if it is rejected)"),
            ("request_info", 5, "sent back with a request for information (if needed)"),
            ("handle", 15, "handled"),
            ("publish", 2, "published once answered"),
        )
    ],
    {
        "key": "reviews.bands",
        "value": [
            {"rating": "excellent", "min": 90},
            {"rating": "good", "min": 70},
            {"rating": "completed", "min": 50},
            {"rating": "not_completed", "min": 0},
        ],
        "effective_from": dt.date(2025, 8, 30),
        "source": REG_366,
        "note": "100-point score: ≥90 excellent (HTXSNV), 70–<90 good (HTTNV), 50–<70 completed (HTNV), <50 not "
        "completed (KHTNV). A score belongs to the first band whose minimum it reaches. In force from signing "
        "(30/08/2025). Earlier versions under 124-QĐ/TW (2023) and 132-QĐ/TW (2018) are not seeded: their "
        "numeric form was not verified.",
    },
    {
        "key": "reviews.excellent_cap",
        "value": {"max_share_of_good": 0.2},
        "effective_from": dt.date(2025, 8, 30),
        "source": REG_366,
        "note": "Those rated excellent may be at most 20% of those rated good, checked within each grassroots "
        "organisation. The cap is long-standing in the review regulations; the exact article of 366-QĐ/TW "
        "carrying it was not verified here.",
    },
    # Citizen reception by government chairs.
    {
        "key": "reception.minimum.gov_chair.province",
        "value": {"days": 1, "per": "month"},
        "effective_from": dt.date(2014, 7, 1),
        "source": LAW_RECEPTION + ", Art. 12(5)",
        "note": "Chair of the provincial People's Committee: at least 1 day a month. Article number as cited by "
        "secondary sources (thoidai.com.vn); Art. 15 holds the commune-level duties.",
    },
    {
        "key": "reception.minimum.gov_chair.district",
        "value": {"days": 2, "per": "month"},
        "effective_from": dt.date(2014, 7, 1),
        "effective_to": dt.date(2025, 6, 30),
        "source": LAW_RECEPTION + ", Art. 13(5)",
        "note": "Chair of the district People's Committee: at least 2 days a month. Ends 30/06/2025 because "
        "the district level of local government was abolished from 01/07/2025 (two-level local government).",
    },
    {
        "key": "reception.minimum.gov_chair.commune",
        "value": {"days": 1, "per": "week"},
        "effective_from": dt.date(2014, 7, 1),
        "source": LAW_RECEPTION + ", Art. 15(2)(d)",
        "note": "Chair of the commune People's Committee: at least 1 day a week, at the commune headquarters.",
    },
    # Citizen reception by party committee heads (secretaries).
    {
        "key": "reception.minimum.party_head.province",
        "value": {"days": 1, "per": "month"},
        "effective_from": dt.date(2019, 2, 18),
        "effective_to": dt.date(2025, 11, 22),
        "source": REG_11,
        "note": "Head of the provincial party committee: at least 1 day a month.",
    },
    {
        "key": "reception.minimum.party_head.province",
        "value": {"days": 1, "per": "month"},
        "effective_from": dt.date(2025, 11, 23),
        "source": CONCL_215,
        "note": "UNCERTAIN: the amended Art. 4(1) is known here only from press reports (Người Lao Động and "
        "Báo Thanh Hóa, 28/11/2025), which report at least 1 day a month at provincial level; the "
        "conclusion's full text was not verified. Effective date assumed to be the signing date.",
    },
    {
        "key": "reception.minimum.party_head.district",
        "value": {"days": 1, "per": "month"},
        "effective_from": dt.date(2019, 2, 18),
        "effective_to": dt.date(2025, 6, 30),
        "source": REG_11,
        "note": "Head of the district party committee: at least 1 day a month. Ends 30/06/2025 with the "
        "district level; Conclusion 215-KL/TW (23/11/2025) removed it from the regulation's scope.",
    },
    {
        "key": "reception.minimum.party_head.commune",
        "value": {"days": 2, "per": "month"},
        "effective_from": dt.date(2019, 2, 18),
        "effective_to": dt.date(2025, 11, 22),
        "source": REG_11,
        "note": "Head of the commune party committee: at least 2 days a month.",
    },
    {
        "key": "reception.minimum.party_head.commune",
        "value": {"days": 2, "per": "month"},
        "effective_from": dt.date(2025, 11, 23),
        "source": CONCL_215,
        "note": "UNCERTAIN: the amended Art. 4(1) is known here only from press reports (Người Lao Động, "
        "28/11/2025: commune-level party heads receive citizens at least 2 days a month); the conclusion's "
        "full text was not verified. Effective date assumed to be the signing date.",
    },
    # Dialogue conferences.
    {
        "key": "dialogue.notice_days",
        "value": 7,
        "effective_from": PLACEHOLDER_START,
        "source": UNVERIFIED_DESIGN.format(section=4),
        "note": "A dialogue conference is announced at least 7 days ahead. Legal basis not verified (the "
        "dialogue duty itself comes from Regulation 11-QĐi/TW, 2019, but the 7-day figure was not found "
        "in it here)." + PLACEHOLDER_NOTE,
    },
    {
        "key": "dialogue.publish_days",
        "value": 10,
        "effective_from": PLACEHOLDER_START,
        "source": UNVERIFIED_DESIGN.format(section=4),
        "note": "The results of a dialogue are published within 10 days. Legal basis not verified."
        + PLACEHOLDER_NOTE,
    },
    # Decision 766 indicators (DESIGN.md §7).
    {
        "key": "indicators.766.weights",
        "value": {"publicity": 18, "progress": 20, "digitisation": 22, "online": 22, "satisfaction": 18},
        "effective_from": dt.date(2022, 6, 23),
        "source": DECISION_766,
        "note": "Five groups, 100 points. Effective date assumed to be the signing date (23/06/2022), not "
        "verified here; weights as summarised in DESIGN.md §7.",
    },
    {
        "key": "indicators.766.thresholds",
        "value": {"online_share": 0.5, "digitised_share": 0.8, "satisfaction": 0.9},
        "effective_from": dt.date(2022, 6, 23),
        "source": DECISION_766,
        "note": "Full points at: online share ≥50%, digitised share (and e-results) ≥80%, satisfaction ≥90%. "
        "As summarised in DESIGN.md §7; check against the Decision's annex. Effective date assumed.",
    },
    # The working-day calendar's office hours.
    {
        "key": "calendar.office_hours",
        "value": {"sessions": [["07:30", "11:30"], ["13:30", "17:30"]]},
        "effective_from": PLACEHOLDER_START,
        "source": "Default office hours of the one-stop desks (not a legal citation); each province sets its "
        "own working hours by decision of its People's Committee.",
        "note": "Configurable per province: add a new version with the province's sessions and the decision "
        "that sets them. 8 working hours a day; Saturday and Sunday off unless a make-up working day."
        + PLACEHOLDER_NOTE,
    },
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for row in SEED:
        Rule.objects.update_or_create(
            key=row["key"],
            effective_from=row["effective_from"],
            defaults={
                "value": row["value"],
                "effective_to": row.get("effective_to"),
                "source": row["source"],
                "note": row["note"],
            },
        )


def unseed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for row in SEED:
        Rule.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
