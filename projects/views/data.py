"""Open data downloads. They take the same filters as the case-study list, so "download these
results" gives exactly the projects a reader was looking at."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects.exports import export_response
from projects.filters import ProjectFilter
from projects.opendata import OUTCOME_COLUMNS, PROJECT_COLUMNS
from projects.site import terms_of_use
from projects.vocabulary import redirect_legacy_filters

from .common import published_projects


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/open_data.html",
        {
            "project_columns": PROJECT_COLUMNS,
            "outcome_columns": OUTCOME_COLUMNS,
            "terms": terms_of_use(published_projects()),
        },
    )


@redirect_legacy_filters
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    filterset = ProjectFilter(request.GET, queryset=published_projects(), request=request)
    errors = filterset.error_messages()
    if errors:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain")
    return export_response(filterset.qs, dataset, fmt)
