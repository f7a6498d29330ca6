"""A worker's SQLite connection follows the database file (spi_portal/db/sqlite3): a file put
back in place is read at the next request, not 50-60 s later when the connection ages out; a
connection that met an error is not reused; a deleted file is an outage, never made anew."""

import os
import sqlite3

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from spi_portal.settings.base import database

# pytest-django lets a test open connections only with the mark; these are their own files.
pytestmark = pytest.mark.django_db


def _file(path, word: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE said (word TEXT)")
        db.execute("INSERT INTO said VALUES (?)", [word])
    db.close()


@pytest.fixture
def worker(tmp_path):
    """A connection as a web worker keeps it: persistent, checked at each request's start."""
    path = tmp_path / "db.sqlite3"
    _file(path, "old")
    config = database(f"sqlite:///{path}") | {"CONN_MAX_AGE": 60}
    connection = ConnectionHandler({"default": config})["default"]
    yield connection, path
    connection.close()


def _request(connection) -> str:
    """What one request reads: Django's checks at its start, then a query."""
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM said")
        return cursor.fetchone()[0]


def test_a_file_moved_into_place_is_read_at_the_next_request(worker, tmp_path):
    connection, path = worker
    assert _request(connection) == "old"
    _file(tmp_path / "restored.sqlite3", "restored")
    os.replace(tmp_path / "restored.sqlite3", path)
    assert _request(connection) == "restored"


def test_a_connection_that_met_an_error_is_not_reused(worker):
    connection, _ = worker
    _request(connection)
    opened = connection.connection
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    _request(connection)
    assert connection.connection is not opened


def test_a_deleted_file_is_an_outage_not_a_new_empty_file(worker):
    connection, path = worker
    _request(connection)
    path.unlink()
    with pytest.raises(OperationalError, match="gone"):
        _request(connection)
    assert not path.exists()
    _file(path, "put back")
    assert _request(connection) == "put back"
