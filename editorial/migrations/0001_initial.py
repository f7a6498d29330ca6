"""The revisions, the audit log and the content version move here from the projects app.

Only Django's record of the models moves: the tables stay as they are, under their old names
(``projects_revision``, ``projects_auditevent``, ``projects_contentversion``), with every row.
On a new database the projects app's migrations create them; ``projects.0012`` then drops them
from the projects app's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("projects", "0011_per_award_facts_headline_caveats_rating_reasons"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(default=0)),
                ("valid_until", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "db_table": "projects_contentversion",
                "constraints": [models.CheckConstraint(condition=models.Q(("pk", 1)), name="content_version_single_row")],
            },
        ),
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(choices=[("publish", "Published"), ("schedule", "Scheduled to publish"), ("unpublish", "Unpublished"), ("delete", "Deleted")], max_length=12)),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("object_id", models.PositiveBigIntegerField()),
                ("object_repr", models.CharField(max_length=300, verbose_name="record")),
                ("detail", models.CharField(blank=True, max_length=300)),
                ("origin", models.CharField(blank=True, max_length=200)),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="contenttypes.contenttype")),
                ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "projects_auditevent",
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["content_type", "object_id", "action"], name="audit_object")],
            },
        ),
        migrations.CreateModel(
            name="Revision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.PositiveBigIntegerField()),
                ("version", models.PositiveIntegerField(help_text="The record's version after this save.")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("origin", models.CharField(blank=True, max_length=200)),
                ("note", models.CharField(blank=True, max_length=200)),
                ("data", models.JSONField()),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "projects_revision",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["content_type", "object_id", "-created_at"], name="revision_object")],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]
