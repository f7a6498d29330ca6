"""Database unreachable or unreadable: every page answers 503 with Retry-After and a plain page
(JSON for JSON addresses), never a 500 or a stack trace, and the site recovers by itself."""

import errno
import io
import os
import sqlite3
import subprocess
import sys

import dj_database_url
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError, OperationalError, connection
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse
from PIL import Image

from search import indexing
from spi_portal.outage import is_outage
from spi_portal.settings import base as settings_base
from spi_portal.settings.base import database
from tests.admin_forms import form_data
from tests.factories import make_agency, make_project, make_staff
from tests.startup import ROOT, manage, production

pytestmark = pytest.mark.django_db

PAGES = ["/", "/sites/", "/agencies/", "/strategies/", "/lessons/", "/search/?q=patrol", "/feed/"]


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def editor():
    client = Client(raise_request_exception=False)
    client.force_login(make_staff("Publisher"))
    return client


@pytest.fixture
def site(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    make_project(title="Pangolin patrol")
    indexing.rebuild()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_503_while_the_database_is_down(visitor, site, path):
    with connection.execute_wrapper(refuse):
        response = visitor.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"temporarily unavailable" in response.content
    assert b"Traceback" not in response.content and b"5432" not in response.content
    assert visitor.get(path).status_code == 200  # the next request finds the database back


def test_json_search_answers_json(visitor):
    with connection.execute_wrapper(refuse):
        response = visitor.get(reverse("search:search-json"), {"q": "patrol"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "temporarily unavailable" in response.json()["error"]


def test_signed_in_editor_gets_503_not_500(editor):
    """The session and the user are read from the database before any view runs."""
    with connection.execute_wrapper(refuse):
        response = editor.get(reverse("admin:index"))
    assert response.status_code == 503
    assert editor.get(reverse("admin:index")).status_code == 200


def test_a_corrupt_sqlite_file_counts_as_an_outage(tmp_path):
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    corrupt = ConnectionHandler({"default": dj_database_url.parse(f"sqlite:///{path}")})["default"]
    with pytest.raises(DatabaseError) as raised:
        corrupt.cursor().execute("SELECT count(*) FROM django_migrations")
    corrupt.close()
    assert "file is not a database" in str(raised.value)
    assert is_outage(raised.value)


def test_a_bug_in_a_query_stays_a_500():
    assert not is_outage(IntegrityError("duplicate key"))
    assert not is_outage(ValueError("boom"))


# A request under the production settings in a process of its own (so the database timeouts
# are the ones gunicorn's workers get); with an SQL statement given, every query first runs it.
REQUEST = """
import sys, time
import django
from django.conf import settings
django.setup()
from django.db import connection
from django.test import Client

def hang_first(execute, sql, params, many, context):
    execute(sys.argv[1], None, False, context)
    return execute(sql, params, many, context)

started = time.monotonic()
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
if sys.argv[1]:
    with connection.execute_wrapper(hang_first):
        response = client.get("/", secure=True)
else:
    response = client.get("/", secure=True)
print(response.status_code, response.get("Retry-After"), round(time.monotonic() - started, 1))
"""


def request_in_production(tmp_path, database_url: str, hang: str = "") -> tuple[int, str, float]:
    env = production(tmp_path, DATABASE_URL=database_url)
    result = subprocess.run(
        [sys.executable, "-c", REQUEST, hang],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    status, retry_after, seconds = result.stdout.split()[-3:]
    return int(status), retry_after, float(seconds)


def test_a_locked_sqlite_database_answers_503_within_seconds(tmp_path):
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        status, retry_after, seconds = request_in_production(tmp_path, f"sqlite:///{path}")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (status, retry_after) == (503, "30")
    assert seconds < 10  # gunicorn kills a worker after 30 s


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL statement timeout")
def test_a_hung_postgresql_statement_answers_503_within_seconds(tmp_path):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    status, retry_after, seconds = request_in_production(tmp_path, url, "SELECT pg_sleep(40)")
    assert (status, retry_after) == (503, "30")
    assert seconds < 10


def test_database_timeouts_are_shorter_than_gunicorns(tmp_path, monkeypatch):
    # The web's limit (this test process, like manage.py, runs without one: settings/test.py).
    monkeypatch.setattr(settings_base, "DATABASE_STATEMENT_TIMEOUT", 5)
    postgres = database("postgres://u@db/spi")["OPTIONS"]
    assert postgres["connect_timeout"] == 3
    assert "-c statement_timeout=5000" in postgres["options"]
    assert database(f"sqlite:///{tmp_path / 'spi.sqlite3'}")["OPTIONS"]["timeout"] == 5


def test_commands_run_without_a_statement_limit(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = manage(production(tmp_path), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert "'timeout': 3600" in result.stdout


def disk_full(*args):
    raise OperationalError("database or disk is full")


def test_a_full_disk_is_named_as_such(visitor):
    with connection.execute_wrapper(disk_full):
        response = visitor.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"disk is full" in response.content
    assert b"cannot be reached" not in response.content


class FullDisk:
    """A file opened for writing on a disk with no room left."""

    def __init__(self, file):
        self.file = file

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_an_upload_on_a_full_disk_answers_503_and_leaves_no_file(editor, settings, monkeypatch):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "full"
    agency = make_agency()
    url = reverse("admin:projects_agency_change", args=[agency.pk])
    data = form_data(editor.get(url))
    picture = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(picture, "PNG")
    data["patch"] = SimpleUploadedFile("patch.png", picture.getvalue())
    real = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        file = real(fd, mode, *args, **kwargs)
        path = os.readlink(f"/proc/self/fd/{fd}")
        return FullDisk(file) if "w" in mode and path.startswith(str(settings.MEDIA_ROOT)) else file

    monkeypatch.setattr(os, "fdopen", fdopen)
    response = editor.post(url, data)
    assert response.status_code == 503
    assert b"disk is full" in response.content
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []
    agency.refresh_from_db()
    assert not agency.patch
