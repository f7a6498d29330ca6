"""What every address answers whatever the method: TRACE refused, OPTIONS with the methods and
no page, HEAD wherever GET is, and a charset on every text answer."""

import pytest
from django.urls import reverse

from tests.factories import make_project

pytestmark = pytest.mark.django_db

ADDRESSES = [reverse("home"), reverse("about"), reverse("api:index"), reverse("admin:login")]


@pytest.mark.parametrize("address", ADDRESSES)
def test_trace_is_refused(client, address):
    response = client.generic("TRACE", address)
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_options_names_the_methods_and_renders_nothing(client, address):
    response = client.options(address)
    assert response.status_code == 204
    assert response.content == b""
    assert response["Allow"].startswith("GET, HEAD")


def test_only_the_admin_takes_posts(client):
    assert "POST" in client.options(reverse("admin:login"))["Allow"]
    assert "POST" not in client.options(reverse("about"))["Allow"]
    assert client.post(reverse("about")).status_code == 405


@pytest.mark.parametrize(
    "address",
    [
        reverse("home"),
        reverse("api:index"),
        reverse("api:projects"),
        reverse("api:openapi-json"),
        reverse("feed"),
        reverse("sitemap"),
    ],
)
def test_head_is_answered_wherever_get_is(client, address):
    make_project()
    get = client.get(address)
    head = client.head(address)
    assert (head.status_code, head["Content-Type"]) == (get.status_code, get["Content-Type"])
    assert head.content == b""


@pytest.mark.parametrize(
    "address",
    [
        reverse("search-feed") + "?page=0",
        reverse("projects:download", kwargs={"dataset": "projects", "fmt": "csv"}) + "?year=abc",
        reverse("robots"),
    ],
)
def test_text_answers_name_their_charset(client, address):
    response = client.get(address)
    assert response["Content-Type"].startswith("text/")
    assert response["Content-Type"].endswith("; charset=utf-8")
