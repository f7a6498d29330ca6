"""The exchange format is the exchange format: the API and /data/projects.json keep the facts'
wording in ``summary``, ``strategies`` and ``crime_types`` and the portal's in keys of its own,
so what a program fetches imports back with nothing updated (and no editors' note lost); and
every address in a download or API record names the address asked, or SITE_URL."""

import json
import re

import pytest
from django.urls import reverse

from projects.exchange.importer import Importer
from projects.models import Project
from tests.factories import make_crime_problem, make_outcome, make_project, make_strategy

pytestmark = pytest.mark.django_db

RECORD = {
    "agency": "Exampleton Police Department",
    "city": "Exampleton",
    "state": "PA",
    "award_year": 2012,
    "summary": "The facts' own summary of the award.",
    "strategies": ["Hot-spot patrols", "Street mapping"],
    "crime_types": ["Violent crime"],
    "notes": "Editors only: checked against the award page.",
    "sources": ["https://bja.ojp.gov/award/2012-x"],
    "case_study": {"summary": "The portal's case-study summary.", "response": "Patrols."},
}


@pytest.fixture
def imported():
    make_strategy(name="Hot spots policing", synonyms=["hot-spot patrols"])
    make_crime_problem(name="Violent crime")
    report = Importer(publish=True).run([RECORD])
    assert report.ok, report.errors
    return Project.objects.get()


def fetched(client, **extra) -> list[dict]:
    response = client.get(reverse("api:projects"), **extra)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_api_keeps_the_facts_wording_and_names_the_portals_apart(client, imported):
    (record,) = fetched(client)
    assert record["summary"] == RECORD["summary"]
    assert record["strategies"] == RECORD["strategies"]
    assert record["crime_types"] == RECORD["crime_types"]
    assert record["case_study"]["summary"] == "The portal's case-study summary."
    assert record["portal_strategies"] == ["Hot spots policing"]
    assert record["portal_crime_problems"] == ["Violent crime"]


def test_an_api_record_imports_back_with_nothing_updated_and_the_notes_kept(client, imported):
    report = Importer().run(fetched(client))
    assert report.summary().startswith("0 created, 0 updated, 1 unchanged, 0 failed")
    assert Project.objects.get().notes == RECORD["notes"]


def test_the_projects_json_download_imports_back_unchanged(client, imported, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "projects.json"
    path.write_bytes(client.get("/data/projects.json").getvalue())
    assert json.loads(path.read_text())["count"] == 1
    call_command("import_projects", str(path), "--dry-run", stdout=(out := _Text()))
    assert "0 created, 0 updated, 1 unchanged" in out.text


class _Text:
    text = ""

    def write(self, chunk):
        self.text += chunk


def test_a_project_made_in_the_admin_exports_its_taxonomy_as_its_terms(client):
    make_project(strategies=[make_strategy(name="Foot patrol")], summary="Portal prose.")
    (record,) = fetched(client)
    assert record["strategies"] == record["portal_strategies"] == ["Foot patrol"]
    assert record["summary"] == ""
    assert record["case_study"]["summary"] == "Portal prose."


# Absolute addresses

ADDRESS = re.compile(r"https?://[^/\"\s<>}\\]+")
DOWNLOADS = ["projects.csv", "projects.json", "outcomes.csv", "outcomes.json", "projects.bib"]
DOWNLOADS += ["projects.ris", "projects.csl.json"]


def _own_addresses(text: str, sources: set[str]) -> set[str]:
    return set(ADDRESS.findall(text)) - sources


@pytest.fixture
def published():
    project = make_project(crime_problems=[make_crime_problem()])
    make_outcome(project)
    return {re.match(ADDRESS, s.url).group(0) for s in project.sources.all()}


def _body(response) -> str:
    assert response.status_code == 200, response
    return response.getvalue().decode() if response.streaming else response.text


@pytest.mark.parametrize("host", ["localhost:8123", "127.0.0.1"])
def test_every_download_and_api_record_names_the_address_asked(client, published, host):
    hrefs = [f"/data/{name}" for name in DOWNLOADS]
    api = ["projects", "outcomes", "lessons", "strategies", "crime_problems", "agencies"]
    hrefs += [reverse(f"api:{name}") for name in api]
    asked = {"HTTP_HOST": host, "SERVER_PORT": host.partition(":")[2] or "80"}
    named = set()
    for href in hrefs:
        found = _own_addresses(_body(client.get(href, **asked)), published)
        assert found <= {f"http://{host}"}, href
        named |= {href} if found else set()
    # Every download and the lists of projects, outcomes and agencies name the project.
    assert named >= set(hrefs) - {reverse("api:lessons"), reverse("api:strategies")}


def test_site_url_names_every_address_whatever_the_host(client, published, settings):
    settings.SITE_URL = "https://spi.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "spi.example.org"]
    for href in ["/data/projects.json", "/data/outcomes.csv", reverse("api:projects")]:
        body = _body(client.get(href, HTTP_HOST="localhost"))
        assert _own_addresses(body, published) == {"https://spi.example.org"}, href
