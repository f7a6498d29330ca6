"""Strategies and crime problems: an index of each taxonomy and one page per term gathering every
published project and outcome under it."""

from django.db.models import F
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lessons.models import Lesson
from projects.case_study import group_outcomes
from projects.evidence import RULE, summarise, summarise_by_term
from projects.models import CrimeProblem, Strategy
from projects.views.common import published_projects

from .pages import with_project_counts

# A term page shows the evidence summary for every project, and the outcomes of this many
# projects, the most rigorous first; the full list is one link away, so the page stays the
# same size however many projects SPI adds.
TERM_PAGE_PROJECTS = 8

KINDS = {
    "strategy": {
        "model": Strategy,
        "relation": "strategies",
        "plural": "Strategies",
        "filter": "strategy",
        "select": lambda projects, term: projects.for_strategy(term),
        # The other taxonomy, broken down on this term's page.
        "other": (CrimeProblem, "crime problem"),
        "intro": "The policing strategies SPI agencies tested, with every project that used "
        "each one and what it found.",
    },
    "crime-problem": {
        "model": CrimeProblem,
        "relation": "crime_problems",
        "plural": "Crime problems",
        "filter": "problem",
        "select": lambda projects, term: projects.for_crime_problem(term),
        "other": (Strategy, "strategy"),
        "intro": "The crime problems SPI projects took on, with every project and outcome "
        "under each.",
    },
}


def term_list(request: HttpRequest, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    terms = with_project_counts(spec["model"].objects.all()).order_by(Lower("name"))
    return render(
        request, "spi_portal/term_list.html", {"terms": terms, "kind": kind, "spec": spec}
    )


def term_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    spec = KINDS[kind]
    term = get_object_or_404(spec["model"], slug=slug)
    selected = spec["select"](published_projects(), term)
    other_model, other_label = spec["other"]
    # Oldest and most rigorous first: the randomized trials lead, newest work does not bury them.
    shown = list(
        selected.with_cards()
        .with_outcomes()
        .order_by(F("sms_level").desc(nulls_last=True), "cohort_year", Lower("agency__name"))[
            :TERM_PAGE_PROJECTS
        ]
    )
    summary = summarise(selected)
    rows = [(project, group_outcomes(project.outcomes.all())) for project in shown]
    context = {
        "term": term,
        "kind": kind,
        "spec": spec,
        "summary": summary,
        "rule": RULE,
        "filter_query": f"{spec['filter']}={term.slug}",
        "breakdown": summarise_by_term(selected, other_model.objects.all(), "projects"),
        "breakdown_label": other_label,
        "breakdown_filter": "problem" if other_model is CrimeProblem else "strategy",
        "rows": rows,
        "lessons": Lesson.objects.published().filter(**{spec["relation"]: term}).with_cards(),
    }
    return render(request, "spi_portal/term_detail.html", context)
