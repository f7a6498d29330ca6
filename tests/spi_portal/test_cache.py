"""The shared cache: public pages are served from it until content changes, and a Redis that is
down costs speed, never a page."""

import socket

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from spi_portal.cache import GENERATION_KEY, ForgivingRedisCache
from tests.factories import make_project, make_staff

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def listed(client, title: str) -> bool:
    return title.encode() in client.get(reverse("projects:list")).content


def test_a_page_is_served_from_the_cache_until_content_changes(page_cache, client):
    project = make_project(title="Pangolin patrol")
    assert listed(client, "Pangolin patrol")
    # Changed behind the portal's back (no signal): the cached page is still served.
    type(project).objects.filter(pk=project.pk).update(title="Renamed quietly")
    assert listed(client, "Pangolin patrol")


def test_a_committed_change_shows_on_the_next_request(
    page_cache, client, django_capture_on_commit_callbacks
):
    project = make_project(title="Pangolin patrol")
    assert listed(client, "Pangolin patrol")
    with django_capture_on_commit_callbacks(execute=True):
        project.title = "Aardvark patrol"
        project.save()
    assert listed(client, "Aardvark patrol")


def test_signed_in_editors_are_never_served_a_cached_page(page_cache):
    project = make_project(title="Pangolin patrol")
    editor = Client()
    editor.force_login(make_staff("Publisher"))
    assert listed(editor, "Pangolin patrol")
    type(project).objects.filter(pk=project.pk).update(title="Renamed quietly")
    assert listed(editor, "Renamed quietly")


def test_no_page_is_cached_without_a_shared_cache(settings, client):
    settings.PAGE_CACHE_SECONDS = 0
    project = make_project(title="Pangolin patrol")
    assert listed(client, "Pangolin patrol")
    type(project).objects.filter(pk=project.pk).update(title="Renamed quietly")
    assert listed(client, "Renamed quietly")
    assert cache.get(GENERATION_KEY) is None


def test_redis_down_answers_misses_instead_of_raising(caplog):
    down = ForgivingRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )
    down.set("key", "value")
    assert down.get("key", "fallback") == "fallback"
    assert down.add("key", "value") is False
    assert down.get_many(["key"]) == {}
    assert down.get_or_set("key", "computed") == "computed"
    assert "cache unavailable" in caplog.text


def test_pages_are_served_uncached_while_redis_is_down(page_cache, settings, client):
    settings.CACHES = {
        "default": {
            "BACKEND": "spi_portal.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    project = make_project(title="Pangolin patrol")
    assert listed(client, "Pangolin patrol")
    type(project).objects.filter(pk=project.pk).update(title="Renamed quietly")
    assert listed(client, "Renamed quietly")  # uncached: the database answered
