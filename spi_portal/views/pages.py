from django.db.models import Count, F
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from editorial.kept import kept
from lessons.models import CorePractice, Lesson
from projects.maps import map_of
from projects.models import CrimeProblem, Project, Strategy
from projects.opendata import OUTCOME_COLUMNS, PROJECT_COLUMNS
from projects.site import terms_of_use
from projects.views.common import public_agencies, published_count_filter, published_projects

FEATURED_COUNT = 3
NEWEST_LESSONS = 4
ENTRY_POINTS = 8


def with_project_counts(queryset):
    """Taxonomy terms with how many published projects use them, most used first."""
    return queryset.annotate(
        project_count=Count("projects", filter=published_count_filter("projects"), distinct=True)
    ).order_by("-project_count", Lower("name"))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "spi_portal/home.html", kept("home", _home_context))


def _home_context() -> dict:
    """What the home page shows: only a change to public content moves any of it, so it is
    worked out once per content version (``editorial.kept``), not once per visitor."""
    # The figures count as the lists do (``ProjectQuerySet.case_studies``), so the home page,
    # the case-study list, the agencies and their map, the feed and the API say the same.
    projects = Project.objects.case_studies()
    figures = projects.counts()
    agencies = public_agencies(projects)
    return {
        "figures": figures | {"lessons": Lesson.objects.published().count()},
        # Editors' picks first; the most rigorous recent studies fill any free places.
        # Only complete profiles are featured.
        "featured": list(
            projects.complete()
            .with_cards()
            .order_by("-featured", F("sms_level").desc(nulls_last=True), "-cohort_year")[
                :FEATURED_COUNT
            ]
        ),
        "lessons": list(
            Lesson.objects.published()
            .with_cards()
            .order_by("-first_published_at", Lower("title"))[:NEWEST_LESSONS]
        ),
        "agency_map": map_of(agencies, projects, figures["agencies"]),
        "strategies": list(
            with_project_counts(Strategy.objects.all()).filter(project_count__gt=0)[:ENTRY_POINTS]
        ),
        "problems": list(
            with_project_counts(CrimeProblem.objects.all()).filter(project_count__gt=0)[
                :ENTRY_POINTS
            ]
        ),
    }


def about(request: HttpRequest) -> HttpResponse:
    context = {
        "practices": CorePractice.objects.all(),
        "terms": terms_of_use(published_projects(), Lesson.objects.published()),
    }
    return render(request, "spi_portal/about.html", context)


def open_data(request: HttpRequest) -> HttpResponse:
    """What can be taken away: the downloads of every list (the projects app's) and the API."""
    context = {
        "project_columns": PROJECT_COLUMNS,
        "outcome_columns": OUTCOME_COLUMNS,
        "terms": terms_of_use(published_projects()),
    }
    return render(request, "spi_portal/open_data.html", context)
