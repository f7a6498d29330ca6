"""Taxonomy curation: the free-text strategies and crime types the taxonomy does not know yet.

The importer keeps such a term on its project (``Project.unmapped_terms``) rather than dropping
it. An editor then maps it onto a strategy or crime problem, or makes a new term of it: the
wording becomes a synonym, so the next import maps it by itself, and every project holding it
is re-mapped at once, each with a revision.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from editorial.revisions import record_revision
from projects.models import CrimeProblem, Project, Strategy, TermMapping, normalize_term

# The exchange format's keys for the two kinds of term, with the taxonomy each maps onto and
# the project relation that holds a mapped term.
KINDS = {
    "strategies": (Strategy, "strategies"),
    "crime_types": (CrimeProblem, "crime_problems"),
}


@dataclass
class UnmappedTerm:
    """One wording the taxonomy does not know, with every project that holds it."""

    kind: str
    term: str
    projects: list[Project] = field(default_factory=list)

    @property
    def key(self) -> str:
        return normalize_term(self.term)

    @property
    def taxonomy(self):
        return KINDS[self.kind][0]


def unmapped_terms() -> list[UnmappedTerm]:
    """Every unmapped term, by kind then wording; spellings that normalise alike are one."""
    found: dict[tuple[str, str], UnmappedTerm] = {}
    projects = Project.objects.exclude(unmapped_terms={}).select_related("agency")
    for project in projects.order_by("agency__name", "cohort_year"):
        for kind, terms in project.unmapped_terms.items():
            for term in terms:
                entry = found.setdefault(
                    (kind, normalize_term(term)), UnmappedTerm(kind=kind, term=term)
                )
                entry.projects.append(project)
    return sorted(found.values(), key=lambda t: (list(KINDS).index(t.kind), t.key))


def find_unmapped(kind: str, term: str) -> UnmappedTerm | None:
    key = normalize_term(term)
    return next((t for t in unmapped_terms() if t.kind == kind and t.key == key), None)


@transaction.atomic
def map_term(unmapped: UnmappedTerm, target, user=None) -> int:
    """Make ``unmapped`` a synonym of ``target`` and move every project holding it onto
    ``target``; returns how many projects were re-mapped. The mapping is recorded
    (``TermMapping``) so that it can be undone."""
    model, relation = KINDS[unmapped.kind]
    if not isinstance(target, model):
        raise ValueError(f"a {unmapped.kind} term maps onto a {model._meta.verbose_name}")
    mapping = TermMapping(
        kind=unmapped.kind,
        term=unmapped.term,
        target_id=target.pk,
        target_name=target.name,
        mapped_by=user if user is not None and user.is_authenticated else None,
    )
    if unmapped.key not in target.match_keys():
        target.synonyms = [*target.synonyms, unmapped.term]
        target.save()
        mapping.added_synonym = True
    note = f"“{unmapped.term}” mapped to {model._meta.verbose_name} “{target}”"
    for project in unmapped.projects:
        remaining = dict(project.unmapped_terms)
        remaining[unmapped.kind] = [
            term
            for term in remaining.get(unmapped.kind, [])
            if normalize_term(term) != unmapped.key
        ]
        project.unmapped_terms = {kind: terms for kind, terms in remaining.items() if terms}
        project.save()
        links = getattr(project, relation)
        added = not links.filter(pk=target.pk).exists()
        links.add(target)
        mapping.projects.append([project.pk, added])
        record_revision(project, user, note)
    mapping.save()
    return len(unmapped.projects)


@transaction.atomic
def undo_mapping(mapping: TermMapping, user=None) -> int:
    """Take back what ``mapping`` did: the synonym it added, the links it added; the wording
    is unmapped again on each of its projects, each with a revision. Returns how many
    projects changed."""
    if mapping.undone_at is not None:
        raise ValueError(f"The mapping of “{mapping.term}” was undone already.")
    model, relation = KINDS[mapping.kind]
    target = model.objects.filter(pk=mapping.target_id).first()
    if target is not None and mapping.added_synonym:
        key = normalize_term(mapping.term)
        target.synonyms = [s for s in target.synonyms if normalize_term(s) != key]
        target.save()
    note = f"Undid the mapping of “{mapping.term}” onto “{mapping.target_name}”"
    projects = Project.objects.in_bulk([pk for pk, _added in mapping.projects])
    for pk, added in mapping.projects:
        project = projects.get(pk)
        if project is None:
            continue
        terms = project.unmapped_terms.get(mapping.kind, [])
        project.unmapped_terms = {**project.unmapped_terms, mapping.kind: [*terms, mapping.term]}
        project.save()
        if added and target is not None:
            getattr(project, relation).remove(target)
        record_revision(project, user, note)
    mapping.undone_at = timezone.now()
    mapping.undone_by = user if user is not None and user.is_authenticated else None
    mapping.save()
    return len(projects)


@transaction.atomic
def create_term(unmapped: UnmappedTerm, name: str, description: str, user=None):
    """A new strategy or crime problem made from ``unmapped``, which is then mapped onto it."""
    model = unmapped.taxonomy
    base = slugify(name)[:110] or "term"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    term = model.objects.create(name=name, slug=slug, description=description)
    map_term(unmapped, term, user)
    return term
