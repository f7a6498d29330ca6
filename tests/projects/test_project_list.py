"""The case-study list: published projects only, filters and facets that combine and count
correctly, links that keep the query, clear messages for bad input, and constant queries."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.factories import make_agency, make_outcome, make_project, make_strategy
from tests.querycount import assert_constant_queries

URL = reverse("projects:list")
pytestmark = pytest.mark.django_db


def test_lists_published_projects(client):
    make_project(title="Hot spots in Philly")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Hot spots in Philly" in response.text


def test_draft_is_not_listed(client):
    make_project(title="Secret draft", status=PublicationStatus.DRAFT)
    assert "Secret draft" not in client.get(URL).text


def test_project_scheduled_for_later_is_not_listed(client):
    from datetime import timedelta

    from django.utils import timezone

    make_project(title="Not yet", go_live_at=timezone.now() + timedelta(days=1))
    assert "Not yet" not in client.get(URL).text


def test_filter_by_state_keeps_only_that_state(client):
    make_project(title="In Arizona", agency=make_agency(state="AZ"))
    make_project(title="In Pennsylvania", agency=make_agency(state="PA"))
    text = client.get(URL, {"state": "PA"}).text
    assert "In Pennsylvania" in text
    assert "In Arizona" not in text


def test_filters_combine(client):
    hot = make_strategy(name="Hot spots", slug="hot-spots")
    make_project(title="Hot AZ", strategies=[hot], agency=make_agency(state="AZ"))
    make_project(title="Hot PA", strategies=[hot], agency=make_agency(state="PA"))
    make_project(title="Cold PA", agency=make_agency(state="PA"))
    text = client.get(URL, {"state": "PA", "strategy": "hot-spots"}).text
    assert "Hot PA" in text
    assert "Hot AZ" not in text and "Cold PA" not in text


def test_facet_shows_a_count_per_value(client):
    hot = make_strategy(name="Hot spots", slug="hot-spots")
    make_project(strategies=[hot])
    make_project(strategies=[hot])
    assert "Hot spots (2)</option>" in client.get(URL).text


def test_facet_counts_ignore_drafts(client):
    hot = make_strategy(name="Hot spots", slug="hot-spots")
    make_project(strategies=[hot])
    make_project(strategies=[hot], status=PublicationStatus.DRAFT)
    assert "Hot spots (1)</option>" in client.get(URL).text


def test_significant_only_keeps_projects_with_a_significant_result(client):
    make_outcome(make_project(title="Worked"), significance="significant")
    make_outcome(make_project(title="Unclear"), significance="not_significant", value=None)
    text = client.get(URL, {"significant": "yes"}).text
    assert "Worked" in text
    assert "Unclear" not in text


def test_population_band_filter(client):
    make_project(title="Big city", agency=make_agency(population=2_000_000))
    make_project(title="Small town", agency=make_agency(population=20_000))
    text = client.get(URL, {"population": "over-1m"}).text
    assert "Big city" in text
    assert "Small town" not in text


def test_sort_links_keep_the_filters(client):
    make_project(agency=make_agency(state="PA"))
    text = client.get(URL, {"state": "PA"}).text
    assert 'href="?state=PA&amp;sort=site"' in text


def test_pagination_links_keep_the_filters(client):
    agency_state = "PA"
    for _ in range(13):
        make_project(agency=make_agency(state=agency_state))
    text = client.get(URL, {"state": "PA"}).text
    assert 'href="?state=PA&amp;page=2"' in text


def test_year_that_is_not_a_number_gets_a_clear_message(client):
    make_project()
    response = client.get(URL, {"year": "abc"})
    assert response.status_code == 400
    assert "Cohort year “abc” was ignored" in response.text


def test_unknown_strategy_gets_a_clear_message(client):
    response = client.get(URL, {"strategy": "no-such-strategy"})
    assert response.status_code == 400
    assert "Strategy “no-such-strategy” was ignored" in response.text


@pytest.mark.parametrize("page", ["-1", "99999", "abc", "0"])
def test_page_that_does_not_exist_is_a_404(client, page):
    make_project()
    assert client.get(URL, {"page": page}).status_code == 404


def test_query_count_does_not_grow_with_projects(client):
    strategy = make_strategy()

    def grow(n):
        for _ in range(n):
            make_outcome(make_project(strategies=[strategy]))

    assert_constant_queries(client, URL, grow)


def test_query_count_with_filters_does_not_grow(client):
    strategy = make_strategy(slug="hot")

    def grow(n):
        for _ in range(n):
            make_project(strategies=[strategy], agency=make_agency(state="PA"))

    assert_constant_queries(client, f"{URL}?state=PA&strategy=hot&sort=site", grow)


def test_significant_filter_value_that_makes_no_sense_is_explained(client):
    response = client.get(reverse("projects:list"), {"significant": "on"})
    assert response.status_code == 400
    assert "Significant results only “on” was ignored" in response.content.decode()
