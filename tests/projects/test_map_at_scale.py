"""The agency map and list stay the same size however many agencies there are."""

import pytest
from django.urls import reverse

from projects import maps
from projects.views import directory
from tests.factories import make_agency, make_project
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_markers(monkeypatch):
    monkeypatch.setattr(maps, "MAX_AGENCY_MARKERS", 3)


def agency_in(state, latitude, longitude, projects=1):
    agency = make_agency(state=state, latitude=latitude, longitude=longitude)
    for year in range(2010, 2010 + projects):
        make_project(agency=agency, cohort_year=year)
    return agency


def test_past_the_limit_the_map_draws_a_marker_per_state(client, few_markers):
    agency_in("PA", 39.95, -75.16, projects=2)
    agency_in("PA", 40.44, -80.0)
    agency_in("AZ", 33.45, -112.07)
    agency_in("AZ", 33.54, -112.19)
    text = client.get(reverse("projects:agency-list")).text
    assert "each circle is a state" in text
    assert 'aria-label="2 agencies, Pennsylvania: 3 projects"' in text
    assert 'aria-label="2 agencies, Arizona: 2 projects"' in text
    assert f'href="{reverse("projects:list")}?state=PA"' in text


def test_within_the_limit_each_agency_has_its_marker(client):
    agency = agency_in("PA", 39.95, -75.16)
    text = client.get(reverse("home")).text
    assert f'href="{agency.get_absolute_url()}" aria-label="{agency.name}' in text
    assert "each circle is a state" not in text


def test_the_agency_list_is_paged(client, monkeypatch):
    monkeypatch.setattr(directory, "AGENCIES_PER_PAGE", 2)
    agencies = [agency_in("PA", 39.95, -75.16 + n) for n in range(3)]
    pages = [client.get(reverse("projects:agency-list") + f"?page={n}").text for n in (1, 2)]
    # The map shows every agency; the list beside it shows a page of them.
    first, second = (page.split('id="agency-list-title"')[1] for page in pages)
    assert [a.name in first for a in agencies].count(True) == 2
    assert [a.name in second for a in agencies].count(True) == 1
    assert "3 police agencies" in pages[0]
    assert client.get(reverse("projects:agency-list") + "?page=3").status_code == 404


@pytest.mark.parametrize("url", [reverse("home"), reverse("projects:agency-list")])
def test_map_pages_query_count_does_not_grow_past_the_limit(client, few_markers, url):
    states = iter(["PA", "AZ", "NY", "CA", "TX", "OH"] * 10)

    def grow(n):
        for _ in range(n):
            agency_in(next(states), 40.0, -100.0)

    assert_constant_queries(client, url, grow)
