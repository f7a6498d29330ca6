"""The two editorial roles. Editors write and submit for review; Publishers also approve,
publish, schedule, unpublish and delete, and read the audit log.

Permissions are created here rather than left to post_migrate, because on a fresh database the
groups must be complete as soon as migrations end."""

from django.db import migrations

CONTENT = {
    "projects": ["project", "outcome", "resource", "source", "agency", "researchpartner", "researcher"],
    "lessons": ["lesson"],
}
LOOKUPS = {
    "projects": ["strategy", "crimeproblem", "slugredirect", "revision"],
    "lessons": ["corepractice"],
}
PUBLISH = {
    ("projects", "project"): ("publish_project", "Can publish, schedule and unpublish case studies"),
    ("projects", "resource"): ("publish_resource", "Can publish, schedule and unpublish resources"),
    ("lessons", "lesson"): ("publish_lesson", "Can publish, schedule and unpublish lessons"),
}


def _permission(apps, app_label, model, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or f"Can {codename.split('_')[0]} {model}"},
    )
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor_perms, publisher_perms = [], []
    for app_label, models in CONTENT.items():
        for model in models:
            for verb in ("view", "add", "change"):
                editor_perms.append(_permission(apps, app_label, model, f"{verb}_{model}"))
            if model != "outcome":
                publisher_perms.append(_permission(apps, app_label, model, f"delete_{model}"))
    # Removing a figure from a case study is part of writing it; revisions keep the old one.
    editor_perms.append(_permission(apps, "projects", "outcome", "delete_outcome"))
    for app_label, models in LOOKUPS.items():
        for model in models:
            editor_perms.append(_permission(apps, app_label, model, f"view_{model}"))
    for (app_label, model), (codename, name) in PUBLISH.items():
        publisher_perms.append(_permission(apps, app_label, model, codename, name))
    publisher_perms.append(_permission(apps, "projects", "auditevent", "view_auditevent"))

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(editor_perms)
    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.set(editor_perms + publisher_perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0002_revisions_audit_publish_permissions"),
        ("lessons", "0002_publish_permission"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
