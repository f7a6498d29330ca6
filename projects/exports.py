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
    exchange_queryset,
    load_chunk,
    outcome_rows,
    project_row,
    public_record,
)

# Projects read at a time: each chunk costs a constant number of queries, so a larger chunk
# means fewer round trips, at the price of a worker holding this many projects in memory.
CHUNK_SIZE = 1000
# The exchange records of projects.json are built from model instances with their prefetched
# relations (projects.exchange), a smaller chunk at a time.
EXCHANGE_CHUNK_SIZE = 200
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
    "projects": (PROJECT_COLUMNS, lambda loaded: [project_row(loaded)]),
    "outcomes": (OUTCOME_COLUMNS, outcome_rows),
}
CITATION_FORMATS = {"bib": "bibtex", "ris": "ris"}


def _rows(projects, dataset: str, base: str) -> Iterator[dict]:
    """The rows of ``projects`` in its order: the ids first (one query), then the projects a
    chunk at a time with what the rows read of them (``load_chunk``)."""
    _columns, rows_for = DATASETS[dataset]
    ids = list(projects.values_list("pk", flat=True))
    ratings = rating_table.table()
    for start in range(0, len(ids), CHUNK_SIZE):
        for loaded in load_chunk(ids[start : start + CHUNK_SIZE], dataset, ratings, base):
            yield from rows_for(loaded)


def _records(projects, base: str) -> Iterator[dict]:
    for project in exchange_queryset(projects).iterator(chunk_size=EXCHANGE_CHUNK_SIZE):
        yield public_record(project, base)


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


def _citations(projects, base: str) -> Iterator:
    accessed = timezone.localdate()
    listed = projects.select_related("agency").prefetch_related("sources")
    for project in listed.iterator(chunk_size=CHUNK_SIZE):
        yield cite_project(project, base + project.get_absolute_url(), accessed)


def _body(projects, dataset: str, fmt: str, base: str) -> Iterator[str]:
    """The file. ``projects.json`` holds the API's records, importable as they are (the facts'
    wording in the exchange keys, the portal's in its own); ``outcomes.json`` holds the rows of
    ``outcomes.csv`` with their ``columns``."""
    if fmt == "csv":
        return csv_lines(_rows(projects, dataset, base), DATASETS[dataset][0])
    if fmt == "json":
        head = {
            "dataset": dataset,
            "generated": timezone.now().isoformat(timespec="seconds"),
            "count": _count(projects, dataset),
        }
        if dataset == "projects":
            return _json_document(head, dataset, _records(projects, base))
        head["columns"] = DATASETS[dataset][0]
        return _json_document(head, dataset, _rows(projects, dataset, base))
    if fmt == "csl.json":
        return _json_list(citation.csl for citation in _citations(projects, base))
    attribute = CITATION_FORMATS[fmt]
    return (getattr(citation, attribute) for citation in _citations(projects, base))


def export_response(projects, dataset: str, fmt: str, base: str) -> StreamingHttpResponse:
    """``projects`` (a filtered, ordered queryset of published projects) as a download, its
    addresses under ``base`` (``site_url(request)``: SITE_URL, else the address asked)."""
    if (dataset, fmt) not in {(d, f) for d, f, _label in LINKS}:
        raise Http404(f"There is no {fmt} download of {dataset}.")
    body = _body(projects, dataset, fmt, base)
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = "spi-citations" if fmt in ("bib", "ris", "csl.json") else f"spi-{dataset}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
