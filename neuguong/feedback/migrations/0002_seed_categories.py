"""The seven categories of issue 9 (admins add, rename or retire them later)."""

from django.db import migrations

CATEGORIES = (
    ("land", "Đất đai", False),
    ("site_clearance", "Giải phóng mặt bằng, bồi thường", False),
    ("policies", "Chế độ, chính sách", False),
    ("procedures", "Thủ tục hành chính", True),
    ("infrastructure", "Hạ tầng", False),
    ("environment", "Môi trường", False),
    ("other", "Khác", False),
)


def seed(apps, schema_editor):
    Category = apps.get_model("feedback", "Category")
    for order, (code, name, links_dossier) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "links_dossier": links_dossier, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_items")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
