"""Researchers' tools: the evidence matrix, side-by-side comparison and "agencies like mine"."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects.filters import ProjectFilter
from projects.matrix import build_matrix

from .common import published_projects

MATRIX_FILTERS = ("strategy", "problem")


def evidence_matrix(request: HttpRequest) -> HttpResponse:
    """The published projects on the Evidence-Based Policing Matrix. It takes every filter of
    the case-study list; the page offers the strategy and the crime problem."""
    filterset = ProjectFilter(request.GET, queryset=published_projects(), request=request)
    errors = filterset.error_messages()
    projects = filterset.qs.with_cards().with_outcomes().order_by("agency__name", "cohort_year")
    facets = [group for group in filterset.facet_groups() if group.name in MATRIX_FILTERS]
    context = {"matrix": build_matrix(projects), "facets": facets, "errors": errors}
    return render(request, "projects/research/matrix.html", context, status=400 if errors else 200)
