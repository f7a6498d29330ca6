"""A search's JSON and downloads, and what the search page (the site's:
``spi_portal.views.search``) shares with them: one form, one ``search()`` call, the same results.

A search costs a constant number of queries whatever the data size: two for the facet labels,
and for the PostgreSQL engine up to four more (facets, hits, vocabulary freshness, and the
relaxed retry).
"""

import logging
from dataclasses import dataclass, field
from html import unescape

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.html import strip_tags

from editorial.text import safe_url
from projects.exports import export_response
from projects.facets import FacetGroup, Option, toggled
from projects.site import site_url
from projects.vocabulary import redirect_legacy_filters

from .backends import IndexUnavailable, get_backend
from .documents import FACET_NAMES
from .forms import FACET_LABELS, SearchForm, facet_value_labels
from .query import SearchRequest, SearchResults
from .selection import matching_projects

logger = logging.getLogger(__name__)
# How long a visitor is asked to wait when the index is being rebuilt or mended.
RETRY_AFTER_SECONDS = 60
UNAVAILABLE = (
    "Search is temporarily unavailable while its index is repaired. Please try again in a "
    "minute; every other page of the portal works as usual."
)


@dataclass
class SearchOutcome:
    form: SearchForm
    params: QueryDict
    request: SearchRequest | None = None
    results: SearchResults | None = None
    groups: list[FacetGroup] = field(default_factory=list)
    # The index is missing or unreadable: the search could not run (see ``IndexUnavailable``).
    unavailable: bool = False

    @property
    def status(self) -> int:
        if self.unavailable:
            return 503
        return 200 if self.form.is_valid() else 400

    @property
    def without_filters(self) -> QueryDict:
        """The query with every facet removed: what "Clear all filters" links to."""
        query = self.params.copy()
        for name in (*FACET_NAMES, "page"):
            query.pop(name, None)
        return query

    @property
    def message(self) -> str:
        if self.unavailable:
            return UNAVAILABLE
        if self.request is None:
            return ""
        parsed = self.request.parsed
        if not self.request.text:
            return "Type a word or two to search: a strategy, a crime problem, a place."
        if parsed.is_empty and parsed.excluded:
            return "Add a word to search for: a minus sign only leaves words out."
        if parsed.is_empty:
            return "Your search has no words we can look for. Try letters or numbers."
        if self.results and not self.results.total:
            advice = "Check the spelling, try fewer or more general words"
            if self.request.filters:
                return f"Nothing matches all of that. {advice}, or remove a filter."
            return f"Nothing matches all of that. {advice}, or browse below."
        return ""


def _groups(params: QueryDict, search: SearchRequest, results, labels) -> list[FacetGroup]:
    groups = []
    for name in FACET_NAMES:
        counts = results.facets.get(name, {})
        selected = search.filters.get(name, ())
        names = labels.get(name, {})
        values = set(counts) | set(selected)
        options = [
            Option(
                value=value,
                label=names.get(value, value),
                count=counts.get(value, 0),
                selected=value in selected,
                query=toggled(params, name, value, selected=value in selected, several=True),
            )
            for value in values
        ]
        if name == "year":
            options.sort(key=lambda o: o.value, reverse=True)
        else:
            options.sort(key=lambda o: (-o.count, o.label))
        if options:
            groups.append(FacetGroup(name, FACET_LABELS[name], options))
    return groups


def run_search(request: HttpRequest) -> SearchOutcome:
    labels = facet_value_labels()
    form = SearchForm(request.GET, labels)
    if not form.is_valid():
        return SearchOutcome(form, request.GET)
    search = form.search_request()
    try:
        results = get_backend().search(search)
    except IndexUnavailable as error:
        logger.error("search unavailable: %s", error)
        return SearchOutcome(form, search, unavailable=True)
    groups = _groups(request.GET, search, results, labels)
    return SearchOutcome(form, request.GET, search, results, groups)


def retry_later(response: HttpResponse) -> HttpResponse:
    """``response``, asking the client to come back while the index is repaired."""
    if response.status_code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable_response(error: IndexUnavailable) -> HttpResponse:
    """What a download or feed of a search answers while the index cannot be read."""
    logger.error("search unavailable: %s", error)
    return retry_later(HttpResponse(UNAVAILABLE, status=503, content_type="text/plain"))


@redirect_legacy_filters
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    """The case studies a search finds (every page of them), in any take-away format."""
    form = SearchForm(request.GET, facet_value_labels())
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    try:
        projects = matching_projects(form.search_request())
    except IndexUnavailable as error:
        return unavailable_response(error)
    return export_response(projects, dataset, fmt, site_url(request))


def _plain(html: str) -> str:
    return unescape(strip_tags(html))


@redirect_legacy_filters
def search_json(request: HttpRequest) -> JsonResponse:
    outcome = run_search(request)
    if outcome.unavailable:
        return retry_later(JsonResponse({"error": outcome.message}, status=503))
    if outcome.results is None:
        return JsonResponse({"errors": outcome.form.errors.get_json_data()}, status=400)
    search, results = outcome.request, outcome.results
    return JsonResponse(
        {
            "query": search.text,
            "sort": search.sort,
            "page": search.page,
            "per_page": search.per_page,
            "total": results.total,
            "relaxed": results.relaxed,
            "suggestion": results.suggestion,
            "corrected": results.corrected,
            "message": outcome.message,
            "ignored_filters": outcome.form.ignored,
            "results": [
                {
                    "kind": hit.kind,
                    "kind_label": hit.kind_label,
                    "title": _plain(hit.title),
                    "title_html": hit.title,
                    "subtitle": hit.subtitle,
                    "snippet_html": hit.snippet,
                    "url": request.build_absolute_uri(url) if (url := safe_url(hit.url)) else None,
                    "cohort_year": hit.cohort_year,
                }
                for hit in results.hits
            ],
            "facets": {
                group.name: [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in group.options
                ]
                for group in outcome.groups
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
