"""A search offers its own case studies to take away, in every format, and a feed of what it
finds: the same records as its pages, in their order, and never a draft."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.exports import LINKS
from search import indexing
from tests.exports import export_links, exported_projects, linked_projects
from tests.factories import make_lesson, make_outcome, make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(engine):
    foot = make_strategy(name="Foot patrol", slug="foot-patrol")
    for n in range(13):
        project = make_project(
            title=f"Foot patrol study {n}", cohort_year=2009 + n, strategies=[foot]
        )
        make_outcome(project)  # so that the outcome files list it too
    make_project(title="Camera study")
    make_lesson(title="Patrol lesson")
    make_project(title="Foot patrol draft", status=PublicationStatus.DRAFT, strategies=[foot])
    indexing.rebuild(engine)
    return engine


def shown_case_studies(client, params: dict) -> list[str]:
    slugs, number = [], 1
    while True:
        response = client.get(reverse("search"), params | {"page": number})
        assert response.status_code == 200
        slugs += linked_projects(response.text.split('class="results"', 1)[1])
        if number >= response.context["last_page"]:
            return slugs
        number += 1


@pytest.mark.parametrize("params", [{"q": "patrol"}, {"q": "patrol", "sort": "newest"},
                                    {"q": "study", "strategy": "foot-patrol"}])  # fmt: skip
def test_search_downloads_hold_its_case_studies(client, indexed, params):
    shown = shown_case_studies(client, params)
    assert len(shown) == 13
    links = export_links(client.get(reverse("search"), params).text)
    assert list(links) == [label for _dataset, _fmt, label in LINKS]
    for label, href in links.items():
        assert exported_projects(client, href) == shown, label


def test_search_feed_lists_what_the_search_finds(client, indexed):
    page = client.get(reverse("search"), {"q": "patrol"}).text
    assert 'type="application/atom+xml"' in page and "/feed/search/?q=patrol" in page
    response = client.get(reverse("search-feed"), {"q": "patrol"})
    assert response.status_code == 200
    feed = response.text
    assert feed.count("<entry>") == 14  # 13 case studies and the lesson
    assert "Patrol lesson" in feed and "Camera study" not in feed
    assert "draft" not in feed


def test_a_bad_search_download_or_feed_is_a_400(client, indexed):
    href = reverse("search:download", args=["projects", "csv"])
    assert client.get(href, {"q": "x" * 500}).status_code == 400
    assert client.get(reverse("search-feed"), {"q": "x", "page": "-1"}).status_code == 400


def test_without_an_index_a_search_download_or_feed_is_a_503(client, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "no-index-here"
    for url in (reverse("search:download", args=["projects", "bib"]), reverse("search-feed")):
        response = client.get(url, {"q": "patrol"})
        assert response.status_code == 503, url
        assert response["Retry-After"] and "temporarily unavailable" in response.text
