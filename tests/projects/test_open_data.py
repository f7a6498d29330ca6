"""The open-data downloads: published records only, a source on every outcome, the list's
filters, neutralised spreadsheet formulas, clear errors, and queries that do not grow."""

import csv
import io
import json

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.factories import make_agency, make_outcome, make_project
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def _csv(client, dataset, **params):
    response = client.get(reverse("projects:download", args=[dataset, "csv"]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def test_projects_csv_has_published_projects_only(client):
    make_project(title="Open one")
    make_project(title="Draft one", status=PublicationStatus.DRAFT)
    titles = [row["title"] for row in _csv(client, "projects")]
    assert titles == ["Open one"]


def test_every_outcome_row_carries_its_source(client):
    project = make_project()
    make_outcome(project, measure="violent crime", value=-22)
    (row,) = _csv(client, "outcomes")
    assert row["measure"] == "violent crime"
    assert row["value"] == "-22"
    assert row["source_url"] == project.sources.first().url


def test_downloads_take_the_list_filters(client):
    make_project(title="In PA", agency=make_agency(state="PA"))
    make_project(title="In AZ", agency=make_agency(state="AZ"))
    assert [row["title"] for row in _csv(client, "projects", state="PA")] == ["In PA"]


def test_bad_filter_on_a_download_is_a_400_with_the_reason(client):
    response = client.get(reverse("projects:download", args=["projects", "csv"]), {"year": "x"})
    assert response.status_code == 400
    assert "Cohort year" in response.text


def test_spreadsheet_formulas_are_neutralised(client):
    make_project(title='=HYPERLINK("http://evil")')
    (row,) = _csv(client, "projects")
    assert row["title"].startswith("'=")


def test_outcomes_json_lists_rows_with_sources(client):
    project = make_project()
    make_outcome(project)
    response = client.get(reverse("projects:download", args=["outcomes", "json"]))
    data = json.loads(response.getvalue())
    assert data["count"] == 1
    assert data["outcomes"][0]["source_url"] == project.sources.first().url


def test_unknown_dataset_or_format_is_a_404(client):
    assert client.get("/data/secrets.csv").status_code == 404
    assert client.get("/data/projects.xlsx").status_code == 404


def test_open_data_page_links_every_download(client):
    text = client.get(reverse("open-data")).text
    for dataset in ("projects", "outcomes"):
        for fmt in ("csv", "json"):
            assert reverse("projects:download", args=[dataset, fmt]) in text


def test_outcomes_download_query_count_does_not_grow(client):
    def grow(n):
        for _ in range(n):
            make_outcome(make_project())

    assert_constant_queries(client, reverse("projects:download", args=["outcomes", "csv"]), grow)


def test_case_study_outcomes_download_holds_that_project_only(client):
    wanted = make_project()
    make_outcome(wanted, measure="wanted measure")
    make_outcome(make_project(), measure="other measure")
    rows = _csv(client, "outcomes", project=wanted.slug)
    assert [row["measure"] for row in rows] == ["wanted measure"]
