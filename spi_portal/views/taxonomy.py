"""Strategies and crime problems: an index of each taxonomy and one page per term gathering every
published project and outcome under it.

A term page selects its projects with the case-study list's own filter (``?strategy=slug`` or
``?problem=slug``), so its downloads, its feed and the filtered list hold the same projects."""

from urllib.parse import urlencode

from django.db.models import F
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lessons.models import Lesson
from projects.case_study import group_outcomes
from projects.evidence import RULE, summarise, summarise_by_term
from projects.filters import ProjectFilter
from projects.models import CrimeProblem, MergedSlug, Strategy
from projects.plots import forest_plot
from projects.ratings import Rating
from projects.views.common import published_projects

from .pages import with_project_counts

# A term page shows the evidence summary for every project, and the outcomes of this many
# projects, the most rigorous first; the full list is one link away, so the page stays the
# same size however many projects SPI adds.
TERM_PAGE_PROJECTS = 8
# The forest plot draws the outcomes of this many projects (in the same order), and stops at its
# own row limit; the findings view, one link away, plots them all page by page.
FOREST_PROJECTS = 30

KINDS = {
    "strategy": {
        "model": Strategy,
        "relation": "strategies",
        "plural": "Strategies",
        "filter": "strategy",
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


def term_projects(kind: str, term):
    """The published projects under ``term``, as the case-study list filtered by it, and that
    filter as a query string."""
    query = {KINDS[kind]["filter"]: term.slug}
    return ProjectFilter(query, queryset=published_projects()).qs, urlencode(query)


def term_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    spec = KINDS[kind]
    term = spec["model"].objects.filter(slug=slug).first()
    if term is None:
        # The address of a term since merged into another: send readers to the one kept.
        kept = MergedSlug.target_in(spec["model"].objects.all(), slug)
        if kept is None:
            raise Http404(f"No such {spec['model']._meta.verbose_name}.")
        return redirect(kept, permanent=True)
    selected, query = term_projects(kind, term)
    other_model, other_label = spec["other"]
    other_kind = "crime-problem" if other_model is CrimeProblem else "strategy"
    # Oldest and most rigorous first: the randomized trials lead, newest work does not bury them.
    ranked = list(
        selected.with_cards()
        .with_outcomes()
        .order_by(F("sms_level").desc(nulls_last=True), "cohort_year", Lower("agency__name"))[
            :FOREST_PROJECTS
        ]
    )
    shown = ranked[:TERM_PAGE_PROJECTS]
    # A crime problem's page rates each project on that problem alone.
    problem = term if kind == "crime-problem" else None
    summary = summarise(selected, problem)
    rows = [(project, group_outcomes(project.outcomes.all())) for project in shown]
    context = {
        "term": term,
        "kind": kind,
        "spec": spec,
        "summary": summary,
        "rule": RULE,
        "ratings": list(Rating),
        "filter_query": query,
        # Every project under the term, as a list and as downloads: what the summary counts.
        "list_query": f"{query}&sort=rigor",
        "feed_url": reverse(f"{kind}-feed", args=[term.slug]),
        "breakdown": summarise_by_term(
            selected, other_model.objects.all(), KINDS[other_kind]["relation"], problem
        ),
        "breakdown_label": other_label,
        "breakdown_filter": "problem" if other_model is CrimeProblem else "strategy",
        "rows": rows,
        "forest": forest_plot(ranked),
        "forest_projects": len(ranked),
        "lessons": Lesson.objects.published().filter(**{spec["relation"]: term}).with_cards(),
    }
    return render(request, "spi_portal/term_detail.html", context)
