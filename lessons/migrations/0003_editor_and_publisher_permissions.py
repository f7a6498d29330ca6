"""Editors write lessons and Publishers publish them: the lessons' share of the roles the
projects app creates."""

from django.db import migrations

from editorial.roles import grant


def grant_lesson_permissions(apps, schema_editor):
    grant(
        apps,
        "lessons",
        content=["lesson"],
        lookups=["corepractice"],
        publish={"lesson": ("publish_lesson", "Can publish, schedule and unpublish lessons")},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0002_publish_permission"),
        ("projects", "0003_editor_and_publisher_groups"),
    ]

    operations = [migrations.RunPython(grant_lesson_permissions, migrations.RunPython.noop)]
