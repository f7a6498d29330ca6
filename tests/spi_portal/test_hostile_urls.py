"""A javascript: address written into the database past the forms and the importer (through the
ORM) is never a live link: not on any page that shows it, not in a download or search.json."""

import json
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from editorial.models import PublicationStatus
from lessons.models import CorePractice, Lesson
from projects.models import Design, ExternalRating, Project, ProjectStage, Resource
from search.backends import get_backend
from search.documents import Document
from tests.factories import (
    make_lesson,
    make_outcome,
    make_partner,
    make_project,
    make_source,
    make_strategy,
)

pytestmark = pytest.mark.django_db

HOSTILE = "JavaScript:alert(document.cookie)"


@pytest.fixture
def hostile():
    source = make_source(url=HOSTILE, title="Hostile source")
    partner = make_partner(name="Hostile University", website=HOSTILE)
    strategy = make_strategy()
    project = make_project(sources=[source], strategies=[strategy])
    project.agency.website = HOSTILE
    project.agency.save()
    project.research_partners.add(partner)
    make_outcome(project, source=source, is_headline=True)
    resource = Resource.objects.create(
        # Its own address: a report at a source's address is listed with the sources.
        title="Hostile report",
        url="javascript:alert('report')",
        status=PublicationStatus.PUBLISHED,
    )
    resource.projects.add(project)
    ExternalRating.objects.create(
        project=project, clearinghouse="CrimeSolutions", name="Hostile rating", rating="Effective",
        url=HOSTILE,
    )  # fmt: skip
    lesson = make_lesson(projects=[project], source=source)
    return project, partner, strategy, lesson


def assert_no_live_hostile_link(text: str, url: str) -> None:
    assert "javascript:" not in text.lower(), url


def test_no_page_links_the_hostile_address(client, hostile):
    project, partner, strategy, lesson = hostile
    pages = {
        project.get_absolute_url(): ["Hostile source", "Hostile report"],
        reverse("projects:findings"): ["Violent crime"],
        strategy.get_absolute_url(): ["Hostile source"],
        project.agency.get_absolute_url(): [project.agency.name],
        partner.get_absolute_url(): ["Hostile University"],
        lesson.get_absolute_url(): ["Hostile source"],
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        for words in shown:  # the page does show the record whose address was dropped
            assert words in response.text, (url, words)
        assert_no_live_hostile_link(response.text, url)


def test_the_case_study_json_ld_leaves_the_address_out(client, hostile):
    project = hostile[0]
    html = client.get(project.get_absolute_url()).text
    data = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["citation"] == []


@pytest.mark.parametrize("dataset", ["projects", "outcomes"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_downloads_leave_the_address_out(client, hostile, dataset, fmt):
    url = reverse("projects:download", args=[dataset, fmt])
    response = client.get(url)
    assert response.status_code == 200
    assert_no_live_hostile_link(b"".join(response.streaming_content).decode(), url)


def test_search_json_gives_no_hostile_url(client, settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    get_backend().rebuild(
        iter([Document(key="lesson:1", kind="lesson", title="Hostile", url=HOSTILE)])
    )
    response = client.get(reverse("search:search-json"), {"q": "hostile"})
    results = response.json()["results"]
    assert [hit["title"] for hit in results] == ["Hostile"]
    assert results[0]["url"] is None
    page = client.get(reverse("search"), {"q": "hostile"})
    assert "Hostile" in page.text
    assert_no_live_hostile_link(page.text, "/search/")


def test_safe_addresses_still_link(client, hostile):
    project = hostile[0]
    project.sources.add(make_source(url="https://example.org/fine", title="Fine source"))
    html = client.get(project.get_absolute_url()).text
    assert '<a href="https://example.org/fine">Fine source</a>' in html


class _Addresses(HTMLParser):
    """Every address a page links or loads."""

    def __init__(self):
        super().__init__()
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        self.addresses += [value or "" for name, value in attrs if name in ("href", "src")]


def test_no_url_field_of_any_model_becomes_a_live_link(client, hostile):
    """Every URL field the models have holds a hostile address; no public page links it."""
    project, partner, strategy, lesson = hostile
    source = project.sources.get()
    Project.objects.filter(pk=project.pk).update(
        design=Design.RCT, design_rationale="Randomised.", design_source=source,
        stage=ProjectStage.COMPLETED, stage_rationale="Done.", stage_source=source,
    )  # fmt: skip
    other = make_project(sources=[source], strategies=[strategy])
    url_fields = [
        (model, field.name)
        for model in (*apps.get_app_config("projects").get_models(), Lesson, CorePractice)
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
    ]
    assert url_fields
    for model, name in url_fields:  # a URL field added later is tried here, or this fails
        assert model.objects.filter(**{f"{name}__istartswith": "javascript:"}).exists(), name
    pages = [
        reverse("home"), reverse("projects:list"), reverse("projects:findings"),
        reverse("projects:matrix"), project.get_absolute_url(), other.get_absolute_url(),
        f"{reverse('compare')}?p={project.slug}&p={other.slug}",
        project.agency.get_absolute_url(), partner.get_absolute_url(),
        reverse("projects:partner-list"), reverse("projects:agency-list"),
        strategy.get_absolute_url(), lesson.get_absolute_url(), reverse("lessons:list"),
    ]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = _Addresses()
        found.feed(response.text)
        live = [a for a in found.addresses if a.strip().lower().startswith("javascript:")]
        assert live == [], (url, live)
