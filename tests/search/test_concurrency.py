"""Several processes saving at once never raise LockError and never lose an index update.

The workers need a database every process can see, so the test makes a throwaway one (a SQLite
file, or a PostgreSQL database on the test server), migrates it, runs the workers against it
in parallel, and then asks ``check_index`` to compare index and database.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
WORKERS = 4
ROUNDS = 12


@pytest.fixture
def sandbox(tmp_path):
    """Environment variables pointing a process at a fresh, migrated database and index."""
    db = connection.settings_dict
    name = f"spi_search_concurrency_{uuid.uuid4().hex[:8]}"
    if connection.vendor == "postgresql":
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
        admin = psycopg2.connect(
            dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"]
        )
        admin.autocommit = True
    else:
        # Several SQLite writers need transactions that take the write lock up front (and a
        # patient wait for it); that is SQLite's rule for any multi-process use.
        url = f"sqlite:///{tmp_path / 'db.sqlite3'}?transaction_mode=IMMEDIATE&timeout=60"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "spi_portal.settings.dev",
        "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "SEARCH_BACKEND": settings.SEARCH_BACKEND,
    }
    if connection.vendor == "postgresql":
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        manage(env, "migrate", "--verbosity=0")
        # A deployment builds its index before serving (make serve, make prod); the workers
        # then race on updates to it, which is what this test is about.
        manage(env, "rebuild_index", "--verbosity=0")
        yield env
    finally:
        if connection.vendor == "postgresql":
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("backend", ["whoosh", "postgres"])
def test_parallel_saves_leave_index_and_database_equal(sandbox, backend):
    if backend == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL engine needs a PostgreSQL database (set DATABASE_URL)")
    env = sandbox | {"SEARCH_BACKEND": backend}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.search.concurrency_worker", str(n), str(ROUNDS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert "LockError" not in err and "busy" not in err

    check = manage(env, "check_index")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Index matches the database" in check.stdout
    queued = manage(
        env,
        "shell",
        "-c",
        "from search.models import PendingUpdate; "
        "from search.backends import get_backend; "
        "print(PendingUpdate.objects.count(), len(get_backend().fingerprints()))",
    )
    pending, indexed = map(int, queued.stdout.split()[-2:])
    assert pending == 0
    # Per worker: 12 rounds, minus 3 unpublished and 2 deleted (one of them unpublished).
    assert indexed >= WORKERS * (ROUNDS - 4)
