"""Answers are cached under the index's generation: asked again, a search is not worked out
again, and once the index changes, the next search sees the change."""

import pytest

from search import indexing
from search.query import SearchRequest
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def test_a_search_asked_again_is_answered_from_the_cache_until_the_index_changes(
    engine, cached, monkeypatch
):
    make_project(title="Foot patrol in Philadelphia")
    indexing.apply_pending()
    runs = []
    run = type(engine).run
    monkeypatch.setattr(type(engine), "run", lambda *a, **k: runs.append(1) or run(*a, **k))

    first = engine.search(SearchRequest("foot patrol"))
    again = engine.search(SearchRequest("foot patrol"))
    assert len(runs) == 1, "the second answer comes from the cache"
    assert again.total == first.total > 0
    assert engine.search(SearchRequest("foot patrol", page=2)).total == first.total
    assert len(runs) == 2, "another page is another question"

    make_project(title="Foot patrol in Boston")
    indexing.apply_pending()
    assert engine.search(SearchRequest("foot patrol")).total > first.total
