"""Fixtures every test folder can use."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from editorial import kept
from search import indexing
from search.backends import get_backend
from search.backends.whoosh import WhooshBackend


@pytest.fixture(scope="session", autouse=True)
def _folders(tmp_path_factory):
    """Uploads and the search index of this run (of this worker, under xdist) in pytest's
    temporary folder: parallel workers never share an index, and a passing run leaves nothing
    behind (tmp_path_retention_policy)."""
    root = tmp_path_factory.mktemp("portal")
    with override_settings(MEDIA_ROOT=root / "media", SEARCH_INDEX_DIR=root / "search_index"):
        yield


@pytest.fixture(autouse=True)
def _nothing_kept():
    """A test that commits (``transaction=True``) empties the database afterwards under a
    content version the next may reach again: no work kept under a version (``editorial.kept``)
    outlives its test."""
    yield
    caches["default"].clear()
    kept.forget()


@pytest.fixture(scope="module")
def real_data(django_db_setup, django_db_blocker):
    """The portal's real content, loaded once per module and rolled back afterwards (a flush
    would also delete the permissions and groups that migrations made, which later tests use)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_portal_data", no_index=True, verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def page_cache(settings):
    """The whole-page cache on (tests run with it off), empty before and after."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a write does once its transaction commits (tests never commit)."""

    def write(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return write


@pytest.fixture(scope="module")
def asked_index(real_data, django_db_blocker, tmp_path_factory):
    """A Whoosh index of the real content, with its document vectors, for the question box."""
    with django_db_blocker.unblock():
        folder = tmp_path_factory.mktemp("ask-index")
        indexing.rebuild(WhooshBackend(folder))
        yield folder


@pytest.fixture
def asked(settings, asked_index):
    """The question box answering from the real content (the configured engine is that index)."""
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = asked_index
    return get_backend()
