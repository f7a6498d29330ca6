"""Take-away files of any selection of projects, in every format the portal offers.

Each page that lists projects (the case-study list, the findings table, a strategy or crime-problem
page, a search) links to its own rows in these formats, and its download view hands the very
queryset the page shows to ``export_response``: one function serves every page, so a download
always holds the rows its page shows. Files stream as the rows are read from the database, a
chunk at a time, so memory stays flat however large the selection grows.
"""

import json
from collections.abc import Iterable, Iterator

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone

from projects import rating_table
from projects.citation import cite_project
from projects.models import Outcome
from projects.opendata import (
    OUTCOME_COLUMNS,
    PROJECT_COLUMNS,
    ROWS_PER_PIECE,
    csv_lines,
    load_chunk,
    outcome_rows,
    project_row,
)
from projects.site import site_url

# Projects read at a time: each chunk costs a constant number of queries, so a larger chunk
# means fewer round trips, at the price of a worker holding this many projects in memory.
CHUNK_SIZE = 1000
# The file part of every download address: ``projects.csv``, ``outcomes.json``, ``projects.bib``.
PATH_PATTERN = r"(?P<dataset>projects|outcomes)\.(?P<fmt>csv|json|bib|ris|csl\.json)$"

# (dataset, format): what a page offers, in the order its links appear, with the link text.
LINKS = [
    ("projects", "csv", "Projects (CSV)"),
    ("projects", "json", "Projects (JSON)"),
    ("outcomes", "csv", "Outcomes (CSV)"),
    ("outcomes", "json", "Outcomes (JSON)"),
    ("projects", "bib", "BibTeX"),
    ("projects", "ris", "RIS"),
    ("projects", "csl.json", "CSL-JSON"),
]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "csl.json": "application/vnd.citationstyles.csl+json",
}
DATASETS = {
    "projects": (PROJECT_COLUMNS, lambda project: [project_row(project)]),
    "outcomes": (OUTCOME_COLUMNS, outcome_rows),
}
CITATION_FORMATS = {"bib": "bibtex", "ris": "ris"}


def _rows(projects, dataset: str) -> Iterator[dict]:
    """The rows of ``projects`` in its order: the ids first (one query), then the projects a
    chunk at a time with what the rows read of them (``load_chunk``)."""
    _columns, rows_for = DATASETS[dataset]
    ids = list(projects.values_list("pk", flat=True))
    ratings = rating_table.table()
    for start in range(0, len(ids), CHUNK_SIZE):
        for loaded in load_chunk(ids[start : start + CHUNK_SIZE], dataset, ratings):
            yield from rows_for(loaded)


def _count(projects, dataset: str) -> int:
    if dataset == "projects":
        return projects.count()
    return Outcome.objects.filter(project__in=projects.values("pk")).count()


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _json_items(items: Iterable) -> Iterator[str]:
    """The items of a JSON list, one a line, handed on ``ROWS_PER_PIECE`` at a time."""
    piece = []
    for number, item in enumerate(items):
        piece.append(("," if number else "") + "\n" + _ENCODE(item))
        if len(piece) == ROWS_PER_PIECE:
            yield "".join(piece)
            piece = []
    yield "".join(piece)


def _json_document(head: dict, key: str, items: Iterable) -> Iterator[str]:
    """``head`` with ``key`` holding ``items``, written as the items arrive."""
    opening = json.dumps(head | {key: []}, ensure_ascii=False)
    yield opening[: -len("[]}")] + "["
    yield from _json_items(items)
    yield "\n]}\n"


def _json_list(items: Iterable) -> Iterator[str]:
    yield "["
    yield from _json_items(items)
    yield "\n]\n"


def _citations(projects) -> Iterator:
    accessed = timezone.localdate()
    for project in projects.select_related("agency").iterator(chunk_size=CHUNK_SIZE):
        yield cite_project(project, site_url() + project.get_absolute_url(), accessed)


def _body(projects, dataset: str, fmt: str) -> Iterator[str]:
    if fmt == "csv":
        return csv_lines(_rows(projects, dataset), DATASETS[dataset][0])
    if fmt == "json":
        head = {
            "dataset": dataset,
            "generated": timezone.now().isoformat(timespec="seconds"),
            "count": _count(projects, dataset),
            "columns": DATASETS[dataset][0],
        }
        return _json_document(head, dataset, _rows(projects, dataset))
    if fmt == "csl.json":
        return _json_list(citation.csl for citation in _citations(projects))
    attribute = CITATION_FORMATS[fmt]
    return (getattr(citation, attribute) for citation in _citations(projects))


def export_response(projects, dataset: str, fmt: str) -> StreamingHttpResponse:
    """``projects`` (a filtered, ordered queryset of published projects) as a download."""
    if (dataset, fmt) not in {(d, f) for d, f, _label in LINKS}:
        raise Http404(f"There is no {fmt} download of {dataset}.")
    response = StreamingHttpResponse(_body(projects, dataset, fmt), content_type=CONTENT_TYPES[fmt])
    name = "spi-citations" if fmt in ("bib", "ris", "csl.json") else f"spi-{dataset}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
