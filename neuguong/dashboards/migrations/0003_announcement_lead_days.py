"""Seed the notice period of item 1.1 (procedures published on time) and mark 1.1 and 3.5 as measured.

Rule `procedures.announcement.lead_working_days`: how many working days before the legal document that
sets or changes a procedure takes effect the provincial chairman's announcing decision must be issued
(Decree 63/2010/NĐ-CP on the control of administrative procedures, Art. 15, as amended).

What was verified and what was not (searched 2026-12-01; no citation here is guessed):
- Verified in a public copy of the text: Decree 63/2010/NĐ-CP, Art. 15 as first issued: "Quyết định công
  bố thủ tục hành chính phải được ban hành chậm nhất trước 10 (mười) ngày làm việc tính đến ngày văn bản
  quy phạm pháp luật có quy định về thủ tục hành chính có hiệu lực thi hành" (all announcing bodies).
- Verified in a public copy of the text: Decree 48/2013/NĐ-CP of 14/05/2013 (in force 01/07/2013), Art.
  1(5), replacing that sentence of Art. 15: decisions of the ministries (Art. 13(1)) at the latest 20
  working days, and decisions of the bodies of Art. 13(2) and (3), the provincial chairman among them,
  at the latest 05 (five) working days before the legal document takes effect.
- NOT verified: the text of Decree 92/2017/NĐ-CP (07/08/2017), which amended Art. 15 again. The codified
  text found shows only its ministries' sentence ("chậm nhất trước 20 ngày"); whether it keeps 5 working
  days for the provincial chairman, and from which date, was not confirmed. Nor was Circular
  02/2017/TT-VPCP. The 5 working days are kept in force until a source says otherwise.
- Effective dates: 14/10/2010 for Decree 63/2010 and 01/07/2013 for Decree 48/2013, as given by public
  legal-document databases (not checked against the official gazette).

How neuguong counts (a reading of "chậm nhất trước 05 ngày làm việc tính đến ngày … có hiệu lực", not an
official method): on time when published_on ≤ the 5th working day before the effective day, counted back
from the day before it (`formulas.announcement_deadline`).
"""

import datetime as dt
from typing import Any

from django.db import migrations

KEY = "procedures.announcement.lead_working_days"
ITEM_START = dt.date(2022, 6, 23)  # the 766 item rows of 0001

READING = (
    " neuguong's reading (not an official counting method): on time when the decision's date is on or "
    "before the N-th working day before the effective day, counted back from the day before it, on the "
    "working-day calendar (weekends, public holidays, the administrator's swapped days skipped)."
)

VERSIONS: list[dict[str, Any]] = [
    {
        "effective_from": dt.date(2010, 10, 14),
        "effective_to": dt.date(2013, 6, 30),
        "value": 10,
        "source": "Decree 63/2010/NĐ-CP of 08/06/2010 on the control of administrative procedures, "
        "Art. 15 (first sentence, as first issued).",
        "note": "10 working days, for every announcing body: text verified in a public copy of the "
        "Decree. Effective date 14/10/2010 as given by public legal-document databases (not checked "
        "against the gazette)." + READING,
    },
    {
        "effective_from": dt.date(2013, 7, 1),
        "effective_to": None,
        "value": 5,
        "source": "Decree 63/2010/NĐ-CP, Art. 15, as amended by Decree 48/2013/NĐ-CP of 14/05/2013, "
        "Art. 1(5): decisions of the bodies of Art. 13(2) and (3), the chairman of the provincial "
        "People's Committee among them. Amended again by Decree 92/2017/NĐ-CP (text NOT verified).",
        "note": "5 working days for the provincial chairman's decisions (20 for the ministries'): text of "
        "Decree 48/2013 verified in a public copy; in force 01/07/2013 as given by public databases. "
        "NOT verified: whether Decree 92/2017/NĐ-CP (07/08/2017), which amended Art. 15 again, keeps 5 "
        "working days for the province (the codified text found shows only the ministries' sentence, "
        "reading 20 days), nor Circular 02/2017/TT-VPCP. Kept in force until a source says otherwise: "
        "if 92/2017 changed it, end this version and add one from its date." + READING,
    },
]

# The 0001 notes of the two items said neuguong did not record what they need; now it does.
NOTES = {
    "indicators.766.publicity.published_on_time": (
        " neuguong does not yet record what this item needs: it scores 0 and is shown as not measured. "
        "Needs the legal basis's effective date on each procedure.",
        " Measured on the catalogue: the procedures whose published_on falls in the period and whose "
        "legal_basis_effective_on is known; on time by rule " + KEY + " (dashboards/0003).",
    ),
    "indicators.766.online.payment_integrated": (
        " neuguong does not yet record what this item needs: it scores 0 and is shown as not measured. "
        "Needs an 'online payment offered' flag on the procedure.",
        " Measured on the catalogue: active procedures with a fee (fee > 0), payable online when "
        "Procedure.online_payment is set.",
    ),
}


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for version in VERSIONS:
        Rule.objects.update_or_create(
            key=KEY,
            effective_from=version["effective_from"],
            defaults={k: v for k, v in version.items() if k != "effective_from"},
        )
    for key, (old, new) in NOTES.items():
        for row in Rule.objects.filter(key=key, effective_from=ITEM_START):
            if old in row.note:
                row.note = row.note.replace(old, new)
                row.save(update_fields=["note"])


def unseed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    Rule.objects.filter(
        key=KEY, effective_from__in=[v["effective_from"] for v in VERSIONS]
    ).delete()
    for key, (old, new) in NOTES.items():
        for row in Rule.objects.filter(key=key, effective_from=ITEM_START):
            if new in row.note:
                row.note = row.note.replace(new, old)
                row.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0002_daily_facts"), ("rules", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
