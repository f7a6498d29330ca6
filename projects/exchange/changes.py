"""Write only what differs, so loading the same content twice leaves records untouched: no new
version number (which would refuse an editor's open form), no index update, no changed date."""

from django.db import connection


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


def link_many(field, pairs) -> None:
    """Add the links ``pairs`` (record, linked record) of the many-to-many ``field``: an
    import's batch of new records, linked to nothing yet. Written as plain multi-row inserts: a
    link is two ids, and making a model instance of each of an import's hundred thousand links
    cost more than the rest of their import. No many-to-many signal is sent: the records' own
    creation tells those who listen (the search queue, the page cache), and they read the links
    when they act, after commit."""
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).column
    target = through._meta.get_field(field.m2m_reverse_field_name()).column
    rows = [(a.pk, b.pk) for a, b in pairs]
    quote = connection.ops.quote_name
    # Within the parameters the database accepts in one statement (SQLite: 999).
    per_statement = (connection.features.max_query_params or 1000) // 2
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {quote(through._meta.db_table)} ({quote(source)}, {quote(target)}) "
                f"VALUES {', '.join(['(%s, %s)'] * len(chunk))}",
                [value for row in chunk for value in row],
            )
