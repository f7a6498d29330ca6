"""Production settings plus the benchmark's floor page (``benchmark_portal``). Never used to serve
the public. ``BENCHMARK_PAGE_CACHE=off`` turns the whole-page cache off, so the benchmark can show
what rendering a page costs as well as what serving it costs."""

from .env import env_bool
from .prod import *  # noqa: F403
from .prod import CACHES

ROOT_URLCONF = "spi_portal.benchmark_urls"
if not env_bool("BENCHMARK_PAGE_CACHE", True):
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
