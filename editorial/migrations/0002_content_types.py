"""The moved models' content types follow them to the editorial app, so the permissions on them
(a Publisher's ``view_auditevent``, Editors' ``view_revision``) and the groups and users holding
those permissions stay as they are: the rows are relabelled, not made anew.

A database where the editorial content types were already made (``migrate editorial 0001`` run
alone creates them after the command) keeps those, takes over the old rows' permissions and
who holds them, and loses the old rows.
"""

from django.db import migrations

MOVED = ("revision", "auditevent", "contentversion")


def relabel(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
            else:
                for group in permission.group_set.all():
                    group.permissions.add(twin)
                for user in permission.user_set.all():
                    user.user_permissions.add(twin)
        old.delete()


def forwards(apps, schema_editor):
    relabel(apps, "projects", "editorial")


def backwards(apps, schema_editor):
    relabel(apps, "editorial", "projects")


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("projects", "0012_editorial_models_moved"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
