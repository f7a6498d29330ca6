"""Public pages served from the cache, and conditional GET for pages and downloads.

Anonymous GETs are cached under their address (scheme, host, path and only the query parameters
the page reads: ``spi_portal.addresses``) and the versions of what they show
(``spi_portal.freshness``), which every public change that touches them moves on, so the cache
never needs purging and never serves a stale page: the next request after a publish renders
afresh, on every server. The same key, signed with the secret key, makes an ETag, so a client
holding the current page gets 304 without it being sent again; a 304 is only given for a page
held in the cache or just rendered with 200, never for a missing one. A page larger than
``PAGE_CACHE_MAX_BYTES`` is served but not kept.

Search and its feed read the index, which catches up with the database after the commit
(through its queue): their pages are filed under the index's generation as well, so they too
change on the next request after the index does.

Left out: anyone with a session (editors, previews), the admin, the health check, files (static
and media have their own caching), and any response that sets a cookie or asks not to be cached.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import parse_etags

from search.backends import get_backend
from spi_portal.addresses import (
    cacheable_host,
    check_host,
    drop_unread_parameters,
    page_parameters,
)
from spi_portal.freshness import page_version

CACHE_SECONDS = 15 * 60
CODE_FOLDERS = ("spi_portal", "projects", "lessons", "search", "templates")
UNCACHED_PREFIXES = ("/admin/", "/healthz")
SEARCH_PREFIXES = ("/search", "/feed/search/", "/ask/")


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(
            (*UNCACHED_PREFIXES, settings.MEDIA_URL, settings.STATIC_URL)
        )
    )


def _conditional_response(response) -> bool:
    """A public answer, the same for every visitor: pages (cached) and downloads (streamed,
    so not cached, but answered with 304 while the client holds the current one)."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and "private" not in cache_control
        and "no-cache" not in cache_control
        and "no-store" not in cache_control
    )


@cache
def release() -> str:
    """A fingerprint of the code, templates and static manifest this server runs: a deploy that
    changes how pages look never meets pages cached by the code before it (the cache may be
    shared, in Redis). Servers running the same release share their cached pages."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for folder in CODE_FOLDERS
        for path in (settings.BASE_DIR / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".xml"} and path.is_file()
    )
    for path in files:
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
        digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


def _version(request) -> str | None:
    """What the page shows is filed under: the content version and its family's
    (``spi_portal.freshness``), and for search the index's generation too; None when that
    cannot be told (an unreadable index: the page says so; an emptied database)."""
    version = page_version(request)
    if version is None or not request.path.startswith(SEARCH_PREFIXES):
        return version
    generation = get_backend().generation()
    if generation is None:
        return None
    return f"{version}.{hashlib.sha256(generation.encode()).hexdigest()[:12]}"


class RequestRules:
    """What every request and answer keeps to, before anything else reads them: no TRACE (it
    would echo the request back), OPTIONS answered with the methods and nothing rendered, HEAD
    answered wherever GET is (as GET, without the body), a host on a port this site is served
    on (``spi_portal.addresses``), and a charset on every text answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = ["GET", "HEAD", "OPTIONS"]
        if request.path.startswith("/admin/"):
            allowed.append("POST")
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(allowed)
            return response
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        check_host(request)
        response = self.get_response(request)
        if head:
            # The same headers as GET (its Content-Length too), without the body.
            if response.streaming:
                _release(response)
                response.streaming_content = ()
            else:
                response.content = b""
        content_type = response.get("Content-Type", "")
        # Every text the portal writes is encoded with DEFAULT_CHARSET; a file served as it is
        # (streamed) is left unlabelled rather than mislabelled.
        text = content_type.startswith("text/") and "charset" not in content_type
        if text and not response.streaming:
            response["Content-Type"] = f"{content_type}; charset={settings.DEFAULT_CHARSET}"
        return response


def _address(request, names) -> str | None:
    """What the page at this request is made from, or None when it should not be cached."""
    host = cacheable_host(request)
    query = request.META.get("QUERY_STRING", "")
    if host is None or (names is None and query):
        return None
    return f"{request.scheme}://{host}{request.path}?{query}"


class PublicPageCache:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        names = page_parameters(request) if request.method == "GET" else None
        if names is not None:
            drop_unread_parameters(request, names)
        if not _cacheable_request(request):
            return self.get_response(request)
        address = _address(request, names)
        version = _version(request) if address else None
        if version is None:
            return self.get_response(request)
        key = f"page:{release()}:{version}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"
        # Signed with the secret key over the whole key: no one can make the ETag of another
        # address, and it changes with the release and the content version.
        etag = f'"{salted_hmac("spi_portal.page", key).hexdigest()[:32]}"'
        held = etag in parse_etags(request.headers.get("If-None-Match", ""))
        cache = caches["pages"]
        if held and cache.has_key(key):
            return _not_modified(etag)
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if not _conditional_response(response):
                return response
            if not response.streaming:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                if len(response.content) <= settings.PAGE_CACHE_MAX_BYTES:
                    cache.set(key, response, CACHE_SECONDS)
        if held:
            _release(response)
            return _not_modified(etag)
        response["ETag"] = etag
        # Browsers and proxies ask again each time, and get a 304 while nothing has changed.
        patch_cache_control(response, no_cache=True, public=True)
        return response


def _release(response) -> None:
    """Close what a response that will not be sent holds open (a streamed file), without
    ``response.close()``: that also announces the request finished, and Django then closes the
    database connection while the request is still being answered."""
    for closer in response._resource_closers:
        closer()
    response._resource_closers.clear()


def _not_modified(etag: str) -> HttpResponseNotModified:
    not_modified = HttpResponseNotModified()
    not_modified["ETag"] = etag
    return not_modified
