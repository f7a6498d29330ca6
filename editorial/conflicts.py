"""Two editors on one record: a three-way merge of a form's fields.

An editor's form was opened at a base version; someone else has saved since. Against the base
revision, each field was changed by them, by this editor, by both, or by nobody. A field only
they changed keeps their value; a field only this editor changed takes the form's; a field both
changed to different values is a real conflict, saved only by an explicit choice. Child rows
(a project's outcomes) are not merged here: their inline forms save only the rows this editor
changed, so the other editor's rows stand.
"""

from dataclasses import dataclass, field

from django.db import models

from .revisions import FieldChange, changed_fields, display_value, raw_value, snapshot


@dataclass
class Merge:
    author: str
    # Their changes, as the compare table shows them: only the fields they changed.
    theirs: list[FieldChange]
    # Fields in the form only they changed: their value is kept.
    take_theirs: set[str] = field(default_factory=set)
    # Fields both changed, to different values: saved only by an explicit choice.
    both: set[str] = field(default_factory=set)

    @property
    def both_labels(self) -> str:
        return self.names(self.both)

    def names(self, fields: set[str]) -> str:
        return ", ".join(row.label for row in self.theirs if row.name in fields)


def three_way(form, base_data: dict, current, author: str) -> Merge:
    """What the cleaned ``form`` and the stored ``current`` record each changed against the
    snapshot ``base_data`` the form was opened at."""
    model = type(current)
    current_data = snapshot(current)
    merge = Merge(author=author, theirs=changed_fields(model, base_data, current_data))
    for row in merge.theirs:
        if row.name not in form.fields or row.name not in form.cleaned_data:
            continue  # Not editable here (read-only, or a child relation).
        base = _stored(model, row.name, base_data)
        mine = _submitted(model, row.name, form, base)
        if mine == base:
            merge.take_theirs.add(row.name)
        elif mine != _stored(model, row.name, current_data):
            merge.both.add(row.name)
    return merge


def current_value(current, name: str):
    """``current``'s value of a form field, as the form's cleaned data holds it."""
    model_field = current._meta.get_field(name)
    if model_field.many_to_many:
        return list(getattr(current, name).all())
    return getattr(current, name)


def _comparable(model_field, raw):
    if model_field.is_relation:
        return "" if raw is None else str(raw)
    return display_value(model_field, raw)


def _stored(model, name: str, data: dict):
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(str(pk) for pk, _label in data["m2m"].get(name, []))
    return _comparable(model_field, data["fields"].get(name))


def _submitted(model, name: str, form, base):
    """The form's value in the snapshot's terms (``base`` when it cannot differ from it)."""
    model_field = model._meta.get_field(name)
    value = form.cleaned_data[name]
    if model_field.many_to_many:
        return sorted(str(obj.pk) for obj in value or ())
    if isinstance(model_field, models.FileField):
        chosen = form.add_prefix(name) in form.files or value is False
        return object() if chosen else base
    scratch = model()
    if model_field.is_relation:
        setattr(scratch, model_field.attname, None if value is None else value.pk)
    else:
        setattr(scratch, model_field.attname, value)
    return _comparable(model_field, raw_value(scratch, model_field))
