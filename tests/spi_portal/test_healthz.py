"""/healthz reports the database, the search index against published records, and the cache."""

import shutil

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.urls import reverse

from search import indexing
from search.models import PendingUpdate
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    make_project(title="Pangolin patrol")
    indexing.rebuild()


def health(client):
    response = client.get(reverse("healthz"))
    return response, response.json()


def test_all_checks_hold(client, site):
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "ok" and body["failing"] == []
    assert body["checks"]["search"]["documents"] == body["checks"]["search"]["published"] == 2
    assert "no-store" in response["Cache-Control"]


def test_a_deleted_index_is_named(client, site, settings):
    shutil.rmtree(settings.SEARCH_INDEX_DIR)
    response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["search"]
    assert "no search index" in body["checks"]["search"]["error"]


def test_an_index_missing_records_is_named(client, site):
    make_project(title="Added without an index update", cohort_year=2016)
    PendingUpdate.objects.all().delete()
    response, body = health(client)
    assert response.status_code == 503
    search = body["checks"]["search"]
    assert (search["documents"], search["published"]) == (2, 4)


def test_an_index_catching_up_with_queued_updates_holds(client, site):
    make_project(title="Queued", cohort_year=2016)
    assert PendingUpdate.objects.exists()
    assert health(client)[0].status_code == 200


def test_a_database_down_is_named(client, site):
    def refuse(*args):
        raise OperationalError("server closed the connection")

    with connection.execute_wrapper(refuse):
        response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["database", "search"]
    assert body["checks"]["database"]["error"] == "server closed the connection"


def test_a_cache_that_loses_values_is_named(client, site, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["cache"]


def test_an_index_a_moment_behind_is_looked_at_again_before_it_is_named(client, site, monkeypatch):
    from spi_portal.views import health as view

    make_project(title="Published a moment ago", cohort_year=2016)
    PendingUpdate.objects.all().delete()  # applied, but the index commit not yet visible
    monkeypatch.setattr(view, "SEARCH_LOOK_PAUSE", 0)
    looks = []
    real = indexing.count_public

    def catching_up():
        looks.append(1)
        if len(looks) > 1:
            indexing.apply_pending()
            indexing.rebuild()
        return real()

    monkeypatch.setattr(view, "count_public", catching_up)
    response, body = health(client)
    assert response.status_code == 200, body
    assert len(looks) == 2
