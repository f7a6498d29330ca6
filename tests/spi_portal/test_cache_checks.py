"""The deployment checks behind the page cache: a Redis that evicts nothing when full, and a
SITE_URL whose host Django would refuse."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.checks import run_checks


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_with_policy(settings):
    """A Redis of the test's own (CONFIG is server-wide) with the given eviction policy, as
    the pages cache."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    servers = []

    def start(policy: str):
        port = _free_port()
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--maxmemory-policy", policy],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        servers.append(server)
        url = f"redis://127.0.0.1:{port}/0"
        for _ in range(50):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        settings.CACHES = {
            **settings.CACHES,
            "pages": {"BACKEND": "spi_portal.cache.ForgivingRedisCache", "LOCATION": url},
        }

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def _ids(**kwargs) -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True, **kwargs)}


def test_a_redis_that_evicts_nothing_is_warned_of(redis_with_policy):
    redis_with_policy("noeviction")
    assert "spi_portal.cache.W001" in _ids()


def test_a_redis_that_evicts_the_least_used_passes(redis_with_policy):
    redis_with_policy("allkeys-lru")
    assert "spi_portal.cache.W001" not in _ids()


def test_an_unreachable_redis_is_not_a_check_failure(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "spi_portal.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    assert "spi_portal.cache.W001" not in _ids()


def test_a_site_url_outside_allowed_hosts_is_warned_of(settings):
    settings.SITE_URL = "https://spi.example.org"
    assert "spi_portal.cache.W002" in _ids()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "spi.example.org"]
    assert "spi_portal.cache.W002" not in _ids()
