"""The read-only JSON API at ``/api/``: published projects, outcomes, lessons, strategies, crime
problems, agencies and research partners. Its OpenAPI 3.1 description is ``/api/openapi.json``.

Lists mirror the pages: projects and outcomes filter like ``/sites/``, lessons like
``/lessons/``. Every list costs a constant number of queries whatever its size.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query

from editorial.text import safe_url
from lessons.filters import LessonFilter
from lessons.models import Lesson
from projects.filters import ProjectFilter
from projects.models import CrimeProblem, Outcome, Project, Strategy
from projects.opendata import exchange_queryset, public_outcome, public_record
from projects.site import site_url
from projects.views.common import public_agencies, public_partners, published_projects
from spi_portal.views.pages import with_project_counts

from . import schemas
from .base import PAGE_ONLY, api, filtered, paginate, query_schema, reject_unknown, stable

ProjectQuery = query_schema("ProjectQuery", ProjectFilter)
# Outcomes come project by project in the projects' default order: a sort by project is moot.
OutcomeQuery = query_schema("OutcomeQuery", ProjectFilter, exclude=("sort",))
LessonQuery = query_schema("LessonQuery", LessonFilter)
OUTCOME_ORDER = [
    *(
        f"-project__{f[1:]}" if f.startswith("-") else f"project__{f}"
        for f in Project._meta.ordering
    ),
    "project__pk",
    "order",
    "pk",
]
ERRORS = {400: schemas.ErrorBody}


@api.get("/", response=dict[str, str], summary="Where everything is", tags=["index"])
def index(request):
    """The address of each list and of this API's OpenAPI description."""
    names = {name: name for name in ("projects", "outcomes", "lessons", "strategies")}
    names |= {"crime_problems": "crime_problems", "agencies": "agencies", "partners": "partners"}
    names["openapi"] = "openapi-json"
    return {key: request.build_absolute_uri(reverse(f"api:{name}")) for key, name in names.items()}


def _url(request, obj) -> str:
    return site_url(request) + obj.get_absolute_url()


def _public_projects():
    return exchange_queryset(published_projects())


@api.get(
    "/projects/",
    response={200: schemas.page_of(schemas.Project), **ERRORS},
    summary="Published projects",
    tags=["projects"],
)
def projects(request, query: Query[ProjectQuery]):
    """Filters as on /sites/ (for example ``?strategy=hot-spots-policing&significant=yes``)."""
    selected = filtered(request, ProjectFilter, _public_projects(), ProjectQuery)
    base = site_url(request)
    return paginate(request, stable(selected), query, lambda p: public_record(p, base))


@api.get(
    "/projects/{slug}/",
    response={200: schemas.Project, 404: schemas.ErrorBody},
    summary="One published project",
    tags=["projects"],
)
def project(request, slug: str):
    return public_record(get_object_or_404(_public_projects(), slug=slug), site_url(request))


@api.get(
    "/outcomes/",
    response={200: schemas.page_of(schemas.ProjectOutcome), **ERRORS},
    summary="Outcomes of published projects",
    tags=["projects"],
)
def outcomes(request, query: Query[OutcomeQuery]):
    """Every outcome of the projects the filters select (the filters of /sites/), project by
    project."""
    selected = filtered(request, ProjectFilter, published_projects(), OutcomeQuery)
    rows = (
        Outcome.objects.filter(project__in=selected.values("pk"))
        .select_related("source", "project", "crime_problem")
        .order_by(*OUTCOME_ORDER)
    )
    return paginate(
        request,
        rows,
        query,
        lambda outcome: (
            public_outcome(outcome)
            | {"project": outcome.project.slug, "project_url": _url(request, outcome.project)}
        ),
    )


def lesson_record(lesson: Lesson, base: str) -> dict:
    source = lesson.source
    return {
        "slug": lesson.slug,
        "url": base + lesson.get_absolute_url(),
        "title": lesson.title,
        "core_practice": lesson.core_practice.slug,
        "audiences": lesson.audiences,
        "summary": lesson.summary,
        "body": lesson.body,
        "projects": [
            {"agency": p.agency.name, "award_year": p.cohort_year} for p in lesson.projects.all()
        ],
        "strategies": [s.name for s in lesson.strategies.all()],
        "crime_problems": [c.name for c in lesson.crime_problems.all()],
        "source": {"url": source.url, "title": source.title}
        if source and safe_url(source.url)
        else None,
    }


@api.get(
    "/lessons/",
    response={200: schemas.page_of(schemas.Lesson), **ERRORS},
    summary="Published lessons learned",
    tags=["lessons"],
)
def lessons(request, query: Query[LessonQuery]):
    """Filters as on /lessons/ (for example ``?practice=strategic-targeting``)."""
    public = (
        Lesson.objects.published()
        .with_cards()
        .select_related("source")
        .prefetch_related(
            Prefetch("projects", queryset=published_projects().select_related("agency"))
        )
    )
    selected = filtered(request, LessonFilter, public, LessonQuery)
    base = site_url(request)
    return paginate(request, stable(selected), query, lambda lesson: lesson_record(lesson, base))


def _term_list(request, model, query):
    terms = with_project_counts(model.objects.all()).order_by("name", "pk")
    return paginate(
        request,
        terms,
        query,
        lambda term: {
            "slug": term.slug,
            "url": _url(request, term),
            "name": term.name,
            "description": term.description,
            "synonyms": term.synonyms,
            "project_count": term.project_count,
        },
    )


@api.get(
    "/strategies/",
    response={200: schemas.page_of(schemas.Term), **ERRORS},
    summary="Strategies",
    tags=["taxonomy"],
)
def strategies(request, query: Query[PAGE_ONLY]):
    reject_unknown(request, PAGE_ONLY)
    return _term_list(request, Strategy, query)


@api.get(
    "/crime-problems/",
    response={200: schemas.page_of(schemas.Term), **ERRORS},
    summary="Crime problems",
    tags=["taxonomy"],
)
def crime_problems(request, query: Query[PAGE_ONLY]):
    reject_unknown(request, PAGE_ONLY)
    return _term_list(request, CrimeProblem, query)


def _project_slugs():
    return Prefetch("projects", queryset=published_projects().only("slug", "agency"))


@api.get(
    "/agencies/",
    response={200: schemas.page_of(schemas.Agency), **ERRORS},
    summary="Agencies with published projects",
    tags=["directory"],
)
def agencies(request, query: Query[PAGE_ONLY]):
    reject_unknown(request, PAGE_ONLY)
    listed = public_agencies().prefetch_related(_project_slugs()).order_by("name", "pk")
    return paginate(
        request,
        listed,
        query,
        lambda agency: {
            "slug": agency.slug,
            "url": _url(request, agency),
            "name": agency.name,
            "city": agency.city,
            "state": agency.state,
            "agency_type": agency.agency_type,
            "settlement_type": agency.settlement_type,
            "population": agency.population,
            "website": safe_url(agency.website),
            "projects": [p.slug for p in agency.projects.all()],
        },
    )


@api.get(
    "/partners/",
    response={200: schemas.page_of(schemas.Partner), **ERRORS},
    summary="Research partners of published projects",
    tags=["directory"],
)
def partners(request, query: Query[PAGE_ONLY]):
    reject_unknown(request, PAGE_ONLY)
    listed = (
        public_partners().prefetch_related(_project_slugs()).order_by("name", "department", "pk")
    )
    return paginate(
        request,
        listed,
        query,
        lambda partner: {
            "slug": partner.slug,
            "url": _url(request, partner),
            "name": partner.name,
            "department": partner.department,
            "website": safe_url(partner.website),
            "projects": [p.slug for p in partner.projects.all()],
        },
    )
