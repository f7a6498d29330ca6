"""Deployment checks (``manage.py check --deploy``) for what the page cache relies on."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host
from redis.exceptions import RedisError

from spi_portal.cache import ForgivingRedisCache


@register(Tags.caches, deploy=True)
def redis_evicts(app_configs, **kwargs):
    """Pages are cached until they expire; a Redis that may not evict refuses every write once
    full, so ``maxmemory`` must go with an eviction policy (README, "Several servers")."""
    cache = caches["pages"]
    if not isinstance(cache, ForgivingRedisCache):
        return []
    try:
        client = cache._cache.get_client(write=False)
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except RedisError:  # unreachable, or CONFIG not allowed (a managed Redis): not ours to tell
        return []
    if policy != "noeviction":
        return []
    return [
        Warning(
            "Redis (CACHE_URL) evicts nothing when full (maxmemory-policy noeviction): once "
            "maxmemory is reached every cached page is refused.",
            hint="Set maxmemory-policy allkeys-lru in redis.conf or with CONFIG SET.",
            id="spi_portal.cache.W001",
        )
    ]


@register(deploy=True)
def site_url_is_allowed(app_configs, **kwargs):
    """Reads are answered as if asked at SITE_URL's host (spi_portal.addresses), which Django
    only accepts when ALLOWED_HOSTS names it."""
    if not settings.SITE_URL:
        return []
    host = urlsplit(settings.SITE_URL).hostname
    if validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS: pages name the host each "
            "request came to instead.",
            hint=f"Add {host} to ALLOWED_HOSTS.",
            id="spi_portal.cache.W002",
        )
    ]
