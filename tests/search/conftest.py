"""Search engines for the tests: each one empty, or holding the real content, Whoosh always and
PostgreSQL when the tests run on it."""

import pytest
from django.db import connection

from search import indexing
from search.backends import get_backend
from search.backends.postgres import PostgresBackend
from search.backends.whoosh import WhooshBackend

ENGINES = ["whoosh", "postgres"]
NEEDS_POSTGRES = (
    "the PostgreSQL engine needs a PostgreSQL database: run the tests with "
    "DATABASE_URL=postgres://... to include it"
)


def skip_without_postgres(name: str) -> None:
    if name == "postgres" and connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path):
    """Each engine in turn, empty, as the configured one (its own index directory)."""
    skip_without_postgres(request.param)
    settings.SEARCH_BACKEND = request.param
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    backend = get_backend()
    if request.param == "whoosh":
        backend.rebuild(iter(()))  # only a rebuild creates an index
    return backend


@pytest.fixture(scope="module", params=ENGINES)
def real_engine(request, real_data, django_db_blocker, tmp_path_factory):
    """Each engine with the real content indexed."""
    with django_db_blocker.unblock():
        skip_without_postgres(request.param)
        if request.param == "postgres":
            backend = PostgresBackend()
        else:
            backend = WhooshBackend(tmp_path_factory.mktemp("real-index"))
        indexing.rebuild(backend)
        yield backend
