"""Editors and Publishers may map imported terms onto the taxonomy, and see the redirects left
by merged research partners."""

from django.db import migrations

from editorial.roles import EDITOR, PUBLISHER, permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = [
        permission(
            apps,
            "projects",
            "project",
            "curate_taxonomy",
            "Can map unmapped strategies and crime types onto the taxonomy",
        ),
        permission(apps, "projects", "partnerredirect", "view_partnerredirect"),
    ]
    for name in (EDITOR, PUBLISHER):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(codename="curate_taxonomy").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0005_source_metadata"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="project",
            options={
                "ordering": ["-cohort_year", "agency__name"],
                "permissions": [
                    ("publish_project", "Can publish, schedule and unpublish case studies"),
                    (
                        "curate_taxonomy",
                        "Can map unmapped strategies and crime types onto the taxonomy",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
