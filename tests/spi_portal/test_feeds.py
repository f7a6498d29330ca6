"""Atom feeds: the portal's, and one per strategy and crime problem holding that page's new case
studies and lessons, linked from the page."""

import html
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from search.indexing import rebuild
from tests.factories import make_crime_problem, make_lesson, make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    strategy, problem = make_strategy(name="Foot patrol"), make_crime_problem(name="Robbery")
    make_project(title="Patrol project", strategies=[strategy])
    make_project(title="Robbery project", crime_problems=[problem])
    make_project(title="Draft project", strategies=[strategy], crime_problems=[problem],
                 status=PublicationStatus.DRAFT)  # fmt: skip
    make_lesson(title="Patrol lesson").strategies.add(strategy)
    make_lesson(title="Draft lesson", status=PublicationStatus.DRAFT).strategies.add(strategy)
    return strategy, problem


def test_a_strategy_feed_holds_its_case_studies_and_lessons(client, terms):
    strategy, _problem = terms
    response = client.get(reverse("strategy-feed", args=[strategy.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.text
    assert "<title>SPI Portal: Foot patrol</title>" in feed
    assert feed.count("<entry>") == 2
    assert "Patrol project" in feed and "Patrol lesson" in feed
    assert "Robbery project" not in feed and "Draft" not in feed


def test_a_crime_problem_feed_holds_its_case_studies(client, terms):
    _strategy, problem = terms
    feed = client.get(reverse("crime-problem-feed", args=[problem.slug])).text
    assert feed.count("<entry>") == 1
    assert "Robbery project" in feed and "Draft" not in feed


@pytest.mark.parametrize("kind", ["strategy", "crime-problem"])
def test_a_term_page_links_its_feed(client, terms, kind):
    term = terms[0] if kind == "strategy" else terms[1]
    page, feed = f"{kind}-detail", f"{kind}-feed"
    html = client.get(reverse(page, args=[term.slug])).text
    href = reverse(feed, args=[term.slug])
    assert f'<link rel="alternate" type="application/atom+xml" title="{term.name}' in html
    assert f'href="{href}"' in html


def test_an_unknown_term_has_no_feed(client):
    assert client.get(reverse("strategy-feed", args=["no-such-term"])).status_code == 404


def test_the_portal_feed_has_no_drafts(client, terms):
    feed = client.get(reverse("feed")).text
    assert feed.count("<entry>") == 3
    assert "Draft" not in feed


PAYLOADS = [
    "<script>alert('feed')</script>",
    "<img src=x onerror=alert('feed')>",
    "<iframe src=javascript:alert('feed')></iframe>",
    "[a link](javascript:alert('feed')) <a href=\"javascript:alert('feed')\">a link</a>",
    "<svg onload=alert('feed')></svg>",
]


class _Markup(HTMLParser):
    """Every tag, attribute and address in an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.tags, self.addresses = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.addresses += [value or "" for name, value in attrs if name in ("href", "src")]
        assert not [name for name, _ in attrs if name.startswith("on")], (tag, attrs)


@pytest.fixture
def hostile_feeds(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    strategy, problem = make_strategy(), make_crime_problem()
    for n, payload in enumerate(PAYLOADS):
        make_project(
            title=f"Hostile {n} {payload}",
            summary=f"Hostile summary {n} {payload}",
            strategies=[strategy],
            crime_problems=[problem],
        )
        lesson = make_lesson(title=f"Hostile lesson {n} {payload}", summary=payload)
        lesson.strategies.add(strategy)
        lesson.crime_problems.add(problem)
    rebuild()
    return [
        reverse("feed"),
        reverse("strategy-feed", args=[strategy.slug]),
        reverse("crime-problem-feed", args=[problem.slug]),
        reverse("search-feed") + "?q=hostile",
    ]


def test_no_stored_markup_comes_out_live_in_any_feed(client, hostile_feeds):
    atom = "{http://www.w3.org/2005/Atom}"
    for address in hostile_feeds:
        response = client.get(address)
        assert response.status_code == 200, address
        feed = ElementTree.fromstring(response.content)
        entries = feed.findall(f"{atom}entry")
        assert len(entries) == 2 * len(PAYLOADS), address
        for entry in entries:
            summary = entry.find(f"{atom}summary")
            assert summary.text.strip(), address
            shown = summary.text if summary.get("type") == "html" else html.escape(summary.text)
            markup = _Markup()
            markup.feed(shown)  # a reader decodes the XML and shows the result as HTML
            assert set(markup.tags) <= {"p", "a", "em", "strong"}, (address, summary.text)
            assert "javascript:" not in " ".join(markup.addresses).lower(), address
            for link in entry.findall(f"{atom}link"):
                assert link.get("href").startswith("http://testserver/"), address
