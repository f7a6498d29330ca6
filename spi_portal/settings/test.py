"""Tests: the same stack as production, with what makes tests fast and isolated."""

import os

# The test process is a command, not a web worker: as manage.py does, it lifts the statement
# limit, so a test that holds a lock on purpose (two editors racing) is never cut off by it. The
# web's limit is tested in production processes of their own (tests/spi_portal/test_outage.py),
# which start from none of this process's settings variables.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")

from .base import *  # noqa: F403
from .env import env_str

SECRET_KEY = env_str("SECRET_KEY", "test-only-not-secret-8d1f4b7a0c3e6f9b2d5a8c1e4f7b0a3d6c9e2f5a")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# MEDIA_ROOT and SEARCH_INDEX_DIR: each test run (each xdist worker) gets its own under pytest's
# temporary folder, which a passing run removes (tests/conftest.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Tests write inside a transaction that never commits, so the content version never moves:
    # whole-page caching is tested on its own (tests/spi_portal/test_page_cache*.py).
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
