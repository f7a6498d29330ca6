"""Choose the search engine from settings: ``SEARCH_BACKEND`` ("whoosh", the default, or
"postgres") and, for Whoosh, ``SEARCH_INDEX_DIR``. One engine object per configuration is kept
for the life of the process, so its open searcher is reused across requests."""

from functools import cache

from django.conf import settings

from .base import IndexBusy, IndexUnavailable, IndexWriter, SearchBackend

__all__ = ["IndexBusy", "IndexUnavailable", "IndexWriter", "SearchBackend", "get_backend"]


def get_backend(name: str | None = None) -> SearchBackend:
    name = name or settings.SEARCH_BACKEND
    return _backend(name, str(settings.SEARCH_INDEX_DIR))


@cache
def _backend(name: str, index_dir: str) -> SearchBackend:
    if name == "postgres":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if name == "whoosh":
        from .whoosh import WhooshBackend

        return WhooshBackend(index_dir)
    raise ValueError(f"unknown search backend {name!r}")
