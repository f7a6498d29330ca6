"""Take-away files: citations of a selection in BibTeX, RIS and CSL-JSON, streamed a chunk of
rows at a time."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import PublicationStatus
from projects import exports
from projects.models import Resource
from tests.factories import make_agency, make_outcome, make_project, make_source

pytestmark = pytest.mark.django_db


def download(client, dataset: str, fmt: str, **params) -> str:
    response = client.get(reverse("projects:download", args=[dataset, fmt]), params)
    assert response.status_code == 200
    assert response.streaming
    return response.getvalue().decode()


def test_citations_cite_every_selected_project_and_no_draft(client):
    wanted = make_project(title="Hot spots", agency=make_agency(name="Springfield PD"))
    make_project(title="Draft", status=PublicationStatus.DRAFT)
    bibtex = download(client, "projects", "bib")
    assert bibtex.count("@misc{") == 1
    assert f"@misc{{spi-{wanted.slug}," in bibtex and "Springfield PD, 2011: Hot spots" in bibtex
    ris = download(client, "projects", "ris")
    assert ris.count("TY  - ELEC") == 1 and ris.count("ER  - ") == 1
    (item,) = json.loads(download(client, "projects", "csl.json"))
    assert item["id"] == f"spi-{wanted.slug}"
    assert item["title"] == "Springfield PD, 2011: Hot spots"
    assert item["URL"].endswith(wanted.get_absolute_url())


def test_csv_keeps_numbers_as_numbers_and_neutralises_formulas(client):
    project = make_project(title="+SUM(A1)", agency=make_agency(city="@risk", state="PA"))
    make_outcome(project, measure="-1 robbery", value=-22.5)
    projects = download(client, "projects", "csv")
    assert ",'+SUM(A1)," in projects and ",'@risk," in projects
    outcomes = download(client, "outcomes", "csv")
    assert ",'-1 robbery," in outcomes and ",-22.5," in outcomes


def test_json_download_counts_its_rows(client):
    for _ in range(3):
        make_outcome(make_project())
    data = json.loads(download(client, "outcomes", "json"))
    assert data["count"] == len(data["outcomes"]) == 3


def test_downloads_read_the_database_a_chunk_at_a_time(client, monkeypatch):
    """Memory stays flat: rows are fetched in chunks as the file streams, not all at once."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)

    def queries(n: int) -> int:
        for _ in range(n):
            make_project()
        with CaptureQueriesContext(connection) as captured:
            download(client, "projects", "csv")
        return len(captured.captured_queries)

    two, six = queries(2), queries(4)
    assert six > two


def test_unsafe_addresses_stay_out_of_downloads(client):
    bad = make_source(url="javascript:alert(1)")
    project = make_project(sources=[bad])
    make_outcome(project, source=bad)
    resource = Resource.objects.create(
        title="Report", url="javascript:alert(2)", status=PublicationStatus.PUBLISHED
    )
    resource.projects.add(project)
    for dataset in ("projects", "outcomes"):
        for fmt in ("csv", "json"):
            assert "javascript:" not in download(client, dataset, fmt)
