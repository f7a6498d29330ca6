"""/healthz reports the database (reachable, its file in place and writable), the search index
(readable, writable, matching the published records, no update stuck in the queue), the cache
and free disk space; within two seconds whatever hangs, and without paths or hosts.

The checks run in threads with their own database connections, so these tests commit their
records (transaction=True) for those connections to see them."""

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from search import indexing
from search.models import PendingUpdate
from spi_portal.views import health as view
from tests.factories import make_project
from tests.startup import ROOT, production

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_a_deleted_index_is_named_without_its_path(client, site, settings):
    shutil.rmtree(settings.SEARCH_INDEX_DIR)
    response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["search"]
    assert body["checks"]["search"]["error"] == "the search index is missing or unreadable"
    assert str(settings.SEARCH_INDEX_DIR) not in response.text


def make_unindexed_project(**fields):
    """A project committed without its search update, as if the update were lost."""
    with transaction.atomic():
        project = make_project(cohort_year=2016, **fields)
        PendingUpdate.objects.all().delete()
    return project


def test_an_index_missing_records_is_named(client, site):
    make_unindexed_project(title="Added without an index update")
    response, body = health(client)
    assert response.status_code == 503
    search = body["checks"]["search"]
    assert (search["documents"], search["published"]) == (2, 4)


def test_an_index_catching_up_with_queued_updates_holds(client, site):
    project = make_unindexed_project(title="Queued")
    PendingUpdate.objects.create(key=f"project:{project.pk}")
    assert health(client)[0].status_code == 200


def test_a_database_down_is_named_without_its_host(client, site, monkeypatch, caplog):
    def refuse():
        raise OperationalError('connection to server at "db.internal" (10.1.2.3) failed')

    monkeypatch.setattr(view, "check_database", refuse)
    response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["database", "search"]
    assert body["checks"]["database"]["error"] == "the database cannot be reached or read"
    assert "10.1.2.3" not in response.text and "db.internal" not in response.text
    assert "10.1.2.3" in caplog.text  # the detail is for the operator's log


def test_a_cache_that_loses_values_is_named(client, site, monkeypatch):
    # On the class: the check's thread has a cache object of its own.
    monkeypatch.setattr(LocMemCache, "get", lambda *args, **kwargs: None)
    response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["cache"]


def test_an_index_a_moment_behind_is_looked_at_again_before_it_is_named(client, site, monkeypatch):
    make_unindexed_project(title="Published a moment ago")  # the index commit not yet seen
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


@contextlib.contextmanager
def unwritable(path: Path):
    """``path`` made unwritable even for root (who ignores permission bits): the immutable
    attribute there, read-only permissions for anyone else."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def test_an_index_that_cannot_be_written_is_named(client, site, settings):
    live = Path(settings.SEARCH_INDEX_DIR) / "current"
    with unwritable(live.resolve()):
        response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["search"]
    assert "cannot be written" in body["checks"]["search"]["error"]


def test_updates_queued_for_more_than_a_minute_are_named(client, site):
    project = make_unindexed_project(title="Queued long ago")
    PendingUpdate.objects.create(key=f"project:{project.pk}")
    PendingUpdate.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["search"]
    assert "waiting for more than a minute" in body["checks"]["search"]["error"]


def test_a_nearly_full_disk_is_named_without_its_path(client, site, monkeypatch, settings):
    free = view.MIN_FREE_BYTES - 1
    monkeypatch.setattr(
        view.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(1, 1, free)
    )
    response, body = health(client)
    assert response.status_code == 503
    assert body["failing"] == ["disk"]
    assert "the disk is (nearly) full where the uploads" in body["checks"]["disk"]["error"]
    assert str(settings.MEDIA_ROOT) not in response.text


def test_a_check_that_hangs_is_reported_within_two_seconds(client, site, monkeypatch):
    released = threading.Event()
    monkeypatch.setattr(view, "check_cache", lambda: released.wait(30) and {"ok": True})
    started = time.monotonic()
    try:
        response, body = health(client)
    finally:
        released.set()
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["error"].startswith("no answer within")


# /healthz of a server on a SQLite file, asked after the test's step (Python) has run there.
HEALTH_AFTER = """
import os, sys
import django
django.setup()
from django.db import connection
from django.test import Client
exec(sys.argv[1])
print(Client(HTTP_HOST="localhost").get("/healthz", secure=True).json()["checks"]["database"])
"""


@pytest.fixture
def sqlite_server(tmp_path):
    env = production(tmp_path)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr
    return env, tmp_path / "portal.sqlite3"


def database_health_after(sqlite_server, step: str) -> str:
    env, path = sqlite_server
    result = subprocess.run(
        [sys.executable, "-c", HEALTH_AFTER, step],
        cwd=ROOT,
        env=env | {"DATABASE_FILE": str(path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_deleted_database_file_is_named(sqlite_server):
    # The server's connection is open when the file goes, and goes on reading the deleted file.
    step = "connection.ensure_connection(); os.remove(os.environ['DATABASE_FILE'])"
    found = database_health_after(sqlite_server, step)
    assert found == "{'ok': False, 'error': 'the database file is gone'}"


def test_a_read_only_database_file_is_named(sqlite_server):
    with unwritable(sqlite_server[1]):
        found = database_health_after(sqlite_server, "pass")
    assert found == "{'ok': False, 'error': 'the database file is read-only'}"


def test_a_sound_database_file_holds(sqlite_server):
    assert database_health_after(sqlite_server, "pass") == "{'ok': True}"
