"""The indicators' daily facts for the dossiers already there (issue 10 §7, docs/indicators.md "Daily facts").

Migration 0005 added `processing_days`, `late_agency` and `facts` to the dossiers and dashboards/0002 the two
fact tables, all empty. From here on the services keep them current; this fills them once for the dossiers
that predate them, with the same rules (`dashboards.facts_records.rebuild` on the historical models: the
counting rules are not copied here, so that the migration and the services cannot disagree). A database
without dossiers (a new one, the tests') does nothing. If a later change of `facts_records` reads a column
this state does not have yet, freeze a copy of the functions here.

Also the index the drill-down and `neuguong facts` read the ended dossiers of a period by.
"""

from types import SimpleNamespace

from django.db import migrations, models


def fill(apps, schema_editor):
    Dossier = apps.get_model("onestop", "Dossier")
    dossiers = Dossier.objects.using(schema_editor.connection.alias)
    # Nothing to fill when every received dossier already carries its contribution (a new database,
    # the tests', or one `neuguong seed` wrote after migration 0005: the seed stores the facts itself).
    if not dossiers.filter(received_at__isnull=False, facts={}).exists():
        return
    from neuguong.dashboards.facts_records import rebuild

    rebuild(
        models=SimpleNamespace(
            Dossier=Dossier,
            DossierStep=apps.get_model("onestop", "DossierStep"),
            DossierDocument=apps.get_model("onestop", "DossierDocument"),
            Apology=apps.get_model("onestop", "Apology"),
            Rating=apps.get_model("onestop", "Rating"),
            FeedbackItem=apps.get_model("feedback", "FeedbackItem"),
            DailyFact=apps.get_model("dashboards", "DailyFact"),
            ProcedureMonthFact=apps.get_model("dashboards", "ProcedureMonthFact"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0005_indicator_fields"),
        ("dashboards", "0002_daily_facts"),
        ("feedback", "0006_answer_timeliness"),
        # The working-day calendar and its rules, which the working days are counted on.
        ("workcalendar", "0001_initial"),
        ("rules", "0002_seed_rules"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["province_code", "processing_ended_at"], name="dossier_province_ended"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
