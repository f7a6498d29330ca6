"""Researchers' tools: the evidence matrix, side-by-side comparison and "agencies like mine"."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects.case_study import group_outcomes
from projects.filters import ProjectFilter
from projects.forms import COMPARE_MAX, COMPARE_MIN, CompareForm, LikeMineForm
from projects.likeness import Profile, answer, rank
from projects.matrix import build_matrix, with_results
from projects.models import Project

from .common import public_agencies, published_projects

MATRIX_FILTERS = ("strategy", "problem")


def evidence_matrix(request: HttpRequest) -> HttpResponse:
    """The published projects on the Evidence-Based Policing Matrix. It takes every filter of
    the case-study list; the page offers the strategy and the crime problem."""
    filterset = ProjectFilter(request.GET, queryset=published_projects(), request=request)
    errors = filterset.error_messages()
    projects = with_results(filterset.qs.select_related("agency")).order_by(
        "agency__name", "cohort_year"
    )
    facets = [
        group for group in filterset.facet_groups(request.GET) if group.name in MATRIX_FILTERS
    ]
    context = {"matrix": build_matrix(projects), "facets": facets, "errors": errors}
    return render(request, "projects/research/matrix.html", context, status=400 if errors else 200)


def _compare_queryset():
    """Published projects with everything a comparison column shows, in constant queries.
    Lessons arrive through the reverse relation, so this app need not import the lessons app."""
    lesson_model = Project._meta.get_field("lessons").related_model
    return (
        published_projects()
        .with_cards()
        .with_outcomes()
        .prefetch_related(
            "sources",
            "research_partners",
            Prefetch("lessons", queryset=lesson_model.objects.published()),
        )
    )


def compare(request: HttpRequest) -> HttpResponse:
    """Two to four case studies side by side, at a shareable address (``?p=slug&p=slug``).
    Without a choice the page offers every case study to pick from; a wrong choice is a 400
    that says what was wrong, with the picker to put it right."""
    chosen = request.GET.getlist("p")
    form = CompareForm(request.GET if chosen else None, projects=_compare_queryset())
    projects = form.cleaned_data["p"] if form.is_bound and form.is_valid() else []
    context = {
        "form": form,
        "projects": projects,
        "columns": [(project, group_outcomes(project.outcomes.all())) for project in projects],
        "choices": published_projects()
        .select_related("agency")
        .order_by("agency__name", "cohort_year"),
        "chosen": set(chosen),
        "compare_min": COMPARE_MIN,
        "compare_max": COMPARE_MAX,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "projects/research/compare.html", context, status=status)


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
