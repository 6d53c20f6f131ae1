"""The public search matches only what each kind's public page shows (issue 9 follow-up, privacy):
complaints lose their statement (which names the complainant) from the index, denunciations lose
everything. Rebuilds `search_text` of the complaints and denunciations already stored."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from neuguong.feedback.models import public_search_text

    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    qs = FeedbackItem.objects.exclude(kind="feedback").only("pk", "kind", "code", "title", "answer")
    batch = []
    for item in qs.iterator(chunk_size=2000):
        item.search_text = public_search_text(item)
        batch.append(item)
        if len(batch) >= 2000:
            FeedbackItem.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        FeedbackItem.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_admin_names")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
