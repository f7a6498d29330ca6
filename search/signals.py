"""Queue search updates when indexed content changes; ``search.indexing`` applies them after
the transaction commits, so a rolled-back edit never reaches the index.

Saves queue the record itself (its dependants are worked out when the queue is applied, from
the state as committed). Deletions work out dependants now, before the cascade removes the
links that lead to them. Many-to-many changes queue both sides: a project gaining a strategy
changes the project's facets and may make the strategy public; the strategy's other projects are
unchanged, so its side is refreshed alone.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from lessons.models import CorePractice, Lesson
from projects.models import Outcome, Project, Researcher, Resource
from projects.signals import created_in_bulk

from .documents import KIND_FOR_MODEL, dependent_keys, key_for
from .indexing import enqueue

# Records that have no document of their own but appear in others'.
SHOWN_IN_OTHERS = (Outcome, Researcher, CorePractice)
WATCHED = (*KIND_FOR_MODEL, *SHOWN_IN_OTHERS)


def _keys_of(obj) -> set[str]:
    key = key_for(obj)
    return {key} if key else dependent_keys(obj)


@receiver(post_save)
def queue_saved(sender, instance, raw=False, **kwargs):
    if sender in WATCHED and not raw:
        enqueue(_keys_of(instance))


@receiver(created_in_bulk)
def queue_created(sender, instances, **kwargs):
    """New records in bulk (an import): their own documents. Whatever shows them (a project's
    agency, strategies, partners) is worked out from the project's key when the queue is
    applied, as for a save."""
    if sender in KIND_FOR_MODEL:
        enqueue(key_for(instance) for instance in instances)


@receiver(pre_delete)
def queue_dependants_of_deleted(sender, instance, **kwargs):
    if sender in WATCHED:
        enqueue(dependent_keys(instance))


@receiver(post_delete)
def queue_deleted(sender, instance, **kwargs):
    if sender in KIND_FOR_MODEL:
        enqueue([key_for(instance)])
    elif sender is Outcome:
        enqueue(dependent_keys(instance))


_M2M = [
    Project.strategies.through,
    Project.crime_problems.through,
    Project.research_partners.through,
    Project.researchers.through,
    Lesson.projects.through,
    Lesson.strategies.through,
    Lesson.crime_problems.through,
    Resource.projects.through,
]


@receiver(m2m_changed)
def queue_linked(sender, instance, action, model, pk_set, **kwargs):
    if sender not in _M2M or action not in ("pre_clear", "post_add", "post_remove"):
        return
    # After a clear the old links are gone, so they are collected just before it.
    if action == "pre_clear":
        pk_set = _linked_pks(sender, instance, model)
    linked = {key_for(model(pk=pk)) for pk in pk_set or ()}
    enqueue(_keys_of(instance), alone=linked)


def _linked_pks(through, instance, model) -> set[int]:
    source = next(f.name for f in through._meta.fields if f.related_model is type(instance))
    target = next(f.attname for f in through._meta.fields if f.related_model is model)
    return set(through.objects.filter(**{source: instance}).values_list(target, flat=True))
