"""One event for one fact: public content changed.

Every write to public content reaches this module, whatever made it: Django's model signals
bring saves, deletions and link changes (an admin form, a bulk action, publishing, restoring a
revision, a data load), and the writes Django tells nobody of are reported by name:
``created_in_bulk`` for the records an import inserts together, ``updated_in_bulk`` for those a
queryset's ``update`` writes, ``went_live`` for a record whose scheduled time has come. Each
becomes a ``Change``, and subscribers hear of it twice:

- ``change_recorded`` (argument ``change``) is sent as each change happens, inside the writing
  transaction. It is for work that must commit or roll back with the write, or that needs the
  state before it: the search queue writes its rows here, so a committed edit can never lose
  its index update to a crash after the commit, and works out what shows a record about to be
  deleted before the cascade removes the links leading there.
- ``content_changed`` (argument ``changes``, a ``ChangeSet``: the models and ids saved and
  deleted) is sent once the transaction commits, a single time however many records it wrote,
  and at once for a write made outside a transaction. A rolled-back transaction sends nothing,
  and a rolled-back savepoint takes its own changes with it (``on_commit_batch``). The page
  cache moves its version on here; the search queue, its rows already written, is applied
  after the same commit.

Records no public page shows are not recorded: those of Django's own apps and of apps whose
config says ``public_content = False`` (this app's history and content version, the search
app's queue). Recording the content version's own write would never end.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal

from .transactions import on_commit_batch

logger = logging.getLogger(__name__)

change_recorded = Signal()
content_changed = Signal()

# What each change is: a record saved (or gone live), new records inserted in bulk, a record
# about to be deleted (its links still in place), a record deleted, links added or removed.
SAVED, CREATED, DELETING, DELETED, LINKED = "saved", "created", "deleting", "deleted", "linked"
# Apps of the framework and third parties with models of their own; none is public content.
_NOT_CONTENT_APPS = {"admin", "auth", "axes", "contenttypes", "migrations", "sessions"}


@dataclass(frozen=True)
class Change:
    """One write to public content, as recorded: what kind, to which records."""

    kind: str
    model: type[models.Model]
    instances: tuple
    # A fixture being loaded (``loaddata``): the record as stored, its links not yet there.
    raw: bool = False
    # For a link change: the relation's through model, and the records on its other side.
    through: Any = None
    linked_model: Any = None
    linked_pks: frozenset = frozenset()

    # The records' ids as they were when recorded: a deleted record's is gone by the commit.
    ids: frozenset = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "ids", frozenset(obj.pk for obj in self.instances))

    @property
    def instance(self):
        return self.instances[0]


@dataclass
class ChangeSet:
    """What one transaction changed: ids by model, of the records saved, created or linked and
    of those deleted."""

    saved: dict = field(default_factory=lambda: defaultdict(set))
    deleted: dict = field(default_factory=lambda: defaultdict(set))

    def add(self, change: Change) -> None:
        if change.kind == DELETING:
            return  # counted once deleted: the deletion may yet be refused (a protected link)
        ids = self.deleted if change.kind == DELETED else self.saved
        ids[change.model].update(change.ids)
        if change.kind == LINKED:
            ids[change.linked_model].update(change.linked_pks)

    @property
    def models(self) -> set:
        return self.saved.keys() | self.deleted.keys()


def is_public_content(model) -> bool:
    if model.__module__ == "__fake__":
        return False  # a migration's historical model: the schema may not be complete yet
    label = model._meta.app_label
    if label in _NOT_CONTENT_APPS:
        return False
    return getattr(apps.get_app_config(label), "public_content", True)


def record(change: Change, using: str | None = None) -> None:
    """Tell the in-transaction subscribers now, and add the change to the transaction's event."""
    if not is_public_content(change.model):
        return
    change_recorded.send(sender=change.model, change=change)
    on_commit_batch(_send, change, using=using)


def _send(batch: list[Change]) -> None:
    changes = ChangeSet()
    for change in batch:
        changes.add(change)
    # Every subscriber hears of it even when one fails: the data is committed by now.
    for receiver, result in content_changed.send_robust(sender=ChangeSet, changes=changes):
        if isinstance(result, Exception):
            logger.error("%s failed on content_changed", receiver, exc_info=result)


def created_in_bulk(model, instances, using: str | None = None) -> None:
    """New records written with ``bulk_create`` (an import), once they and their links are in:
    Django sends no signal for them."""
    if instances:
        record(Change(CREATED, model, tuple(instances)), using)


def updated_in_bulk(model, instances, using: str | None = None) -> None:
    """Records written by a queryset's ``update`` (``PublishableQuerySet.update``): Django sends
    no signal for them."""
    if instances:
        record(Change(SAVED, model, tuple(instances)), using)


def went_live(obj, using: str | None = None) -> None:
    """A scheduled record whose time has come: public without anyone saving it."""
    record(Change(SAVED, type(obj), (obj,)), using or obj._state.db)


# Django's model signals, as changes


def _saved(sender, instance, raw=False, using=None, **kwargs):
    record(Change(SAVED, sender, (instance,), raw=raw), using)


def _deleting(sender, instance, using=None, **kwargs):
    record(Change(DELETING, sender, (instance,)), using)


def _deleted(sender, instance, using=None, **kwargs):
    record(Change(DELETED, sender, (instance,)), using)


def _linked(sender, instance, action, model, pk_set, using=None, **kwargs):
    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    # After a clear the old links are gone, so they are collected just before it.
    if action == "pre_clear":
        pk_set = _linked_pks(sender, instance, model)
    change = Change(
        LINKED,
        type(instance),
        (instance,),
        through=sender,
        linked_model=model,
        linked_pks=frozenset(pk_set or ()),
    )
    record(change, using)


def _linked_pks(through, instance, model) -> set:
    source = next(f.name for f in through._meta.fields if f.related_model is type(instance))
    target = next(f.attname for f in through._meta.fields if f.related_model is model)
    return set(through.objects.filter(**{source: instance}).values_list(target, flat=True))


def connect() -> None:
    """Listen to every model's saves, deletions and link changes (the app's ``ready``)."""
    for signal, receiver in (
        (post_save, _saved),
        (pre_delete, _deleting),
        (post_delete, _deleted),
        (m2m_changed, _linked),
    ):
        signal.connect(receiver, dispatch_uid=f"editorial.changes.{receiver.__name__}")
