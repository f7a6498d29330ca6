"""Strategies and crime problems: an index of each taxonomy and one page per term gathering every
published project and outcome under it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lessons.models import Lesson
from projects.case_study import group_outcomes
from projects.models import CrimeProblem, Strategy
from projects.plots import forest_plot
from projects.views.common import published_projects

from .pages import with_project_counts

KINDS = {
    "strategy": {
        "model": Strategy,
        "relation": "strategies",
        "plural": "Strategies",
        "filter": "strategy",
        "intro": "The policing strategies SPI agencies tested, with every project that used "
        "each one and what it found.",
    },
    "crime-problem": {
        "model": CrimeProblem,
        "relation": "crime_problems",
        "plural": "Crime problems",
        "filter": "problem",
        "intro": "The crime problems SPI projects took on, with every project and outcome "
        "under each.",
    },
}


def term_list(request: HttpRequest, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    terms = with_project_counts(spec["model"].objects.all()).order_by("name")
    return render(
        request, "spi_portal/term_list.html", {"terms": terms, "kind": kind, "spec": spec}
    )


def term_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    spec = KINDS[kind]
    term = get_object_or_404(spec["model"], slug=slug)
    projects = list(
        published_projects()
        .filter(**{spec["relation"]: term})
        .with_cards()
        .with_outcomes()
        .order_by("-cohort_year", "agency__name")
    )
    rows = [(project, group_outcomes(project.outcomes.all())) for project in projects]
    lessons = Lesson.objects.published().filter(**{spec["relation"]: term}).with_cards()
    context = {
        "term": term,
        "kind": kind,
        "spec": spec,
        "rows": rows,
        "outcome_count": sum(len(groups) for _, groups in rows),
        "significant_count": sum(
            1 for _, groups in rows for g in groups if g.headline.is_significant
        ),
        "lessons": lessons,
        "forest": forest_plot(projects),
    }
    return render(request, "spi_portal/term_detail.html", context)
