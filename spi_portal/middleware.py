"""Public pages served from the cache, and conditional GET for pages and downloads.

Anonymous GETs are cached under the content version (``projects.models.ContentVersion``), which
every public change moves on, so the cache never needs purging and never serves a stale page: the
next request after a publish renders afresh, on every server. The same version makes an ETag, so
a client holding the current page gets 304 without anything being rendered or streamed.

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
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control

from editorial.models import ContentVersion
from search.backends import get_backend

CACHE_SECONDS = 15 * 60
CODE_FOLDERS = ("spi_portal", "projects", "lessons", "search", "templates")
UNCACHED_PREFIXES = ("/admin/", "/healthz")
SEARCH_PREFIXES = ("/search", "/feed/search/")


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(
            (*UNCACHED_PREFIXES, settings.MEDIA_URL, settings.STATIC_URL)
        )
    )


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
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
    """What the page shows is filed under: the content version, and for search the index's
    generation too; None when that cannot be told (an unreadable index: the page says so)."""
    version = str(ContentVersion.current())
    if not request.path.startswith(SEARCH_PREFIXES):
        return version
    generation = get_backend().generation()
    if generation is None:
        return None
    return f"{version}.{hashlib.sha256(generation.encode()).hexdigest()[:12]}"


class PublicPageCache:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        version = _version(request)
        if version is None:
            return self.get_response(request)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        etag = f'"{release()}-{version}-{digest[:16]}"'
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            return not_modified
        key = f"page:{release()}:{version}:{digest}"
        cache = caches["pages"]
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if response.status_code != 200:
                return response
            if _cacheable_response(response):
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                cache.set(key, response, CACHE_SECONDS)
        response["ETag"] = etag
        # Browsers and proxies ask again each time, and get a 304 while nothing has changed.
        patch_cache_control(response, no_cache=True, public=True)
        return response
