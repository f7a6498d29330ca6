"""Write only what differs, so loading the same content twice leaves records untouched: no new
version number (which would refuse an editor's open form), no index update, no changed date."""


def assign_changed(instance, values: dict) -> bool:
    """Set the fields that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def upsert(model, lookup: dict, values: dict):
    """The record matching ``lookup`` with ``values``, created or saved only when something
    differs. Returns the record and whether it was created or changed."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values), True
    if assign_changed(instance, values):
        instance.save()
        return instance, True
    return instance, False


def set_related(manager, wanted) -> bool:
    """Make a many-to-many relation hold exactly ``wanted``; say whether it had to change."""
    if {obj.pk for obj in manager.all()} == {obj.pk for obj in wanted}:
        return False
    manager.set(wanted)
    return True


def link_new(manager, wanted) -> bool:
    """Link a record created a moment ago (so linked to nothing yet) to ``wanted`` in one insert.
    No many-to-many signal is sent: the record's own save has already told those who listen
    (the search queue, the page cache), and they read its links when they act, after commit."""
    through = manager.through
    through.objects.bulk_create(
        through(**{manager.source_field_name: manager.instance, manager.target_field_name: obj})
        for obj in wanted
    )
    return bool(wanted)
