"""The two editorial roles, Editor and Publisher, as the migrations of each content app grant them.

Each app's migration grants the permissions on its own models, so the editorial app needs no
knowledge of the apps that build on it. Kept free of model imports: migrations call it with their
historical ``apps``."""

EDITOR, PUBLISHER = "Editor", "Publisher"


def permission(apps, app_label, model, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or f"Can {codename.split('_')[0]} {model}"},
    )
    return permission


def grant(apps, app_label, *, content=(), lookups=(), publish=None):
    """Editors view, add and change ``content`` and view ``lookups``; Publishers also delete
    content and hold the ``publish`` permissions ({model: (codename, name)})."""
    Group = apps.get_model("auth", "Group")
    editor_perms, publisher_perms = [], []
    for model in content:
        for verb in ("view", "add", "change"):
            editor_perms.append(permission(apps, app_label, model, f"{verb}_{model}"))
        publisher_perms.append(permission(apps, app_label, model, f"delete_{model}"))
    for model in lookups:
        editor_perms.append(permission(apps, app_label, model, f"view_{model}"))
    for model, (codename, name) in (publish or {}).items():
        publisher_perms.append(permission(apps, app_label, model, codename, name))
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*editor_perms)
    publisher, _ = Group.objects.get_or_create(name=PUBLISHER)
    publisher.permissions.add(*editor_perms, *publisher_perms)
    return editor, publisher
