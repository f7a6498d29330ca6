"""Browsing projects: the filterable case-study list and the findings table across projects.

Both pages use one FilterSet, so a link copied from one keeps its meaning on the other.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects.filters import ProjectFilter
from projects.plots import forest_plot
from projects.vocabulary import redirect_legacy_filters

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
    context = {
        "filter": filterset,
        "facets": filterset.facet_groups(request.GET),
        "errors": errors,
        "page": page,
        "sort_choices": filterset.filters["sort"].extra["choices"],
        "current_sort": filterset.form.cleaned_data.get("sort") or "newest",
        **(extra(page) if extra else {}),
    }
    return render(request, template, context, status=400 if errors else 200)


@redirect_legacy_filters
def project_list(request: HttpRequest) -> HttpResponse:
    return _browse(
        request,
        published_projects().with_cards().complete_first(),
        "projects/project_list.html",
        PROJECTS_PER_PAGE,
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
