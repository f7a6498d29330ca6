"""The PostgreSQL engine's write counter (see ``IndexGeneration``), with its one row."""

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("search", "IndexGeneration").objects.create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchentry_keywords")]

    operations = [
        migrations.CreateModel(
            name="IndexGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
