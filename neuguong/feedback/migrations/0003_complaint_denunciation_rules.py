"""Complaints' and denunciations' deadlines in the rulebook, each with its article, and the local
window for reopening feedback; and the "especially complex" mark a denunciation's extensions need.

Verified (search, 2026-12-01) against published texts and official procedure pages; where only a
secondary source was found, the note says so. No citation here is guessed.
"""

import datetime as dt

from django.db import migrations, models

LAW_COMPLAINTS = "Law on Complaints No. 02/2011/QH13 (Luật Khiếu nại 2011), in force from 01/07/2012"
LAW_DENUNCIATIONS = "Law on Denunciations No. 25/2018/QH14 (Luật Tố cáo 2018), in force from 01/01/2019"
CALENDAR_DAYS = (
    " The law counts “ngày” (days), read here as calendar days ending at the end of the last day;"
    " some provinces' procedure pages count the acceptance period in working days: confirm locally."
)

RULES = [
    {
        "key": "complaint.deadline.accept_days",
        "value": {"days": 10, "working": False},
        "effective_from": dt.date(2012, 7, 1),
        "source": LAW_COMPLAINTS + ", Art. 27",
        "note": "Within 10 days of receiving a complaint within its competence (and not excluded by Art. 11), "
        "the first-instance resolver accepts it (thụ lý) and informs the complainant in writing, or gives "
        "the reason for not accepting. Verified: Art. 27 quoted on thuvienphapluat.vn." + CALENDAR_DAYS,
    },
    {
        "key": "complaint.deadline.first_days",
        "value": {"days": 30, "complex": 45, "remote": 45, "remote_complex": 60, "working": False},
        "effective_from": dt.date(2012, 7, 1),
        "source": LAW_COMPLAINTS + ", Art. 28",
        "note": "First complaint: at most 30 days from acceptance, 45 for a complex case; in remote areas "
        "with difficult travel 45, complex 60. Verified: Art. 28 text quoted in a published legal "
        "dataset and matching Decree 124/2020/NĐ-CP's procedures." + CALENDAR_DAYS,
    },
    {
        "key": "complaint.deadline.second_days",
        "value": {"days": 45, "complex": 60, "remote": 60, "remote_complex": 70, "working": False},
        "effective_from": dt.date(2012, 7, 1),
        "source": LAW_COMPLAINTS + ", Art. 37",
        "note": "Second complaint: at most 45 days from acceptance, 60 for a complex case; remote areas 60, "
        "complex 70. The periods are verified on the Lào Cai Inspectorate's published procedure "
        "(thanhtra.laocai.gov.vn, “Giải quyết khiếu nại lần hai tại cấp tỉnh”, basis: Law on Complaints "
        "2011 and Decree 124/2020/NĐ-CP); the article number 37 was not seen in that text." + CALENDAR_DAYS,
    },
    {
        "key": "denunciation.deadline.accept_days",
        "value": {"days": 7, "working": True},
        "effective_from": dt.date(2019, 1, 1),
        "source": LAW_DENUNCIATIONS + ", Art. 24(1)",
        "note": "Within 7 working days of receiving a denunciation, the receiving body records, classifies "
        "and makes the first handling of it (including checking the conditions for acceptance, Art. 29). "
        "Partly verified: the 7 days are confirmed by public Q&A material; the article's full text was "
        "not read.",
    },
    {
        "key": "denunciation.deadline.resolve_days",
        "value": {"days": 30, "working": False},
        "effective_from": dt.date(2019, 1, 1),
        "source": LAW_DENUNCIATIONS + ", Art. 30(1)",
        "note": "At most 30 days from the decision to accept. Verified: Art. 30 quoted on thuvienphapluat.vn "
        "and luatsubaoho.com." + CALENDAR_DAYS,
    },
    {
        "key": "denunciation.deadline.extension_days",
        "value": {"days": 30, "working": False},
        "effective_from": dt.date(2019, 1, 1),
        "source": LAW_DENUNCIATIONS + ", Art. 30(2)–(3)",
        "note": "A complex case may be extended once, an especially complex case twice, each time by at most "
        "30 days, by a written decision notified to the parties (Art. 30(4)). Verified as Art. 30(1).",
    },
    {
        "key": "feedback.reopen_window_days",
        "value": 30,
        "effective_from": dt.date(2000, 1, 1),
        "source": "Local setting of this platform (not set by law).",
        "note": "How many calendar days after the answer is published the submitter may reopen a feedback "
        "item once. No legal source sets it: a provincial regulation may; confirm before relying on it. "
        "The start date 2000-01-01 is a placeholder so that every record has a value; it is not a legal date.",
    },
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for row in RULES:
        Rule.objects.get_or_create(
            key=row["key"], effective_from=row["effective_from"], defaults=row
        )


def unseed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for row in RULES:
        Rule.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_seed_categories"), ("rules", "0002_seed_rules")]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="especially_complex",
            field=models.BooleanField(default=False, verbose_name="especially complex case"),
        ),
        migrations.RunPython(seed, unseed),
    ]
