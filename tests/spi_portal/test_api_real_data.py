"""The API on the portal's real content: its OpenAPI description validates and every documented
path answers, and the projects it serves import back unchanged."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

from lessons.models import Lesson
from projects.exchange.exporter import export_projects
from projects.models import Agency, Project
from projects.ratings import rate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def description(real_data, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get(reverse("api:openapi-json")).json()


def all_records(client, name: str) -> list[dict]:
    records, url = [], reverse(f"api:{name}") + "?page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        records += response.json()["results"]
        url = response.json()["next"]
    return records


def test_the_description_is_valid_openapi_3_1(description):
    validate(description)
    assert description["openapi"].startswith("3.1")


def test_every_documented_path_answers_200(client, description):
    project = Project.objects.published().first()
    assert len(description["paths"]) == 10
    for path in description["paths"]:
        response = client.get(path.replace("{slug}", project.slug))
        assert response.status_code == 200, path
        assert response.json(), path


def test_the_open_data_page_links_the_description(client, real_data):
    page = client.get(reverse("open-data")).text
    assert reverse("api:openapi-json") in page


def test_projects_are_the_exchange_export_less_the_editors_notes(client, real_data):
    exported = {
        (record["agency"], record["award_year"]): record
        for record in export_projects(Project.objects.published())
    }
    for record in all_records(client, "projects"):
        slug, url = record.pop("slug"), record.pop("url")
        assert url.endswith(f"/sites/{slug}/")
        # The portal's rating is the one the case study shows, beside the exchange record.
        rating = rate(Project.objects.with_cards().get(slug=slug))
        assert record.pop("rating")["why"] == rating.why
        # Beside the exchange record, which addresses are copies and of what.
        copies = record.pop("source_copies")
        assert {c["url"] for c in copies} <= set(record["sources"])
        for outcome in record["outcomes"]:
            outcome.pop("source_is_copy"), outcome.pop("source_original")
        expected = exported.pop((record["agency"], record["award_year"]))
        expected.pop("notes")
        assert record == expected
    assert not exported


def test_projects_import_back_unchanged(client, real_data, tmp_path):
    fetched = all_records(client, "projects")
    assert len(fetched) == Project.objects.published().count() == 60
    exchange = tmp_path / "projects.json"
    exchange.write_text(json.dumps(fetched))

    Lesson.objects.all().delete()
    Project.objects.all().delete()
    Agency.objects.all().delete()
    call_command("import_projects", str(exchange), "--publish", verbosity=0)

    assert all_records(client, "projects") == fetched


def test_a_fetched_page_of_projects_imports_over_the_portal_with_nothing_updated(client, real_data):
    from projects.exchange.importer import Importer

    page = client.get(reverse("api:projects") + "?page_size=100").json()["results"]
    notes = dict(Project.objects.values_list("slug", "notes"))
    report = Importer(dry_run=True).run(page)
    assert report.summary().startswith(f"0 created, 0 updated, {len(page)} unchanged, 0 failed")
    assert dict(Project.objects.values_list("slug", "notes")) == notes
