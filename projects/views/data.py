"""Open data downloads. They take the same filters as the case-study list, so "download these
results" gives exactly the projects a reader was looking at."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from projects.filters import ProjectFilter
from projects.opendata import (
    OUTCOME_COLUMNS,
    PROJECT_COLUMNS,
    open_data_queryset,
    outcome_rows,
    project_row,
    to_csv,
)
from projects.vocabulary import redirect_legacy_filters

from .common import published_projects

DATASETS = {
    "projects": (PROJECT_COLUMNS, lambda project: [project_row(project)]),
    "outcomes": (OUTCOME_COLUMNS, outcome_rows),
}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/open_data.html",
        {"project_columns": PROJECT_COLUMNS, "outcome_columns": OUTCOME_COLUMNS},
    )


@redirect_legacy_filters
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    columns, rows_for = DATASETS[dataset]
    filterset = ProjectFilter(request.GET, queryset=published_projects(), request=request)
    errors = filterset.error_messages()
    if errors:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain")
    rows = [row for project in open_data_queryset(filterset.qs) for row in rows_for(project)]
    if fmt == "csv":
        body = to_csv(rows, columns)
    else:
        body = json.dumps(
            {
                "dataset": dataset,
                "generated": timezone.now().isoformat(timespec="seconds"),
                "count": len(rows),
                "columns": columns,
                dataset: rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="spi-{dataset}.{fmt}"'
    return response
