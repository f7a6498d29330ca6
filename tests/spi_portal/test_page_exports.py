"""Every page that lists projects offers its own rows to take away: each download it links to,
in every format, holds exactly the projects the page shows, in the page's order, and no draft."""

import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.exports import LINKS
from tests.exports import export_links, exported_projects, linked_projects, shown_projects
from tests.factories import (
    make_agency,
    make_crime_problem,
    make_lesson,
    make_outcome,
    make_project,
    make_strategy,
)

pytestmark = pytest.mark.django_db

LABELS = [label for _dataset, _fmt, label in LINKS]


@pytest.fixture
def site():
    """14 projects under one strategy and problem (two pages of the list), two others, and a
    draft under both; every project has an outcome so it appears in outcome files too."""
    strategy, problem = make_strategy(), make_crime_problem()
    for year in range(2009, 2023):
        project = make_project(
            cohort_year=year,
            strategies=[strategy],
            crime_problems=[problem],
            agency=make_agency(state="PA"),
        )
        make_outcome(project)
    for state in ("AZ", "PA"):
        make_outcome(make_project(agency=make_agency(state=state)))
    draft = make_project(
        title="Draft",
        status=PublicationStatus.DRAFT,
        strategies=[strategy],
        crime_problems=[problem],
        agency=make_agency(state="PA"),
    )
    make_outcome(draft)
    make_lesson(projects=[draft]).strategies.add(strategy)
    return {"strategy": strategy, "problem": problem, "draft": draft}


def assert_downloads_hold(client, html: str, shown: list[str], draft) -> None:
    links = export_links(html)
    assert list(links) == LABELS
    assert shown and draft.slug not in shown
    for label, href in links.items():
        assert exported_projects(client, href) == shown, label


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("projects:list", {"sort": "oldest"}),
        ("projects:list", {"state": "PA", "sort": "site"}),
        ("projects:findings", {"state": "PA"}),
        ("projects:findings", {"sort": "rigor"}),
    ],
)
def test_a_filtered_list_downloads_its_own_rows(client, site, url_name, params):
    params = params | {"strategy": site["strategy"].slug}
    url = reverse(url_name) + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    shown = shown_projects(client, url)
    assert len(shown) == 14  # both pages
    assert_downloads_hold(client, client.get(url).text, shown, site["draft"])


@pytest.mark.parametrize(("url_name", "key"), [("strategy-detail", "strategy"),
                                               ("crime-problem-detail", "problem")])  # fmt: skip
def test_a_term_page_downloads_every_project_it_counts(client, site, url_name, key):
    """A term page shows the outcomes of its most rigorous projects and links to the list of
    all of them; its downloads hold that whole list, in the list's order."""
    html = client.get(reverse(url_name, args=[site[key].slug])).text
    (all_link,) = re.findall(r'<a class="button" href="(/sites/\?[^"]+)">All 14 projects', html)
    listed = shown_projects(client, all_link.replace("&amp;", "&"))
    assert len(listed) == 14
    assert set(linked_projects(html.split('id="outcomes-title"', 1)[1])) < set(listed)
    assert_downloads_hold(client, html, listed, site["draft"])


def test_a_page_of_a_list_downloads_every_page(client, site):
    url = reverse("projects:list") + f"?strategy={site['strategy'].slug}&page=2"
    href = export_links(client.get(url).text)["Projects (CSV)"]
    assert "page=" not in href
    assert len(exported_projects(client, href)) == 14


def test_a_bad_filter_on_a_download_is_a_400(client, site):
    for fmt in ("csv", "bib", "csl.json"):
        href = reverse("projects:download", args=["projects", fmt])
        response = client.get(href, {"strategy": "javascript:alert(1)"})
        assert response.status_code == 400
        assert "Strategy" in response.text


def test_outcomes_have_no_citation_files(client):
    assert client.get("/data/outcomes.bib").status_code == 404
    assert client.get("/data/outcomes.csl.json").status_code == 404


@pytest.mark.parametrize("sort", ["newest", "site", "rigor"])
def test_a_program_gets_the_same_projects_from_the_api(client, site, sort):
    query = f"strategy={site['strategy'].slug}&sort={sort}"
    listed = shown_projects(client, f"{reverse('projects:list')}?{query}")
    fetched, url = [], f"{reverse('api:projects')}?{query}&page_size=5"
    while url:
        data = client.get(url).json()
        fetched += [record["slug"] for record in data["results"]]
        url = data["next"]
    assert fetched == listed
