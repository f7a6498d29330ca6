"""The whole-page cache in front of the portal's own pages (home, a case study, the list, a
strategy's page, search): a second visitor gets the page without it being rendered again, a
published edit shows on the next request, and neither what an editor sees nor the answer to a
POST ever comes from the cache.

tests/spi_portal/test_page_cache.py covers the cache's rules on one page; this module holds the
real views to them, since the cache is off everywhere else in the tests."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_outcome, make_project, make_staff, make_strategy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

PAGES = ["home", "case study", "list", "strategy", "search"]


@pytest.fixture
def code() -> str:
    """A word of this test's own to search for: the worker's index still holds the documents of
    the tests before it (their rows rolled back), which a common word would find as well."""
    return f"lw{uuid.uuid4().hex}"


@pytest.fixture
def study(committed, code):
    """A published, complete and featured case study under a strategy: every page in PAGES
    shows its title."""

    def publish():
        strategy = make_strategy(name="Lantern patrols", slug="lantern-patrols")
        project = make_project(
            title="Lanternwick patrols",
            summary=f"Foot patrols, coded {code}.",
            strategies=[strategy],
            featured=True,
        )
        make_outcome(project, is_headline=True)
        return project

    return committed(publish)


@pytest.fixture(params=PAGES)
def url(request, study, code) -> str:
    return {
        "home": reverse("home"),
        "case study": study.get_absolute_url(),
        "list": reverse("projects:list"),
        "strategy": reverse("strategy-detail", args=["lantern-patrols"]),
        "search": reverse("search") + f"?q={code}",
    }[request.param]


def rendered(response) -> bool:
    """Whether the view ran: a page served from the cache renders no template."""
    return bool(response.templates)


def test_a_second_visitor_gets_the_page_from_the_cache(client, url):
    first = client.get(url)
    assert first.status_code == 200 and rendered(first)
    assert "Lanternwick" in first.text
    second = client.get(url)
    assert second.status_code == 200 and not rendered(second)
    assert second.content == first.content


def test_a_published_edit_is_on_the_next_request(client, committed, study, url):
    assert "Lanternwick" in client.get(url).text
    study.title = "Beaconsfield patrols"
    committed(study.save)
    after = client.get(url)
    assert after.status_code == 200 and rendered(after)
    assert "Beaconsfield" in after.text
    assert "Lanternwick" not in after.text


def test_an_editor_always_gets_a_fresh_page(client, url):
    client.get(url)  # cached for anonymous visitors
    client.force_login(make_staff("Editor"))
    assert rendered(client.get(url))
    assert rendered(client.get(url))


def test_a_page_rendered_for_an_editor_is_not_kept_for_visitors(client, url):
    editor = Client()
    editor.force_login(make_staff("Editor"))
    assert rendered(editor.get(url))
    assert rendered(client.get(url))


def test_a_post_is_never_answered_from_the_cache(client, url):
    assert client.get(url).status_code == 200  # now cached for a GET
    answer = client.post(url)
    assert answer.status_code != 200 or rendered(answer)
