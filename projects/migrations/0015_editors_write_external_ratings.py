"""Editors and Publishers write other clearinghouses' ratings beside the outcomes: without the
permissions the admin hides the inline from both roles."""

from django.db import migrations

from editorial.roles import EDITOR, PUBLISHER, permission

VERBS = ("view", "add", "change", "delete")


def grant_external_ratings(apps, schema_editor):
    # Like an outcome, a rating is part of writing the case study, so Editors may remove one too;
    # revisions keep the old rows.
    perms = [
        permission(apps, "projects", "externalrating", f"{verb}_externalrating") for verb in VERBS
    ]
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[EDITOR, PUBLISHER]):
        group.permissions.add(*perms)


def revoke_external_ratings(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    perms = Permission.objects.filter(
        content_type__app_label="projects", content_type__model="externalrating"
    )
    for group in Group.objects.filter(name__in=[EDITOR, PUBLISHER]):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("projects", "0014_outcome_measures_planned_designs_external_ratings"),
    ]

    operations = [migrations.RunPython(grant_external_ratings, revoke_external_ratings)]
