"""Everything a case-study page shows, gathered in one place.

The public page and the editors' staff-only preview both call :func:`case_study_context` and
render ``projects/project_detail.html``, so a preview shows exactly what readers will see.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from projects.citation import cite_project
from projects.models import Outcome, Project, Resource, Source, cite
from projects.text import safe_url

RELATED_LIMIT = 3


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


def related_projects(project: Project):
    strategies = [s.pk for s in project.strategies.all()]
    problems = [c.pk for c in project.crime_problems.all()]
    return list(
        Project.objects.published()
        .filter(Q(strategies__in=strategies) | Q(crime_problems__in=problems))
        .exclude(pk=project.pk)
        .distinct()
        .with_cards()
        .order_by("-cohort_year", "agency__name")[:RELATED_LIMIT]
    )


def structured_data(project: Project, url: str) -> dict:
    """schema.org markup so search engines and reference tools can read the case study."""
    agency = project.agency
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": project.display_title,
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
        "citation": [url for source in project.sources.all() if (url := safe_url(source.url))],
    }
    if project.first_published_at:
        data["datePublished"] = project.first_published_at.date().isoformat()
    data["dateModified"] = project.updated_at.date().isoformat()
    return data


def sources_and_reports(project: Project) -> tuple[list, list[Resource]]:
    """The project's sources and its reports as one list of documents, each once (see
    :func:`projects.models.cite`), and the resources that are not at a source's address
    (uploaded files, guides), listed apart."""
    sources = list(project.sources.all())
    cited = {source.url for source in sources}
    report_urls = [r.url for r in project.resources.all() if r.url and r.url not in cited]
    if report_urls:
        sources += Source.objects.filter(url__in=report_urls).select_related("copy_of")
        cited |= {source.url for source in sources}
    others = [r for r in project.resources.all() if not r.url or r.url not in cited]
    return cite(sources), others


def case_study_context(project: Project) -> dict:
    """The template context for ``projects/project_detail.html``. ``project`` should come from
    :func:`case_study_queryset`."""
    url = settings.SITE_URL + project.get_absolute_url()
    citations, resources = sources_and_reports(project)
    return {
        "project": project,
        "outcome_groups": group_outcomes(project.outcomes.all()),
        # Lessons come through the reverse relation, so this app need not import the lessons app.
        "lessons": project.lessons.published().select_related("core_practice"),
        "citations": citations,
        "resources": resources,
        "related": related_projects(project),
        "citation": cite_project(project, url, timezone.localdate()),
        "structured_data": structured_data(project, url),
    }
