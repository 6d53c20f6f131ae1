"""Keep, on each answered item, the handling deadline in force at the answer and whether the answer was
late (indicators 5.2 and 5.3, issue 10). Existing answered items take `answered_late` from their answer
transitions' `data["late"]` (late if any answer was); their deadline was overwritten and stays unknown."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    Item = apps.get_model("feedback", "FeedbackItem")
    Transition = apps.get_model("feedback", "ItemTransition")
    late_ids = {
        t.item_id
        for t in Transition.objects.filter(action="answer").only("item_id", "data").iterator()
        if (t.data or {}).get("late")
    }
    ids = list(late_ids)
    for start in range(0, len(ids), 500):
        Item.objects.filter(pk__in=ids[start : start + 500]).update(answered_late=True)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0005_public_search_text")]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="answer_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="answer deadline"),
        ),
        migrations.AddField(
            model_name="feedbackitem",
            name="answered_late",
            field=models.BooleanField(default=False, verbose_name="answered late"),
        ),
        migrations.AddIndex(
            model_name="feedbackitem",
            index=models.Index(fields=["answered_at"], name="feedback_answered_idx"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
