"""The portal as production runs it, tested from outside: gunicorn processes with production
settings on a throwaway copy of the portal (see tools.loadtest), spoken to over HTTP on
the loopback address. Each test is bounded in time and cleans up after itself."""

import random
import shutil
import socket
import subprocess
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest
import redis
from django.conf import settings

from tools.loadtest import Sandbox, Server, Visitor, free_port, run_load

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
NEEDS_POSTGRES = "needs PostgreSQL: run the tests with DATABASE_URL=postgres://..."


def redis_answers(port: int = 6379) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(not ON_POSTGRES, reason=NEEDS_POSTGRES)
def test_32_clients_for_20_seconds_no_5xx_no_lost_edit_index_consistent():
    with Sandbox(editors=4) as sandbox:
        report = run_load(sandbox, seconds=20, clients=32, editors=4, workers=4)
    print("\n".join(report.lines()))
    assert report.server_errors == 0 and report.failures == []
    assert report.landed and report.lost == []
    assert report.publishes
    assert "Index matches the database" in report.index_check


@pytest.mark.skipif(not ON_POSTGRES, reason=NEEDS_POSTGRES)
@pytest.mark.skipif(not redis_answers(), reason="needs Redis at 127.0.0.1:6379")
def test_a_publish_through_one_server_shows_on_the_other_at_once():
    # A Redis database of its own, emptied first, so no other run's cached pages meet these.
    cache_url = f"redis://127.0.0.1:6379/{random.randrange(8, 16)}"
    redis.Redis.from_url(cache_url).flushdb()
    with (
        Sandbox(editors=1, SEARCH_BACKEND="postgres", CACHE_URL=cache_url) as sandbox,
        Server(sandbox, workers=1) as one,
        Server(sandbox, workers=1) as other,
    ):
        lesson = sandbox.run(
            "shell",
            "-c",
            "from lessons.models import Lesson; l = Lesson.objects.published().order_by('pk')"
            "[0]; print(l.pk, l.get_absolute_url())",
        ).split()[-2:]
        pk, address = int(lesson[0]), lesson[1]
        reader = Visitor(other.port)
        assert reader.get(address).status == 200
        assert reader.get(address).status == 200  # now from the shared cache
        editor = Visitor(one.port)
        editor.log_in(sandbox.editors[0])

        def act(action: str) -> None:
            data = {"action": action, "_selected_action": pk, "index": 0, "select_across": 0}
            assert editor.post("/admin/lessons/lesson/", data).status == 302

        act("unpublish_selected")
        assert reader.get(address).status == 404
        act("publish_selected")
        assert reader.get(address).status == 200
        for server in (one, other):
            health = Visitor(server.port).get("/healthz")
            assert health.status == 200, health.body
            assert '"engine": "postgres"' in health.body


@pytest.fixture
def serving():
    """A sandbox (on SQLite unless the tests run on PostgreSQL) and one gunicorn on it."""
    with Sandbox(editors=0) as sandbox, Server(sandbox, workers=2) as server:
        yield sandbox, server


def answers(server: Server, *addresses: str) -> list[int]:
    visitor = Visitor(server.port)
    return [visitor.get(address).status for address in addresses]


def test_index_deleted_then_corrupted_while_serving(serving):
    sandbox, server = serving
    index = Path(sandbox.env["SEARCH_INDEX_DIR"])
    search = "/search/?q=foot+patrol"
    assert answers(server, search, "/search.json?q=patrol", "/") == [200, 200, 200]

    shutil.rmtree(index)
    page = Visitor(server.port).get(search)
    assert page.status == 503 and page.headers["Retry-After"] == "60"
    assert "Search is temporarily unavailable" in page.body
    assert answers(server, "/search.json?q=patrol", "/", "/sites/", "/healthz") == [
        503,
        200,
        200,
        503,
    ]
    sandbox.run("check_index", "--fix")
    assert answers(server, search, "/healthz") == [200, 200]

    for path in (index / "current").iterdir():
        if path.suffix in (".toc", ".seg"):
            path.write_bytes(b"\0" * path.stat().st_size)
    assert answers(server, search, "/search.json?q=patrol", "/lessons/") == [503, 503, 200]
    with pytest.raises(RuntimeError, match="unreadable"):
        sandbox.run("check_index")
    sandbox.run("check_index", "--fix")
    assert answers(server, search, "/healthz") == [200, 200]


def test_database_unavailable_mid_run_then_back(serving):
    sandbox, server = serving
    assert answers(server, "/", "/search.json?q=patrol") == [200, 200]
    if sandbox.postgres:
        sandbox.admin(f'ALTER DATABASE "{sandbox.name}" ALLOW_CONNECTIONS false')
        sandbox.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{sandbox.name}'"
        )
    else:
        database = Path(sandbox.env["DATABASE_URL"].removeprefix("sqlite:///"))
        intact = database.read_bytes()
        database.write_bytes(b"\0" * len(intact))  # damaged in place, under open connections
    visitor = Visitor(server.port)
    for address in ("/", "/sites/", "/lessons/", "/search/?q=patrol", "/feed/"):
        page = visitor.get(address)
        assert page.status == 503, (address, page.status)
        assert page.headers["Retry-After"] == "30"
        assert "temporarily unavailable" in page.body and "Traceback" not in page.body
    search = visitor.get("/search.json?q=patrol")
    assert search.status == 503 and search.headers["Content-Type"] == "application/json"
    health = visitor.get("/healthz")
    assert health.status == 503 and '"failing": ["database", "search"]' in health.body

    if sandbox.postgres:
        sandbox.admin(f'ALTER DATABASE "{sandbox.name}" ALLOW_CONNECTIONS true')
    else:
        database.write_bytes(intact)
    assert answers(server, "/", "/search.json?q=patrol", "/healthz") == [200, 200, 200]


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_redis_stopped_mid_run_pages_served_uncached_then_cached_again():
    port = free_port()
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--appendonly", "no"]
    redis_server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not redis_answers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        cache_url = f"redis://127.0.0.1:{port}/0"
        with Sandbox(editors=0, CACHE_URL=cache_url) as sandbox, Server(sandbox) as server:
            assert answers(server, "/", "/sites/", "/healthz") == [200, 200, 200]
            redis_server.terminate()
            redis_server.wait(timeout=10)
            assert answers(server, "/", "/sites/", "/lessons/", "/search/?q=patrol") == [200] * 4
            health = Visitor(server.port).get("/healthz")
            assert health.status == 503 and '"failing": ["cache"]' in health.body
            redis_server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            while not redis_answers(port) and time.monotonic() < deadline + 20:
                time.sleep(0.1)
            assert answers(server, "/", "/healthz") == [200, 200]
    finally:
        redis_server.terminate()
        redis_server.wait(timeout=10)


def test_a_foreign_port_reaches_neither_a_page_nor_the_cache(serving):
    """gunicorn tells the port it listens on; a Host naming another is refused before any page
    or cache sees it, so the next plain visitor's sitemap names the real address."""
    _sandbox, server = serving

    def ask(method: str, host: str, path: str = "/sitemap.xml") -> tuple[int, bytes]:
        connection = HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request(method, path, headers={"Host": host})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    assert ask("GET", "localhost:6666")[0] == 400
    status, body = ask("GET", f"localhost:{server.port}")
    assert status == 200
    assert f"<loc>http://localhost:{server.port}/sitemap-pages.xml</loc>".encode() in body
    assert b"6666" not in body
    assert ask("HEAD", f"localhost:{server.port}", "/api/") == (200, b"")
    assert ask("TRACE", f"localhost:{server.port}", "/")[0] == 405
