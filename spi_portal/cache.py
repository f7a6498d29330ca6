"""The shared cache: Redis that fails soft, and a cache of public pages that any server's edit
invalidates at once.

Pages are cached only when the cache is shared (``CACHE_URL``): a per-process cache could not
learn that another server published something. Each cached page is filed under the current
*content generation*, a value in the cache that every committed change to content replaces, so
the next request on every server misses and renders afresh; old entries simply expire.

Redis being down must cost speed, never pages: every cache call that cannot reach it logs a
warning and answers as a miss, and the page cache then serves uncached. Nothing else is needed
to recover: the next call tries Redis again.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# Apps whose records appear on public pages: a change to any of them starts a new generation.
CONTENT_APPS = frozenset({"projects", "lessons"})


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, answering a miss (and logging) instead of raising when Redis
    cannot be reached."""

    def _unreachable(self, error: RedisError, default):
        logger.warning("cache unavailable (%s): serving without it", error)
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._unreachable(error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._unreachable(error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            return self._unreachable(error, False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._unreachable(error, False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._unreachable(error, None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            return self._unreachable(error, list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return self._unreachable(error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._unreachable(error, False)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            self._unreachable(error, None)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            return self._unreachable(error, False)


def _new_generation() -> str:
    return str(time.time_ns())


def content_generation() -> str | None:
    """The current generation, started if there is none; None when the cache is unreachable."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def start_new_generation() -> None:
    """Every server's cached pages are out of date from now on."""
    if settings.PAGE_CACHE_SECONDS:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def content_changed(sender, raw=False, **kwargs) -> None:
    """Signal receiver: a new generation once the change commits. Loading a backup (``raw``)
    starts one itself when it is done."""
    if sender._meta.app_label in CONTENT_APPS and not raw:
        transaction.on_commit(start_new_generation, robust=True)


class PageCacheMiddleware:
    """Serve anonymous GET requests from the shared cache under the current generation.

    Bypassed for visitors with a session (editors see their own admin links and previews) and
    never storing a response that sets a cookie, is private or uncacheable, or failed."""

    def __init__(self, get_response):
        if not settings.PAGE_CACHE_SECONDS:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        generation = content_generation()
        if generation is None:
            return self.get_response(request)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"page:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _storable(response):
            stored = (response.status_code, list(response.items()), response.content)
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        return response


def _storable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-cache", "no-store"))
    )
