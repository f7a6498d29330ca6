"""One vocabulary of filters: the case studies, findings, downloads and search (page and JSON)
take the same names and values, old links move over with a 301, and every filter link is
built from the page's own query."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from search import indexing
from search.backends import get_backend
from tests.factories import make_agency, make_crime_problem, make_outcome, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    backend = get_backend()
    backend.rebuild(iter(()))  # only a rebuild creates an index
    return backend


OLD_ADDRESSES = {
    "search renamed facets": (
        "search",
        "q=patrol&crime_problem=guns&cohort_year=2009&cohort_year=2010&sort=year&page=2",
        {"q": ["patrol"], "problem": ["guns"], "year": ["2009", "2010"], "sort": ["newest"],
         "page": ["2"]},
    ),
    "search json": (
        "search:search-json",
        "q=patrol&crime_problem=guns&problem=drugs",
        {"q": ["patrol"], "problem": ["drugs", "guns"]},
    ),
    "case studies significant=true": (
        "projects:list",
        "state=PA&significant=true",
        {"state": ["PA"], "significant": ["yes"]},
    ),
    "findings significant=true": (
        "projects:findings",
        "significant=true&sort=site",
        {"significant": ["yes"], "sort": ["site"]},
    ),
}  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new"), OLD_ADDRESSES.values(), ids=OLD_ADDRESSES.keys())
def test_old_filter_names_redirect_permanently_to_the_new_ones(client, name, old, new):
    response = client.get(f"{reverse(name)}?{old}")
    assert response.status_code == 301
    location = urlsplit(response["Location"])
    assert location.path == reverse(name)
    assert parse_qs(location.query) == new


def test_old_download_filter_redirects_to_the_same_download(client):
    url = reverse("projects:download", args=["outcomes", "csv"])
    response = client.get(url, {"significant": "true"})
    assert response.status_code == 301
    assert response["Location"] == f"{url}?significant=yes"


@pytest.mark.parametrize("name", ["search", "search:search-json", "projects:list"])
def test_addresses_in_the_vocabulary_are_not_redirected(client, engine, name):
    make_crime_problem(slug="guns")
    indexing.rebuild(engine)
    query = {"q": "patrol", "problem": "guns", "year": "2009", "significant": "yes"}
    assert client.get(reverse(name), query).status_code == 200


def test_one_link_narrows_the_list_and_search_alike(client, engine):
    guns = make_crime_problem(name="Gun violence", slug="gun-violence")
    worked = make_project(title="Worked patrol", cohort_year=2009, crime_problems=[guns])
    make_outcome(worked, significance="significant")
    make_project(title="Other year patrol", cohort_year=2010, crime_problems=[guns])
    make_project(title="Other problem patrol", cohort_year=2009)
    indexing.rebuild(engine)
    query = {"problem": "gun-violence", "year": "2009", "significant": "yes"}

    listed = client.get(reverse("projects:list"), query).text
    found = client.get(reverse("search:search-json"), {"q": "patrol", **query}).json()

    assert "Worked patrol" in listed
    assert "Other year patrol" not in listed and "Other problem patrol" not in listed
    assert [hit["title"] for hit in found["results"]] == [worked.name]
    assert found["ignored_filters"] == []


def test_search_clears_every_facet_and_keeps_the_words(client, engine):
    make_project(title="Foot patrol", cohort_year=2009, agency=make_agency(state="PA"))
    indexing.rebuild(engine)
    response = client.get(
        reverse("search"), {"q": "patrol", "state": "PA", "year": "2009", "kind": "project"}
    )
    assert '<a href="/search/?q=patrol">Clear all filters</a>' in response.text


def test_removing_one_filter_keeps_the_others(client):
    make_project(agency=make_agency(state="PA"), cohort_year=2009)
    response = client.get(reverse("projects:list"), {"state": "PA", "year": "2009", "page": "1"})
    assert 'href="/sites/?year=2009" aria-label="Remove filter: State Pennsylvania"' in (
        response.text
    )
