"""The search page and its JSON: labelled form, results with their kind and marks, filters and
pagination that keep the query, corrections, clear messages for bad input, constant queries."""

import pytest
from django.urls import reverse

from search import indexing
from tests.factories import make_project, make_strategy

pytestmark = pytest.mark.django_db

BAD_INPUTS = {
    "empty": "",
    "ten thousand characters": "patrol " * 1430,
    "unbalanced quote": '"foot patrol',
    "unbalanced brackets": "((foot patrol] {",
    "unknown field prefix": "nosuchfield:patrol title:",
    "control characters": "foot\x00\x07\x1b[31m patrol\u202e",
    "emoji and other scripts": "🚓 policía 警察 شرطة",
    "only a minus": "-patrol",
    "a bare star": "*",
}


@pytest.fixture
def indexed(engine):
    foot = make_strategy(name="Foot patrol", slug="foot-patrol")
    for n in range(12):
        make_project(title=f"Foot patrol study {n}", cohort_year=2009 + n, strategies=[foot])
    make_project(title="<script>alert(1)</script> Patrol")
    indexing.rebuild(engine)
    return engine


def get(client, **params):
    return client.get(reverse("search"), params)


def test_page_has_a_labelled_search_box(client, indexed):
    response = get(client)
    assert response.status_code == 200
    assert b'<label for="id_q">' in response.content
    assert b"Type a word or two" in response.content


def test_results_say_their_kind_and_mark_matches(client, indexed):
    response = get(client, q="foot patrol")
    assert response.status_code == 200
    assert b"Case study" in response.content and b"<mark>" in response.content


def test_markup_in_a_title_is_shown_as_text(client, indexed):
    response = get(client, q="alert")
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in response.content


def test_filters_are_checkboxes_in_a_form_that_keeps_the_query(client, indexed):
    text = get(client, q="patrol").text
    assert '<input type="hidden" name="q" value="patrol">' in text
    assert 'type="checkbox"' in text and 'name="strategy" value="foot-patrol"' in text
    assert "\u2610" not in text


def test_results_come_before_the_filters_on_a_phone(client, indexed):
    # The filters fold into a <details> panel (closed unless a filter is in use).
    text = get(client, q="patrol").text
    assert '<details class="search-facets" data-open-wide>' in text
    assert "open>" not in text.split('class="search-facets"')[1].split(">")[0]


def test_pagination_keeps_query_and_facets(client, indexed):
    response = get(client, q="patrol", strategy="foot-patrol")
    assert b'href="?q=patrol&amp;strategy=foot-patrol&amp;page=2"' in response.content


def test_a_misspelling_shows_the_corrected_results_and_offers_the_exact_search(client, indexed):
    text = get(client, q="patrl").text
    assert "Showing results for <strong>patrol</strong>" in text
    assert 'search instead for <a href="?q=patrl&amp;exact=1">patrl</a>' in text
    assert "<mark>" in text


def test_the_exact_search_offers_the_correction(client, indexed):
    text = get(client, q="patrl", exact="1").text
    assert 'Did you mean <a href="?q=patrol">patrol</a>' in text


def test_no_result_says_remove_a_filter_only_when_one_is_set(client, indexed):
    assert "remove a filter" not in get(client, q="qwertyuiop").text
    assert "remove a filter" in get(client, q="qwertyuiop", kind="project").text


def test_page_beyond_the_results_says_where_they_end(client, indexed):
    response = get(client, q="patrol", page="50")
    assert response.status_code == 200
    assert b"There is no page 50" in response.content


@pytest.mark.parametrize("text", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_never_fails(client, indexed, text):
    assert get(client, q=text).status_code in (200, 301, 400)  # an empty q is dropped
    assert client.get(reverse("search:search-json"), {"q": text}).status_code in (200, 301, 400)


def test_too_long_a_query_is_explained(client, indexed):
    response = get(client, q="x" * 10_000)
    assert response.status_code == 400
    assert b"Please shorten your search to 200 characters" in response.content


def test_page_that_is_not_a_number_is_explained(client, indexed):
    response = get(client, q="patrol", page="abc")
    assert response.status_code == 400
    assert b"The page number must be a whole number" in response.content


def test_unknown_facet_values_are_ignored_with_a_note(client, indexed):
    response = get(client, q="patrol", kind="project", strategy="no-such-strategy", year="soon")
    assert response.status_code == 200
    assert b"Ignored filters" in response.content
    assert b"13 results" in response.content


def test_control_characters_are_stripped(client, indexed):
    response = client.get(reverse("search:search-json"), {"q": "foot\x00\x1b patrol"})
    assert response.json()["query"] == "foot patrol"


def test_json_returns_results_and_facets(client, indexed):
    params = {"q": "patrol", "sort": "newest", "kind": "project"}
    data = client.get(reverse("search:search-json"), params).json()
    assert data["total"] == 13
    assert data["results"][0]["title"].endswith(", 2020: Foot patrol study 11")
    assert data["results"][0]["kind_label"] == "Case study"
    assert {"value": "foot-patrol", "label": "Foot patrol", "count": 12, "selected": False} in (
        data["facets"]["strategy"]
    )


def test_json_bad_input_is_a_400_with_the_message(client, indexed):
    response = client.get(reverse("search:search-json"), {"page": "abc"})
    assert response.status_code == 400
    assert "whole number" in response.json()["errors"]["page"][0]["message"]


def test_search_page_runs_a_constant_number_of_queries(
    client, indexed, django_assert_max_num_queries
):
    """Nine at most: the page cache's content version and, for PostgreSQL, index generation
    (2), facet labels (2), and for PostgreSQL the generation the answers' cache is filed under,
    facets, hits, vocabulary freshness and its reload; never one per result."""
    for page in ("1", "2"):
        with django_assert_max_num_queries(9):
            assert get(client, q="patrol", page=page).status_code == 200
    for n in range(30):
        make_project(title=f"Extra patrol {n}")
    indexing.rebuild(indexed)
    with django_assert_max_num_queries(9):
        assert get(client, q="patrol").status_code == 200
