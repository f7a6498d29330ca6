"""Production settings plus the benchmark's floor page, for the throwaway portals
``benchmark_portal`` serves. Never used to serve the public. ``BENCHMARK_PAGE_CACHE=off`` turns
the whole-page cache off, so the benchmark can show what rendering a page costs as well as what
serving it costs."""

from django.core.exceptions import ImproperlyConfigured

from spi_portal.settings.env import env_bool
from spi_portal.settings.prod import *  # noqa: F403
from spi_portal.settings.prod import CACHES, MIDDLEWARE

PAGE_CACHE = "spi_portal.middleware.PublicPageCache"
if PAGE_CACHE not in MIDDLEWARE:
    raise ImproperlyConfigured(f"the floor page passes by {PAGE_CACHE}, no longer in MIDDLEWARE")

ROOT_URLCONF = "tools.floor"
MIDDLEWARE = [
    "tools.floor.PageCacheBesideFloor" if name == PAGE_CACHE else name for name in MIDDLEWARE
]
if not env_bool("BENCHMARK_PAGE_CACHE", True):
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
