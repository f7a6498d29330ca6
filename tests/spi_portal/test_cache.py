"""A Redis that is down costs speed, never a page: every cache call answers a miss, and public
pages are served uncached until it is back."""

import socket

import pytest
from django.urls import reverse

from spi_portal.cache import ForgivingRedisCache
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_down() -> dict:
    return {
        "BACKEND": "spi_portal.cache.ForgivingRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def test_redis_down_answers_misses_instead_of_raising(caplog):
    down = ForgivingRedisCache(redis_down()["LOCATION"], redis_down())
    down.set("key", "value")
    assert down.get("key", "fallback") == "fallback"
    assert down.add("key", "value") is False
    assert down.get_many(["key"]) == {}
    assert down.get_or_set("key", "computed") == "computed"
    assert down.delete("key") is False
    assert "cache unavailable" in caplog.text


def test_pages_are_served_uncached_while_redis_is_down(settings, client):
    settings.CACHES = {"default": redis_down(), "pages": redis_down() | {"KEY_PREFIX": "pages"}}
    project = make_project(title="Pangolin patrol")
    listing = reverse("projects:list")
    assert b"Pangolin patrol" in client.get(listing).content
    type(project).objects.filter(pk=project.pk).update(title="Renamed quietly")
    response = client.get(listing)
    assert response.status_code == 200
    assert b"Renamed quietly" in response.content  # uncached: the database answered
    assert "cache" in client.get(reverse("healthz")).json()["failing"]
