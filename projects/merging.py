"""Two records of one agency, strategy or crime problem folded into one, from the admin.

Every link to the record merged away moves to the one kept: projects, outcomes, lessons and
anything else that points at it, found through the model's relations (so an app above this one,
like lessons, is covered without being named). Its address redirects to the kept record's
(``MergedSlug``), each content record whose links moved gets a revision, and the merge is in the
audit log. Research partners and researchers have their own merge (``projects.people``), which
also keeps the better spelling of the name; ``merge_into`` sends them there.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from editorial.models import AuditAction, Publishable
from editorial.revisions import record_revision
from editorial.workflow import audit
from projects import people
from projects.models import (
    Agency,
    MergedSlug,
    Project,
    Researcher,
    ResearchPartner,
    normalize_term,
)

# How many linked records a preview names before it only counts the rest.
PREVIEW_NAMES = 5


@dataclass
class Moving:
    """What one relation moves: "3 projects: A, B, C"."""

    label: str
    records: list = field(default_factory=list)

    @property
    def names(self) -> str:
        shown = ", ".join(str(record) for record in self.records[:PREVIEW_NAMES])
        more = len(self.records) - PREVIEW_NAMES
        return f"{shown} and {more} more" if more > 0 else shown


@dataclass
class MergePlan:
    old: models.Model
    new: models.Model
    moving: list[Moving]
    # Why the merge cannot be done as it stands, in words an editor can act on.
    problems: list[str]


def _links(record):
    """Each relation that points at ``record``: (relation, the records linked through it)."""
    for relation in record._meta.related_objects:
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            yield relation, list(getattr(record, accessor).all())
        elif relation.one_to_many or relation.one_to_one:
            model = relation.related_model
            yield relation, list(model._default_manager.filter(**{relation.field.name: record}))


def holdings(record) -> list[Moving]:
    """Everything linked to ``record``, by kind: what moves when it is merged away."""
    return [
        Moving(str(relation.related_model._meta.verbose_name_plural), records)
        for relation, records in _links(record)
        if records
    ]


def plan(old, new) -> MergePlan:
    """What merging ``old`` into ``new`` would move, and what stops it."""
    problems = []
    if type(old) is not type(new):
        problems.append("Only two records of the same kind can be merged.")
    elif old.pk == new.pk:
        problems.append(f"“{old}” cannot be merged into itself.")
    moving = holdings(old)
    if isinstance(old, Agency) and not problems:
        # A project is its agency and cohort year: two of the same year would be one award.
        years = set(new.projects.values_list("cohort_year", flat=True))
        for project in old.projects.all():
            if project.cohort_year in years:
                problems.append(
                    f"Both agencies have a project of {project.cohort_year or 'unknown year'}: "
                    "merge or correct those projects first."
                )
    return MergePlan(old, new, moving, problems)


@transaction.atomic
def merge_into(old, new, user=None):
    """Fold ``old`` into ``new`` (see the module's docstring); returns the record kept."""
    if isinstance(old, ResearchPartner | Researcher):
        return people.merge(old, new, user)
    problems = plan(old, new).problems
    if problems:
        raise ValueError(" ".join(problems))
    note = f"{type(old)._meta.verbose_name.capitalize()} “{old}” merged into “{new}”"
    touched = {}
    for relation, records in _links(old):
        if relation.many_to_many:
            for record in records:
                getattr(record, relation.field.name).remove(old)
                getattr(record, relation.field.name).add(new)
        else:
            for record in records:
                setattr(record, relation.field.name, new)
                record.save()
        for record in records:
            content = _content_record(record)
            if content is not None:
                touched[(type(content), content.pk)] = content
    if hasattr(new, "synonyms"):
        new.synonyms = _synonyms_after(old, new)
        new.save()
    _redirect(old, new)
    audit(old, AuditAction.DELETE, user, f"merged into “{new}”")
    old.delete()
    for content in touched.values():
        content.refresh_from_db()
        content.save()  # a new version; search and caches hear of the new links
        record_revision(content, user, note)
    return new


def _content_record(record):
    """The publishable record a moved link belongs to: the record itself, or the project an
    outcome belongs to."""
    if isinstance(record, Publishable):
        return record
    project = getattr(record, "project", None)
    return project if isinstance(project, Project) else None


def _synonyms_after(old, new) -> list[str]:
    """The kept term's synonyms, and the merged term's name and synonyms, so imports that
    used the old wording still map."""
    keys = new.match_keys()
    synonyms = list(new.synonyms)
    for wording in [old.name, *old.synonyms]:
        if normalize_term(wording) not in keys:
            synonyms.append(wording)
            keys.add(normalize_term(wording))
    return synonyms


def _redirect(old, new) -> None:
    content_type = ContentType.objects.get_for_model(old)
    # Addresses that already led to ``old`` now lead to ``new``.
    MergedSlug.objects.filter(content_type=content_type, object_id=old.pk).update(object_id=new.pk)
    MergedSlug.objects.update_or_create(
        content_type=content_type, old_slug=old.slug, defaults={"object_id": new.pk}
    )
