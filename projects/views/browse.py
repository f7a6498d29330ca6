"""Browsing projects: the filterable case-study list and the findings table across projects.

Both pages use one FilterSet, so a link copied from one keeps its meaning on the other.
"""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects.filters import ProjectFilter
from projects.plots import forest_plot
from projects.vocabulary import kept_parameters, redirect_legacy_filters

from .common import paginate, published_projects

PROJECTS_PER_PAGE = 12
FINDINGS_PER_PAGE = 25


def _browse(
    request: HttpRequest, queryset, template: str, per_page: int, data=None, extra=None
) -> HttpResponse:
    """Render a filtered, sorted, paginated list; ``extra(page)`` adds what else the page shows
    of the projects on that page."""
    filterset = ProjectFilter(
        request.GET if data is None else data, queryset=queryset, request=request
    )
    page = paginate(request, filterset.qs, per_page)
    errors = filterset.error_messages()
    facets = filterset.facet_groups(request.GET)
    context = {
        "filter": filterset,
        "facets": facets,
        "kept": kept_parameters(request.GET, {group.name for group in facets}),
        "errors": errors,
        "page": page,
        "sort_choices": filterset.filters["sort"].extra["choices"],
        "current_sort": filterset.form.cleaned_data.get("sort") or "newest",
        **(extra(page) if extra else {}),
    }
    return render(request, template, context, status=400 if errors else 200)


# The most ticks the list carries from page to page in its address (``p``): the comparison
# takes four, and says so when a reader ticks more.
MAX_PICKS = 8
_SLUG = re.compile(r"^[-\w]+$")


def _picks(request: HttpRequest, page) -> dict:
    """The case studies ticked for comparison, kept in the address (``?p=slug``) so ticks
    survive a change of page: those on this page show ticked, the others are listed in the
    compare tray, ticked, with their names (one query)."""
    picked = list(dict.fromkeys(s for s in request.GET.getlist("p") if _SLUG.match(s)))
    picked = picked[:MAX_PICKS]
    on_page = {project.slug for project in page.object_list}
    elsewhere = published_projects().select_related("agency").filter(slug__in=picked)
    elsewhere = sorted(
        (p for p in elsewhere if p.slug not in on_page), key=lambda p: picked.index(p.slug)
    )
    filters = kept_parameters(request.GET, {"p"})
    return {"picked": picked, "picked_elsewhere": elsewhere, "list_filters": filters}


@redirect_legacy_filters
def project_list(request: HttpRequest) -> HttpResponse:
    return _browse(
        request,
        published_projects().with_cards().complete_first(),
        "projects/project_list.html",
        PROJECTS_PER_PAGE,
        extra=lambda page: _picks(request, page),
    )


@redirect_legacy_filters
def findings(request: HttpRequest) -> HttpResponse:
    """The table opens on the projects that reported a result, the most rigorous first; the
    ``outcomes`` filter reaches the others."""
    data = request.GET.copy()
    data.setdefault("outcomes", "reported")
    data.setdefault("sort", "rigor")
    return _browse(
        request,
        published_projects().with_cards().with_outcomes().prefetch_related("external_ratings"),
        "projects/findings.html",
        FINDINGS_PER_PAGE,
        data=data,
        # The plot shows the page's projects, so it grows no larger than the table beside it.
        extra=lambda page: {"forest": forest_plot(page.object_list)},
    )
