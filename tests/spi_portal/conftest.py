"""Fixtures of the site shell's tests: the whole-page cache switched on, and writes committed."""

import pytest
from django.core.cache import caches


@pytest.fixture
def page_cache(settings):
    """The whole-page cache as production has it (the test settings turn it off)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a write does once its transaction commits (tests never commit, and the page
    cache's content version and the search index move only on a commit)."""

    def write(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return write
