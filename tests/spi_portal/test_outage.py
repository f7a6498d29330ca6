"""Database unreachable or unreadable: every page answers 503 with Retry-After and a plain page
(JSON for JSON addresses), never a 500 or a stack trace, and the site recovers by itself."""

import dj_database_url
import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse

from search import indexing
from spi_portal.outage import is_outage
from tests.factories import make_project, make_staff

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
