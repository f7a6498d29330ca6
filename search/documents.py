"""Search documents, built apart from the models.

Each public record becomes one ``Document``: what it is (``kind``), the text that is searched
(title above summary above body), where it lives, and its facet values. Only published content
is ever turned into a document: projects, lessons and resources through ``.published()``, and
strategies, crime problems, agencies and research partners only while a published project uses
them. A key ("project:12") names a document across both engines.
"""

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch

from lessons.models import CorePractice, Lesson
from projects.models import (
    Agency,
    CrimeProblem,
    Outcome,
    Project,
    Researcher,
    ResearchPartner,
    Resource,
    Source,
    SourceKind,
    Strategy,
)
from projects.models.sources import normalize_host
from projects.vocabulary import YES

# Control characters never reach an index: they mean nothing to a reader, and the PostgreSQL
# highlighter uses two of them as private markers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Named as the filters in every address (projects.vocabulary), so a facet value is a filter.
FACET_NAMES = ("kind", "strategy", "problem", "state", "year", "significant")


# Editors write case-study sections and lesson bodies in Markdown; a search snippet shows plain
# text, so the syntax goes and the words stay. Ordered-list numbers are kept: they read as text.
_MARKDOWN = [
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.M), ""),  # headings, bullets
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
]
# A backslash-escaped character ("\*") is literal text: it is set aside (as a private-use
# character) while the syntax above is removed, then put back without its backslash.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_ESCAPED = re.compile("[\U000f0000-\U000f00ff]")
_SET_ASIDE = 0xF0000


def clean_text(text: str | None) -> str:
    return _CONTROL.sub("", text or "").strip()


def plain_text(markdown: str | None) -> str:
    """Markdown as the words a reader sees, without its syntax."""
    text = _ESCAPE.sub(lambda m: chr(_SET_ASIDE + ord(m[1])), clean_text(markdown))
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return _ESCAPED.sub(lambda m: chr(ord(m[0]) - _SET_ASIDE), text)


@dataclass
class Document:
    key: str
    kind: str
    title: str
    url: str = ""
    subtitle: str = ""
    summary: str = ""
    body: str = ""
    # Names and wordings that make a record findable but are no prose to show: synonyms,
    # strategies, partners, measures. Indexed like the body, never used for a snippet.
    keywords: str = ""
    cohort_year: int | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self):
        for name in ("title", "subtitle"):
            setattr(self, name, clean_text(getattr(self, name)))
        for name in ("summary", "body", "keywords"):
            setattr(self, name, plain_text(getattr(self, name)))
        self.facets = {
            name: sorted({str(v) for v in values if v not in (None, "")})
            for name, values in ({"kind": [self.kind]} | self.facets).items()
        }

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the index holds for this document changes; check_index
        compares it to find stale entries."""
        content = [
            self.kind, self.title, self.url, self.subtitle, self.summary, self.body, self.keywords,
        ]  # fmt: skip
        payload = json.dumps([content, self.cohort_year, self.facets], sort_keys=True)
        return hashlib.sha1(payload.encode()).hexdigest()


def _url(obj) -> str:
    # A kind whose public page the portal has not routed yet is still found, shown unlinked.
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _names(objects: Iterable) -> str:
    return ", ".join(str(o) for o in objects)


def _project_titles(projects) -> str:
    """What names the projects in another record's search text: a source's title, else the
    editors' headline (a built headline would need the taxonomy, a query per project)."""
    return ", ".join(t for t in (p.source_title or p.headline for p in projects) if t)


def _published_projects() -> QuerySet:
    return Project.objects.published()


def _listed_projects() -> QuerySet:
    """Published projects as another record's document lists them: titles, agencies and years,
    nothing more (a strategy's document lists thousands of them, and a project's long texts
    would make each of those thousands many times slower to read)."""
    return (
        _published_projects()
        .select_related("agency")
        .only("cohort_year", "title", "award_title", "headline", "agency__name", "agency__state")
    )


def _with_listed_projects(relation: str) -> Callable[[list], None]:
    """A ``Kind.complete`` giving each record ``listed``: the published projects its document
    lists (see ``_listed_projects``), in their usual order, ``relation`` being the records' name
    seen from a project. Two queries a batch: which project goes with which record, then each
    project once. Django's prefetch would make a project once per record listing it, and the
    thousands under one strategy are mostly under another one too."""

    def complete(records: list) -> None:
        pairs = list(
            _published_projects().filter(**{f"{relation}__in": records}).values_list(relation, "pk")
        )
        projects = _listed_projects().in_bulk({pk for _, pk in pairs})
        listed = {record.pk: [] for record in records}
        for record_pk, pk in pairs:
            listed[record_pk].append(projects[pk])
        for record in records:
            record.listed = listed[record.pk]

    return complete


def _used_by_published_project(queryset: QuerySet, relation: str) -> QuerySet:
    return queryset.filter(Exists(_published_projects().filter(**{relation: OuterRef("pk")})))


# Builders: one queryset (what is public, fetched in a constant number of queries) and one
# function from a record to its document, per kind.


def _projects() -> QuerySet:
    return _published_projects().select_related("agency")


_PROJECT_LINKS = ["strategies", "crime_problems", "research_partners", "researchers", "outcomes"]


def _with_links(projects: list[Project]) -> None:
    """Give each project its ``links`` (see Project.links_of): a rebuild reads ten thousand."""
    outcomes = Outcome.objects.only("project", "measure", "significance")
    links = Project.links_of(projects, _PROJECT_LINKS, outcomes=outcomes)
    for project in projects:
        project.links = links[project.pk]


def _project(p: Project) -> Document:
    strategies, problems = p.links["strategies"], p.links["crime_problems"]
    outcomes = p.links["outcomes"]
    return Document(
        key=f"project:{p.pk}",
        kind="project",
        # The project's one name (never the portal's headline as a title).
        title=p.name,
        url=_url(p),
        subtitle=f"{p.agency.name}, {p.agency.place}, {p.cohort_label}",
        summary=p.summary,
        body=_join(*(text for _label, text in p.sections), p.caveats),
        keywords=_join(
            _names(strategies),
            _names(problems),
            # Imported wording not yet mapped onto the taxonomy is still found.
            "; ".join([*p.unmapped_strategies, *p.unmapped_crime_types]),
            _names(p.links["research_partners"]),
            _names(p.links["researchers"]),
            p.headline,
            _names(o.measure for o in outcomes),
        ),
        cohort_year=p.cohort_year,
        facets={
            "strategy": [s.slug for s in strategies],
            "problem": [c.slug for c in problems],
            "state": [p.agency.state],
            "year": [p.cohort_year],
            "significant": [YES] if any(o.is_significant for o in outcomes) else [],
        },
    )


def _lessons() -> QuerySet:
    return (
        Lesson.objects.published()
        .select_related("core_practice")
        .prefetch_related("strategies", "crime_problems")
    )


def _lesson(lesson: Lesson) -> Document:
    strategies, problems = list(lesson.strategies.all()), list(lesson.crime_problems.all())
    projects = lesson.listed
    return Document(
        key=f"lesson:{lesson.pk}",
        kind="lesson",
        title=lesson.title,
        url=_url(lesson),
        subtitle=lesson.core_practice.name,
        summary=lesson.summary,
        body=lesson.body,
        keywords=_join(
            _names(strategies),
            _names(problems),
            _names(p.agency.name for p in projects),
        ),
        facets={
            "strategy": [s.slug for s in strategies],
            "problem": [c.slug for c in problems],
            "state": [p.agency.state for p in projects],
            "year": [p.cohort_year for p in projects],
        },
    )


def _terms_of(model) -> Callable[[], QuerySet]:
    def queryset() -> QuerySet:
        return _used_by_published_project(model.objects.all(), _relation[model])

    return queryset


_relation = {
    Strategy: "strategies",
    CrimeProblem: "crime_problems",
    ResearchPartner: "research_partners",
    Agency: "agency",
}


def _term(kind: str, facet: str) -> Callable[[Strategy | CrimeProblem], Document]:
    def build(term) -> Document:
        projects = term.listed
        return Document(
            key=f"{kind}:{term.pk}",
            kind=kind,
            title=term.name,
            url=_url(term),
            summary=term.description,
            keywords=_join(", ".join(term.synonyms), _names(p.agency.name for p in projects)),
            facets={facet: [term.slug], "year": [p.cohort_year for p in projects]},
        )

    return build


def _agency(agency: Agency) -> Document:
    projects = agency.listed
    return Document(
        key=f"agency:{agency.pk}",
        kind="agency",
        title=agency.name,
        url=_url(agency),
        # "Philadelphia, PA"; the state's name alone for a statewide agency.
        subtitle=agency.place,
        keywords=_join(agency.state_name, _project_titles(projects)),
        cohort_year=max((p.cohort_year or 0 for p in projects), default=0) or None,
        facets={"state": [agency.state], "year": [p.cohort_year for p in projects]},
    )


def _partner(partner: ResearchPartner) -> Document:
    projects = partner.listed
    return Document(
        key=f"partner:{partner.pk}",
        kind="partner",
        title=str(partner),
        url=_url(partner),
        keywords=_join(
            _project_titles(projects),
            _names(p.agency.name for p in projects),
        ),
        facets={
            "state": [p.agency.state for p in projects],
            "year": [p.cohort_year for p in projects],
        },
    )


def _resources() -> QuerySet:
    # A report is also a source at the same address: its title and kind there say what the
    # document is, and whether the link is only a copy on a document-sharing site.
    as_source = Source.objects.filter(url=OuterRef("url"))
    return Resource.objects.published().annotate(
        source_title=Subquery(as_source.values("title")[:1]),
        source_kind=Subquery(as_source.values("kind")[:1]),
    )


def _with_project_terms(resources: list[Resource]) -> None:
    """Give each resource its ``listed`` projects, and those their ``links`` to strategies and
    crime problems: a report can be about thousands of projects."""
    _with_listed_projects("resources")(resources)
    projects = [project for resource in resources for project in resource.listed]
    links = Project.links_of(projects, ["strategies", "crime_problems"])
    for project in projects:
        project.links = links[project.pk]


def _resource(resource: Resource) -> Document:
    projects = resource.listed
    subtitle = resource.get_kind_display()
    if resource.source_kind == SourceKind.MIRROR:
        subtitle = f"Copy on {normalize_host(resource.url)}"
    return Document(
        key=f"resource:{resource.pk}",
        kind="resource",
        title=resource.source_title or resource.title,
        url=resource.href,
        subtitle=subtitle,
        summary=resource.description,
        keywords=_names(p.name for p in projects),
        facets={
            "strategy": [s.slug for p in projects for s in p.links["strategies"]],
            "problem": [c.slug for p in projects for c in p.links["crime_problems"]],
            "state": [p.agency.state for p in projects],
            "year": [p.cohort_year for p in projects],
        },
    )


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    model: type
    queryset: Callable[[], QuerySet]
    build: Callable[..., Document]
    # Reads what ``build`` needs of a batch of records beyond ``queryset``, when there is more.
    complete: Callable[[list], None] | None = None

    def records(self, queryset: QuerySet) -> list:
        records = list(queryset)
        if self.complete:
            self.complete(records)
        return records


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("project", "Case study", Project, _projects, _project, _with_links),
        Kind(
            "lesson", "Lesson learned", Lesson, _lessons, _lesson, _with_listed_projects("lessons")
        ),
        Kind(
            "strategy",
            "Strategy",
            Strategy,
            _terms_of(Strategy),
            _term("strategy", "strategy"),
            _with_listed_projects(_relation[Strategy]),
        ),
        Kind(
            "crime_problem",
            "Crime problem",
            CrimeProblem,
            _terms_of(CrimeProblem),
            _term("crime_problem", "problem"),
            _with_listed_projects(_relation[CrimeProblem]),
        ),
        Kind(
            "agency",
            "Agency",
            Agency,
            _terms_of(Agency),
            _agency,
            _with_listed_projects(_relation[Agency]),
        ),
        Kind(
            "partner",
            "Research partner",
            ResearchPartner,
            _terms_of(ResearchPartner),
            _partner,
            _with_listed_projects(_relation[ResearchPartner]),
        ),
        Kind("resource", "Resource", Resource, _resources, _resource, _with_project_terms),
    )
}
KIND_FOR_MODEL = {kind.model: kind.name for kind in KINDS.values()}


def key_for(obj) -> str | None:
    kind = KIND_FOR_MODEL.get(type(obj))
    return f"{kind}:{obj.pk}" if kind else None


def split_key(key: str) -> tuple[str, int]:
    kind, _, pk = key.partition(":")
    return kind, int(pk)


def all_documents(batch_size: int = 500) -> Iterator[Document]:
    """Every public document, for a full rebuild; memory stays bounded by the batch size."""
    for kind in KINDS.values():
        queryset = kind.queryset().order_by("pk")
        last = 0
        while True:
            batch = kind.records(queryset.filter(pk__gt=last)[:batch_size])
            if not batch:
                break
            yield from (kind.build(obj) for obj in batch)
            last = batch[-1].pk


def documents_for(keys: Iterable[str]) -> dict[str, Document]:
    """The current documents of these keys; a key that is not public is simply absent."""
    wanted: dict[str, set[int]] = {}
    for key in keys:
        kind, pk = split_key(key)
        if kind in KINDS:
            wanted.setdefault(kind, set()).add(pk)
    found = {}
    for name, pks in wanted.items():
        kind = KINDS[name]
        for obj in kind.records(kind.queryset().filter(pk__in=pks)):
            document = kind.build(obj)
            found[document.key] = document
    return found


def dependent_keys(obj) -> set[str]:
    """Keys of the documents that show something of ``obj``: a project's document shows its
    agency's name and its strategies, so renaming a strategy must refresh those projects; a
    strategy is public only while a published project uses it, so a project's change must
    refresh its strategies."""
    if isinstance(obj, Outcome):
        return {f"project:{obj.project_id}"}
    if isinstance(obj, Researcher):
        return {f"project:{pk}" for pk in obj.projects.values_list("pk", flat=True)}
    if isinstance(obj, CorePractice):
        return {f"lesson:{pk}" for pk in obj.lessons.values_list("pk", flat=True)}
    if isinstance(obj, Project):
        return projects_dependent_keys([obj.pk])
    if isinstance(obj, Strategy | CrimeProblem):
        return _keys("project", obj.projects) | _keys("lesson", obj.lessons)
    if isinstance(obj, Agency | ResearchPartner):
        return _keys("project", obj.projects)
    return set()


PROJECT_RELATIONS = {
    "agency": "agency",
    "strategy": "strategies",
    "crime_problem": "crime_problems",
    "partner": "research_partners",
    "resource": "resources",
    "lesson": "lessons",
}
_CHUNK = 500


def projects_dependent_keys(pks) -> set[str]:
    """``dependent_keys`` of many projects at once: one query per relation and chunk, however
    many projects an import touched."""
    pks, keys = list(pks), set()
    for start in range(0, len(pks), _CHUNK):
        projects = Project.objects.filter(pk__in=pks[start : start + _CHUNK])
        for kind, relation in PROJECT_RELATIONS.items():
            linked = projects.values_list(f"{relation}__pk", flat=True).distinct()
            keys |= {f"{kind}:{pk}" for pk in linked if pk is not None}
    return keys


def _keys(kind: str, manager) -> set[str]:
    return {f"{kind}:{pk}" for pk in manager.values_list("pk", flat=True)}
