"""Queue search updates as the editorial layer records changes to public content
(``editorial.changes.change_recorded``, sent inside the writing transaction); ``search.indexing``
applies the queue after the transaction commits, so a rolled-back edit never reaches the index
and a committed one's rows outlive a crash.

Saves queue the record itself (its dependants are worked out when the queue is applied, from
the state as committed); records an import inserts in bulk queue their own documents. Deletions
work out dependants before the cascade removes the links that lead to them. Link changes queue
both sides: a project gaining a strategy changes the project's facets and may make the strategy
public; the strategy's other projects are unchanged, so its side is refreshed alone.
"""

from django.dispatch import receiver

from editorial import changes
from lessons.models import CorePractice, Lesson
from projects.models import Outcome, Project, Researcher, Resource

from .documents import KIND_FOR_MODEL, dependent_keys, key_for
from .indexing import enqueue

# Records that have no document of their own but appear in others'.
SHOWN_IN_OTHERS = (Outcome, Researcher, CorePractice)
WATCHED = (*KIND_FOR_MODEL, *SHOWN_IN_OTHERS)
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


def _keys_of(obj) -> set[str]:
    key = key_for(obj)
    return {key} if key else dependent_keys(obj)


@receiver(changes.change_recorded)
def queue(sender, change: changes.Change, **kwargs):
    model = change.model
    if change.kind == changes.SAVED and model in WATCHED and not change.raw:
        enqueue(_keys_of(change.instance))
    elif change.kind == changes.CREATED and model in KIND_FOR_MODEL:
        # Whatever shows them (a project's agency, strategies, partners) is worked out from
        # the project's key when the queue is applied, as for a save.
        enqueue(key_for(instance) for instance in change.instances)
    elif change.kind == changes.DELETING and model in WATCHED:
        enqueue(dependent_keys(change.instance))
    elif change.kind == changes.DELETED and model in KIND_FOR_MODEL:
        enqueue([key_for(change.instance)])
    elif change.kind == changes.DELETED and model is Outcome:
        enqueue(dependent_keys(change.instance))
    elif change.kind == changes.LINKED and change.through in _M2M:
        linked = {key_for(change.linked_model(pk=pk)) for pk in change.linked_pks}
        enqueue(_keys_of(change.instance), alone=linked)
