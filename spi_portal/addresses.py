"""What makes a public address: the host it was asked at and the query parameters its page reads.

The shared page cache (``spi_portal.middleware``) files a page under this address, so it must be
exactly what the page was made from, and bounded:

- The host: Django checks the name against ``ALLOWED_HOSTS`` but takes any port, and pages
  print the host in their absolute links (sitemap, feed, API, canonical). A port other than
  the one this server listens on or ``SITE_URL``'s is refused. With ``SITE_URL`` set, every
  read is answered as if asked at ``SITE_URL``'s host, so no page names another.
- The query: each page's parameters are listed here by URL name. A request to a listed page
  is answered as if it carried only those (``?utm_source=...`` is dropped before the page
  sees it, and so never reaches its links either), so made-up parameters never multiply the
  cached copies of a page. A page not listed here keeps its whole query, but is cached only
  without one.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import QueryDict
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve

from lessons.filters import LessonFilter
from projects.filters import ProjectFilter
from projects.forms import CompareForm, LikeMineForm
from projects.vocabulary import LEGACY_NAMES
from search.documents import FACET_NAMES
from search.forms import AskForm, SearchForm

DEFAULT_PORTS = {"http": "80", "https": "443"}
_PROJECT_FILTERS = frozenset({*ProjectFilter.base_filters, *LEGACY_NAMES, "page"})
_LESSON_FILTERS = frozenset({*LessonFilter.base_filters, "page"})
_SEARCH = frozenset({*SearchForm.base_fields, *FACET_NAMES, *LEGACY_NAMES})

# The query parameters each page reads, by URL name. The API is not listed: it reads every
# parameter it answers (it refuses any other with a 400, which is never cached).
QUERY_PARAMETERS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        (
            "home", "about", "strategy-list", "strategy-detail", "strategy-feed",
            "crime-problem-list", "crime-problem-detail", "crime-problem-feed", "feed",
            "sitemap", "robots", "case-study", "projects:cite", "projects:cite-sources",
            "projects:agency-detail",
            "projects:partner-list", "projects:partner-detail", "open-data",
            "projects:rating-rule", "lessons:detail", "api-docs",
        ),
        frozenset(),
    ),
    "django.contrib.sitemaps.views.sitemap": frozenset({"p"}),
    "projects:agency-list": frozenset({"page"}),
    # The case-study list also reads the case studies ticked for comparison (``p``).
    "projects:list": _PROJECT_FILTERS | {"p"},
    "projects:findings": _PROJECT_FILTERS,
    "projects:matrix": _PROJECT_FILTERS,
    "projects:download": _PROJECT_FILTERS,
    "compare": frozenset(CompareForm.base_fields),
    "projects:like-mine": frozenset(LikeMineForm.base_fields),
    "lessons:list": _LESSON_FILTERS,
    "lessons:practice": _LESSON_FILTERS,
    "search": _SEARCH,
    "ask": frozenset({*AskForm.base_fields, "problem", "strategy"}),
    "search:search-json": _SEARCH,
    "search:download": _SEARCH,
    "search-feed": _SEARCH,
}  # fmt: skip


def _site() -> tuple[str, str, str] | None:
    """``SITE_URL``'s scheme, host (with its port, if any) and port."""
    if not settings.SITE_URL:
        return None
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc.lower(), str(parts.port or DEFAULT_PORTS[parts.scheme])


def check_host(request) -> None:
    """Refuse (400) a request whose host names a port this site is not served on; with
    ``SITE_URL`` set, make reads see its host. Django has already refused unknown names."""
    _domain, port = split_domain_port(request.get_host())
    site = _site()
    if port:
        allowed = {request.META.get("SERVER_PORT"), DEFAULT_PORTS.get(request.scheme)}
        if site:
            allowed.add(site[2])
        if port not in allowed:
            raise DisallowedHost(f"Invalid port in HTTP_HOST header: {port!r}.")
    if site and request.method == "GET" and validate_host(site[1], settings.ALLOWED_HOSTS):
        # Only reads: a form posts back to the host it came from (CSRF compares the two).
        scheme, host, _ = site
        request.META.update({"HTTP_HOST": host, "wsgi.url_scheme": scheme})
        request.META.pop("HTTP_X_FORWARDED_HOST", None)
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure = settings.SECURE_PROXY_SSL_HEADER
            request.META[header] = secure if scheme == "https" else "http"
        request.__dict__.pop("_current_scheme_host", None)


def cacheable_host(request) -> str | None:
    """The host a page is filed under, or None when the name only matched a wildcard of
    ``ALLOWED_HOSTS`` (there could be any number of them)."""
    host = request.get_host().lower()
    domain, _ = split_domain_port(host)
    site = _site()
    exact = {name.lower() for name in settings.ALLOWED_HOSTS if not name.startswith((".", "*"))}
    if domain in exact or (site and host == site[1]):
        return host
    return None


def page_parameters(request) -> frozenset[str] | None:
    """The query parameters the page at this address reads, or None when it is not listed."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.namespace == "api":
        return frozenset(request.GET)
    return QUERY_PARAMETERS.get(match.view_name)


def drop_unread_parameters(request, names: frozenset[str]) -> None:
    """Take every query parameter but ``names`` out of the request, before the page sees it."""
    if names.issuperset(request.GET):
        return
    query = urlencode(
        [(name, value) for name, values in request.GET.lists() if name in names for value in values]
    )
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)
