"""Researchers' tools: the evidence matrix and "agencies like mine". (The side-by-side comparison
shows lessons too, so the site serves it: ``spi_portal.views.compare``.)"""

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects.filters import ProjectFilter
from projects.forms import LikeMineForm
from projects.likeness import Profile, answer, rank
from projects.matrix import build_matrix, with_results
from projects.rating_table import ratings_of
from projects.ratings import COMPARISON_LEVEL, OutcomeKind, Rating

from .common import public_agencies, published_projects

MATRIX_FILTERS = ("strategy", "problem")


def evidence_matrix(request: HttpRequest) -> HttpResponse:
    """The published projects on the Evidence-Based Policing Matrix. It takes every filter of
    the case-study list; the page offers the strategy and the crime problem."""
    filterset = ProjectFilter(request.GET, queryset=published_projects(), request=request)
    errors = filterset.error_messages()
    projects = with_results(
        filterset.qs.select_related("agency").order_by("agency__name", "cohort_year")
    )
    facets = [
        group for group in filterset.facet_groups(request.GET) if group.name in MATRIX_FILTERS
    ]
    context = {"matrix": build_matrix(projects), "facets": facets, "errors": errors}
    return render(request, "projects/research/matrix.html", context, status=400 if errors else 200)


def rating_rule(request: HttpRequest) -> HttpResponse:
    """The rule behind every rating the portal gives, with how many published projects each
    rating holds (each count links to exactly those projects)."""
    rated = Counter(ratings_of(published_projects()).values())
    context = {
        "ratings": [(rating, rated[rating]) for rating in Rating],
        "kinds": list(OutcomeKind),
        "comparison_level": COMPARISON_LEVEL,
    }
    return render(request, "projects/research/rating_rule.html", context)


LIKE_MINE_RESULTS = 12


def like_mine(request: HttpRequest) -> HttpResponse:
    """What agencies closest to the reader's found against their crime problem: the projects
    the case-study list shows for the same ``problem`` and ``strategy``, ranked by closeness,
    opening with the one sentence that answers the question."""
    agencies = public_agencies()
    form = LikeMineForm(request.GET or None, agencies=agencies)
    matches, profile, sentence = [], None, ""
    if form.is_bound and form.is_valid():
        profile = Profile.from_form(form.cleaned_data)
        query = {
            name: form.cleaned_data[name].slug
            for name in ("problem", "strategy")
            if form.cleaned_data.get(name)
        }
        candidates = ProjectFilter(query, queryset=published_projects()).qs.with_cards()
        ranked = rank(profile, candidates)
        sentence = answer(profile, ranked)
        matches = ranked[:LIKE_MINE_RESULTS]
    context = {
        "form": form,
        "matches": matches,
        "profile": profile,
        "answer": sentence,
        "agencies": agencies,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "projects/research/like_mine.html", context, status=status)
