"""Revisions: a snapshot of a record's content at each save, compared field by field and
restorable.

A snapshot holds the record's own fields, its many-to-many links and its child records (a
project's outcomes). Publication fields (state, publish time, version) are kept out: a revision
is about content, and restoring an old text must never publish or unpublish anything.
"""

import difflib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from editorial.models import Revision

from .text import normalise_text

_BOOKKEEPING = {
    "id",
    "status",
    "go_live_at",
    "first_published_at",
    "created_at",
    "updated_at",
    "version",
    "identity",
}


# Worked out once per model and field: an import snapshots thousands of records in a run.
@cache
def _own_fields(model) -> tuple:
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.name not in _BOOKKEEPING and not isinstance(f, models.AutoField)
    )


@cache
def _child_fields(model, parent_field: str) -> tuple:
    return tuple(f for f in _own_fields(model) if f.name != parent_field)


@cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)


def raw_value(obj, field):
    """A field's value as JSON: plain values as they are, the rest in Django's string form."""
    value = field.value_from_object(obj)
    if value is not None and isinstance(field, models.DecimalField):
        # To the field's places, as reading the row gives it: a revision written from the
        # record in hand (an import's, a form's) reads as one written from its row, where
        # 13.5 is stored and read as 13.50.
        return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places)))
    if value is None or isinstance(value, str | bool | int | float | list | dict):
        return value
    return field.value_to_string(obj)


def _restore_value(field, value):
    return None if value is None else field.to_python(value)


def _display(obj, field, raw) -> str:
    """How a field reads to a reader, from its ``raw_value`` value: a related record's name, a
    choice's label, a number without padding zeros, yes or no, a list as a list."""
    if field.is_relation:
        related = getattr(obj, field.name)
        return "" if related is None else str(related)
    return display_value(field, raw)


def display_value(field, raw) -> str:
    if raw is None or raw == "":
        return ""
    if field.choices:
        return str(_choice_labels(field).get(raw, raw))
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(field, models.DecimalField):
        return f"{Decimal(str(raw)).normalize():f}"
    if isinstance(raw, dict):
        # A JSON field's groups ("strategies": [...]): each group's values, named.
        parts = (
            f"{key.replace('_', ' ')}: {display_value(field, value)}"
            for key, value in raw.items()
            if value not in (None, "", [], {})
        )
        return "; ".join(parts)
    if isinstance(raw, list):
        return ", ".join(str(value) for value in raw)
    return normalise_text(str(raw))


def _children_of(obj):
    # A model names the child records saved with it (a project's outcomes) by their reverse
    # accessors in ``revision_children``.
    for accessor in getattr(type(obj), "revision_children", ()):
        relation = obj._meta.get_field(accessor)
        yield accessor, relation.related_model, relation.field.name


def snapshot(obj, related: dict[str, list] | None = None) -> dict:
    """Everything an editor wrote, as JSON: values to restore and labels to compare.
    ``related`` holds the record's links and children by relation name, as reading them gives
    them, when they are in hand (an import's new records); otherwise they are read."""

    def read(name: str) -> list:
        return related[name] if related is not None else getattr(obj, name).all()

    data = {"fields": {}, "labels": {}, "m2m": {}, "children": {}}
    for field in _own_fields(type(obj)):
        raw = data["fields"][field.name] = raw_value(obj, field)
        data["labels"][field.name] = _display(obj, field, raw)
    for field in obj._meta.many_to_many:
        data["m2m"][field.name] = [[o.pk, str(o)] for o in read(field.name)]
    for accessor, child_model, parent_field in _children_of(obj):
        fields = _child_fields(child_model, parent_field)
        data["children"][accessor] = [_child(child, fields) for child in read(accessor)]
    return data


def _child(child, fields) -> dict:
    values = {f.name: raw_value(child, f) for f in fields}
    labels = (_child_part(child, f, values[f.name]) for f in fields if f.name != "order")
    return {
        "pk": child.pk,
        "label": str(child),
        "fields": values,
        "display": " · ".join(filter(None, labels)),
    }


def _child_part(child, field, raw) -> str:
    return _display(child, field, raw) if field.is_relation else _plain_part(field, raw)


def _plain_part(field, raw) -> str:
    # In a one-line summary a bare "yes" says nothing: a ticked box reads as its own name.
    if isinstance(raw, bool):
        return str(field.verbose_name) if raw else ""
    return display_value(field, raw)


def revision_of(obj, user, note: str = "", origin: str = "", related=None) -> Revision:
    """A revision holding ``obj`` as it is now, not yet saved (``related``: see ``snapshot``)."""
    return Revision(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        version=obj.version,
        user=user if user is not None and user.is_authenticated else None,
        origin=origin[:200],
        note=note[:200],
        data=snapshot(obj, related),
    )


def record_revision(obj, user, note: str = "", origin: str = "") -> Revision:
    revision = revision_of(obj, user, note, origin)
    revision.save()
    return revision


def revisions_of(obj):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("user")


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    # The field's name in the form (own and many-to-many fields), or the child relation's.
    name: str = ""

    def __post_init__(self):
        # Both sides as a reader sees them: a CRLF or a no-break space is no change.
        object.__setattr__(self, "before", normalise_text(self.before))
        object.__setattr__(self, "after", normalise_text(self.after))

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def diff(self) -> SafeString:
        return word_diff(self.before, self.after)


def word_diff(before: str, after: str) -> SafeString:
    """The after text with removed words in <del> and added words in <ins>, everything escaped."""
    old, new = before.split(" "), after.split(" ")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[b1:b2]))}</ins>")
        if op == "equal":
            parts.append(escape(" ".join(old[a1:a2])))
    return mark_safe(" ".join(parts))


def compare(model, before: dict, after: dict) -> list[FieldChange]:
    """Every field of two snapshots side by side, in the form's order. Values read as a reader
    reads them whatever wording the snapshot was saved with, so an older revision compares
    with a newer one on what changed, not on how it was written down."""
    rows = []
    for field in _own_fields(model):
        rows.append(
            FieldChange(
                str(field.verbose_name).capitalize(),
                _label(field, before),
                _label(field, after),
                field.name,
            )
        )
    for field in model._meta.many_to_many:
        rows.append(
            FieldChange(
                str(field.verbose_name).capitalize(),
                "; ".join(label for _, label in before["m2m"].get(field.name, [])),
                "; ".join(label for _, label in after["m2m"].get(field.name, [])),
                field.name,
            )
        )
    for accessor in sorted(before["children"].keys() | after["children"].keys()):
        relation = model._meta.get_field(accessor)
        fields = _child_fields(relation.related_model, relation.field.name)
        old, new = before["children"].get(accessor, []), after["children"].get(accessor, [])
        names = _related_names(fields, [*old, *new])
        rows.append(
            FieldChange(
                accessor.capitalize(),
                _children_text(fields, old, names),
                _children_text(fields, new, names),
                accessor,
            )
        )
    return rows


def changed_fields(model, before: dict, after: dict) -> list[FieldChange]:
    """Only the fields that differ between two snapshots, as a reader reads them."""
    return [row for row in compare(model, before, after) if row.changed]


def _label(field, data: dict) -> str:
    if field.is_relation or field.name not in data["fields"]:
        return data["labels"].get(field.name, "")
    return display_value(field, data["fields"][field.name])


def _related_names(fields, children: list[dict]) -> dict[str, dict]:
    """The names of the records the children link to, by field and key: one query a field."""
    names = {}
    for field in fields:
        if field.is_relation:
            keys = {c["fields"].get(field.name) for c in children} - {None}
            records = field.related_model._default_manager.filter(pk__in=keys) if keys else ()
            names[field.name] = {str(r.pk): str(r) for r in records}
    return names


def _children_text(fields, children: list[dict], names: dict[str, dict]) -> str:
    """Child records one a line, each field as a reader reads it (see ``_child_part``)."""
    lines = []
    for child in children:
        parts = []
        for field in fields:
            if field.name == "order" or field.name not in child["fields"]:
                continue
            raw = child["fields"][field.name]
            if field.is_relation:
                parts.append("" if raw is None else names[field.name].get(str(raw), "(deleted)"))
            else:
                parts.append(_plain_part(field, raw))
        lines.append(" · ".join(filter(None, parts)))
    return "\n".join(lines)


def apply(obj, data: dict) -> None:
    """Write a snapshot's content onto the record (its links and child records too), leaving
    its publication state as it is. A child keeps its id when it is still the record's, so a
    form opened on the snapshot posts ids that exist."""
    for field in _own_fields(type(obj)):
        if field.name in data["fields"]:
            setattr(obj, field.attname, _restore_value(field, data["fields"][field.name]))
    obj.save()
    for field in obj._meta.many_to_many:
        if field.name in data["m2m"]:
            wanted = [pk for pk, _ in data["m2m"][field.name]]
            existing = field.related_model.objects.filter(pk__in=wanted)
            getattr(obj, field.name).set(existing)
    for accessor, child_model, parent_field in _children_of(obj):
        if accessor in data["children"]:
            _apply_children(obj, accessor, child_model, parent_field, data["children"][accessor])


def _apply_children(obj, accessor, child_model, parent_field, children) -> None:
    current = {child.pk: child for child in getattr(obj, accessor).all()}
    kept = {child.get("pk") for child in children} & current.keys()
    getattr(obj, accessor).exclude(pk__in=kept).delete()
    for child in children:
        instance = current.get(child.get("pk")) or _new_child(child_model, parent_field, obj, child)
        for field in _child_fields(child_model, parent_field):
            if field.name in child["fields"]:
                setattr(instance, field.attname, _restore_value(field, child["fields"][field.name]))
        instance.save()


def _new_child(child_model, parent_field, obj, child):
    # A child first saved in a draft keeps the id it was given then, unless another record
    # has taken it since: applying the draft twice (showing its form, then saving it) agrees.
    instance = child_model(**{parent_field: obj})
    pk = child.get("pk")
    if pk is not None and not child_model._default_manager.filter(pk=pk).exists():
        instance.pk = pk
    return instance


def restore(obj, revision: Revision, user) -> Revision:
    """Put an old revision's content back and record that as a new revision; the record's
    publication state is left as it is."""
    apply(obj, revision.data)
    return record_revision(obj, user, f"Restored revision {revision.pk}")
