"""The two editorial roles. Editors write and submit for review; Publishers also approve,
publish, schedule, unpublish and delete, and read the audit log.

Permissions are created here rather than left to post_migrate, because on a fresh database the
groups must be complete as soon as migrations end. Apps built on this one (lessons) grant the
permissions on their own models in their own migrations."""

from django.db import migrations

from editorial.roles import EDITOR, PUBLISHER, grant, permission


def create_groups(apps, schema_editor):
    editor, publisher = grant(
        apps,
        "projects",
        content=["project", "resource", "source", "agency", "researchpartner", "researcher"],
        lookups=["strategy", "crimeproblem", "slugredirect", "revision"],
        publish={
            "project": ("publish_project", "Can publish, schedule and unpublish case studies"),
            "resource": ("publish_resource", "Can publish, schedule and unpublish resources"),
        },
    )
    # Removing a figure from a case study is part of writing it; revisions keep the old one.
    outcome = [permission(apps, "projects", "outcome", f"{verb}_outcome")
               for verb in ("view", "add", "change", "delete")]
    editor.permissions.add(*outcome)
    publisher.permissions.add(*outcome, permission(apps, "projects", "auditevent", "view_auditevent"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, PUBLISHER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0002_revisions_audit_publish_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
