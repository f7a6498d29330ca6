"""Everything a case-study page shows about its project, gathered in one place.

The page itself is the site's (``spi_portal.views.case_study``: it adds the lessons drawn from
the project); the public page and the editors' staff-only preview both build their context from
:func:`case_study_context`, so a preview shows exactly what readers will see.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from editorial.text import safe_url
from projects.citation import cite_project, spi_profile
from projects.models import Outcome, OutcomeCategory, Project, Resource, Source, cited_documents
from projects.ratings import compare_external, rate
from projects.site import site_url

RELATED_LIMIT = 3
# The result strip under a case study's title shows this many headline results; the table
# below has them all.
STRIP_RESULTS = 3


@dataclass
class OutcomeGroup:
    """One result as reported by one or more sources; the headline figure comes first."""

    headline: Outcome
    alternates: list[Outcome]

    @property
    def conflicting(self) -> bool:
        return bool(self.alternates)


def case_study_queryset(queryset=None):
    """Projects with everything the page needs prefetched, so the page's query count does not
    grow with the number of outcomes, sources or partners."""
    queryset = queryset if queryset is not None else Project.objects.all()
    return (
        queryset.with_cards()
        .with_outcomes()
        .prefetch_related(
            Prefetch("sources", queryset=Source.objects.select_related("copy_of")),
            "research_partners",
            "researchers",
            "external_ratings",
            Prefetch("resources", queryset=Resource.objects.published()),
        )
    )


def group_outcomes(outcomes) -> list[OutcomeGroup]:
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.result_key, []).append(outcome)
    result = []
    for figures in groups.values():
        headline = next((o for o in figures if o.is_headline), figures[0])
        result.append(OutcomeGroup(headline, [o for o in figures if o is not headline]))
    return result


def headline_results(groups: list[OutcomeGroup]) -> list[Outcome]:
    """The figures for the result strip: the headline of each result in the editors' order,
    measures of the result itself before implementation measures."""
    headlines = [group.headline for group in groups]
    headlines.sort(key=lambda o: o.category == OutcomeCategory.IMPLEMENTATION)
    return headlines[:STRIP_RESULTS]


def related_projects(project: Project) -> list[Project]:
    """Other published projects a reader of this one should see: the same agency's other
    awards first, then those sharing the most strategies and crime problems, agencies of the
    same kind of place (settlement type) before others. Each carries ``related_reason``, the
    words that say why it is shown ("Same agency; also body-worn cameras")."""
    strategies = {s.pk: s.name for s in project.strategies.all()}
    problems = {c.pk: c.name for c in project.crime_problems.all()}
    settlement = project.agency.settlement_type

    def one_if(condition: Q):
        return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())

    candidates = (
        Project.objects.published()
        .exclude(pk=project.pk)
        .annotate(
            same_agency=one_if(Q(agency=project.agency_id)),
            similar_place=one_if(
                Q(agency__settlement_type=settlement) & ~Q(agency__settlement_type="")
            ),
            shared=_links_to(Project.strategies, strategies)
            + _links_to(Project.crime_problems, problems),
        )
        .filter(Q(same_agency=1) | Q(shared__gt=0))
        .with_cards()
        .order_by(
            "-same_agency",
            "-shared",
            "-similar_place",
            F("sms_level").desc(nulls_last=True),
            Lower("agency__name"),
            "pk",  # one order for awards alike in all of the above
        )[:RELATED_LIMIT]
    )
    related = list(candidates)
    for other in related:
        reasons = ["Same agency"] if other.same_agency else []
        shared = [s.name for s in other.strategies.all() if s.pk in strategies] + [
            c.name for c in other.crime_problems.all() if c.pk in problems
        ]
        if shared:
            reasons.append("also " + ", ".join(name[0].lower() + name[1:] for name in shared))
        other.related_reason = "; ".join(reasons)
    return related


def _links_to(relation, pks) -> Coalesce:
    """How many of ``pks`` each project is linked to through the many-to-many ``relation``:
    a count in the link table by the project's index, per project. (Joining the links and
    counting them grouped by project reads every link of every published project: seconds at
    ten thousand projects, against milliseconds.)"""
    through = relation.through
    target = relation.field.m2m_reverse_field_name()
    links = (
        through.objects.filter(project=OuterRef("pk"), **{f"{target}__in": list(pks)})
        .values("project")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(links[:1]), 0)


def _citation(document) -> list[dict]:
    """A cited document as schema.org works: the document once, and each copy of it on a
    document-sharing site as a copy of that document, never as another original."""
    source = document.source
    works = []
    if href := safe_url(source.url):
        work = {"@type": "CreativeWork", "name": source.label, "url": href}
        if source.is_copy:
            work["description"] = f"Copy on {source.site}, a document-sharing site"
            if source.copy_of and (original := safe_url(source.copy_of.url)):
                work["isBasedOn"] = original
        elif source.publisher:
            work["publisher"] = {"@type": "Organization", "name": source.publisher}
        works.append(work)
    for copy in document.copies:
        if href := safe_url(copy.url):
            work = {
                "@type": "CreativeWork",
                "name": f"{source.label} (copy)",
                "url": href,
                "description": f"Copy on {copy.site}, a document-sharing site",
            }
            if original := safe_url(source.url):
                work["isBasedOn"] = original
            works.append(work)
    return works


def structured_data(project: Project, url: str, documents=None) -> dict:
    """schema.org markup so search engines and reference tools can read the case study. Its
    citations are the documents of the source list (``sources_and_reports``), each once."""
    if documents is None:
        documents, _resources = sources_and_reports(project)
    agency = project.agency
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": project.name,
        "description": project.summary,
        "url": url,
        "about": [s.name for s in project.strategies.all()]
        + [c.name for c in project.crime_problems.all()],
        "publisher": {"@type": "Organization", "name": "Smart Policing Initiative Portal"},
        "spatialCoverage": {
            "@type": "Place",
            "name": agency.place,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": agency.city,
                "addressRegion": agency.state,
                "addressCountry": "US",
            },
        },
        "sourceOrganization": {"@type": "GovernmentOrganization", "name": agency.name},
        "contributor": [
            {"@type": "Person", "name": person.name} for person in project.researchers.all()
        ],
        "citation": [work for document in documents for work in _citation(document)],
    }
    profile = spi_profile(project)
    if profile is not None:
        # The case study summarises CNA's SPI site profile (for BJA): the work to cite.
        data["isBasedOn"] = {"@type": "WebPage", "name": profile.label, "url": profile.url}
    if project.first_published_at:
        data["datePublished"] = project.first_published_at.date().isoformat()
    data["dateModified"] = project.updated_at.date().isoformat()
    return data


def sources_and_reports(project: Project) -> tuple[list, list[Resource]]:
    """The project's sources and its reports as one list of documents, each once (see
    :func:`projects.models.cited_documents`), and the resources that are not at a source's address
    (uploaded files, guides), listed apart."""
    sources = list(project.sources.all())
    cited = {source.url for source in sources}
    report_urls = [r.url for r in project.resources.all() if r.url and r.url not in cited]
    if report_urls:
        sources += Source.objects.filter(url__in=report_urls).select_related("copy_of")
        cited |= {source.url for source in sources}
    others = [r for r in project.resources.all() if not r.url or r.url not in cited]
    return cited_documents(sources), others


def case_study_context(project: Project, request) -> dict:
    """What the case-study page shows about ``project``, which should come from
    :func:`case_study_queryset`."""
    url = site_url(request) + project.get_absolute_url()
    groups = group_outcomes(project.outcomes.all())
    rating = rate(project)
    documents, resources = sources_and_reports(project)
    return {
        "project": project,
        "outcome_groups": groups,
        "headline_results": headline_results(groups),
        "rating": rating,
        "external_ratings": [compare_external(rating, e) for e in project.external_ratings.all()],
        "documents": documents,
        "resources": resources,
        "related": related_projects(project),
        "citation": cite_project(project, url, timezone.localdate()),
        "structured_data": structured_data(project, url, documents),
    }
