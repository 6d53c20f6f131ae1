"""The monthly facts (issue 10 §7, docs/indicators.md "Daily facts"): one row per agency and month, the
sum of its daily facts, so that a dashboard (whole months only) reads ~12× fewer rows.

Created here and filled once from the daily facts already there (onestop/0006 filled those, and it runs
before this table exists); from here on `facts.apply`, the seed and `facts_records.rebuild` keep both
current. A database without daily facts (a new one, the tests') fills nothing.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Min, Sum
from django.db.models.functions import TruncMonth

COUNTS = (
    "received",
    "received_online",
    "with_fee",
    "paid_online",
    "digitised",
    "ended",
    "completed",
    "e_results",
    "complained",
    "processing_days",
    "late",
    "step_ended",
    "step_ended_unit",
)


def fill(apps, schema_editor):
    alias = schema_editor.connection.alias
    DailyFact = apps.get_model("dashboards", "DailyFact")
    MonthlyFact = apps.get_model("dashboards", "MonthlyFact")
    sums = (
        DailyFact.objects.using(alias)
        .annotate(fact_month=TruncMonth("day"))
        .order_by()
        .values("agency_id", "fact_month")
        .annotate(fact_province=Min("province_code"), **{name: Sum(name) for name in COUNTS})
        .order_by("agency_id", "fact_month")
    )
    MonthlyFact.objects.using(alias).all().delete()
    MonthlyFact.objects.using(alias).bulk_create(
        (
            MonthlyFact(
                agency_id=row["agency_id"],
                month=row["fact_month"],
                province_code=row["fact_province"],
                **{name: row[name] or 0 for name in COUNTS},
            )
            for row in sums.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0003_announcement_lead_days"),
        ("org", "0003_verbose_names_vi"),
        # The daily facts of the dossiers that predate them, which the months are summed from.
        ("onestop", "0006_fill_daily_facts"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyFact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "province_code",
                    models.CharField(default="11", max_length=10, verbose_name="province code"),
                ),
                ("received", models.IntegerField(default=0, verbose_name="received")),
                ("received_online", models.IntegerField(default=0, verbose_name="received online")),
                ("with_fee", models.IntegerField(default=0, verbose_name="received with a fee")),
                ("paid_online", models.IntegerField(default=0, verbose_name="paid online")),
                ("digitised", models.IntegerField(default=0, verbose_name="digitised")),
                ("ended", models.IntegerField(default=0, verbose_name="processing ended")),
                ("completed", models.IntegerField(default=0, verbose_name="ended with a result")),
                ("e_results", models.IntegerField(default=0, verbose_name="electronic results")),
                (
                    "complained",
                    models.IntegerField(default=0, verbose_name="complained or rated dissatisfied"),
                ),
                (
                    "processing_days",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=14,
                        verbose_name="working days (sum, with a result)",
                    ),
                ),
                ("late", models.IntegerField(default=0, verbose_name="late (agency at fault)")),
                (
                    "step_ended",
                    models.IntegerField(default=0, verbose_name="ended with a work step here"),
                ),
                (
                    "step_ended_unit",
                    models.IntegerField(
                        default=0, verbose_name="ended with a work step in this commune"
                    ),
                ),
                ("month", models.DateField(verbose_name="month (its first day)")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
            options={
                "verbose_name": "monthly fact",
                "verbose_name_plural": "monthly facts",
                "indexes": [
                    models.Index(
                        fields=["province_code", "month"], name="monthly_fact_province_month"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agency", "month"), name="monthly_fact_agency_month"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
