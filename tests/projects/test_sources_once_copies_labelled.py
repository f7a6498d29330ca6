"""On the real content, each project cites each document once, and every copy on a
document-sharing site is labelled as a copy wherever its address appears: the case-study page,
its JSON-LD, the outcome downloads and the API. Stored addresses have normalised hosts, and the
sources a rating rests on are originals, never copies."""

import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from projects.case_study import case_study_queryset, sources_and_reports
from projects.models import Project, Resource, Source, url_key

pytestmark = pytest.mark.django_db

_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def projects(real_data, django_db_blocker):
    with django_db_blocker.unblock():
        return list(case_study_queryset(Project.objects.published()))


@pytest.fixture(scope="module")
def copies(real_data, django_db_blocker):
    with django_db_blocker.unblock():
        return {source.url: source for source in Source.objects.filter(kind="mirror")}


def test_no_project_lists_a_document_twice(projects):
    twice = {}
    for project in projects:
        documents, _resources = sources_and_reports(project)
        keys = [url_key(d.source.url) for d in documents]
        titles = [d.source.label.casefold() for d in documents]
        if len(set(keys)) != len(keys) or len(set(titles)) != len(titles):
            twice[project.slug] = titles
    assert twice == {}


def test_no_stored_address_has_a_host_ending_in_a_dot(real_data):
    urls = [*Source.objects.values_list("url", flat=True)]
    urls += [*Resource.objects.exclude(url="").values_list("url", flat=True)]
    assert [url for url in urls if (urlsplit(url).hostname or "").endswith(".")] == []


def test_every_copy_on_a_case_study_page_is_labelled_as_a_copy(client, projects, copies):
    unlabelled = {}
    for project in projects:
        html = client.get(project.get_absolute_url()).content.decode()
        for url, source in copies.items():
            linked = f'href="{url}"' in html.replace("&amp;", "&")
            said = re.search(
                rf"(copy on |copied on .*?){re.escape(source.site)}", html, re.I | re.S
            )
            if linked and not said:
                unlabelled.setdefault(project.slug, []).append(url)
    assert unlabelled == {}


def test_every_copy_in_the_json_ld_is_labelled_as_a_copy(client, projects, copies):
    unlabelled, cited = {}, 0
    for project in projects:
        html = client.get(project.get_absolute_url()).content.decode()
        data = json.loads(_JSON_LD.search(html).group(1))
        for work in data["citation"]:
            assert isinstance(work, dict), work
            if work["url"] in copies:
                cited += 1
                if not work.get("description", "").startswith("Copy on"):
                    unlabelled.setdefault(project.slug, []).append(work["url"])
        urls = [work["url"] for work in data["citation"]]
        assert len(urls) == len(set(urls)), project.slug
    assert cited >= 19
    assert unlabelled == {}


def test_every_copy_in_the_outcome_download_is_labelled_as_a_copy(client, copies):
    response = client.get(reverse("projects:download", args=["outcomes", "csv"]))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    at_copies = [row for row in rows if row["source_url"] in copies]
    assert at_copies
    assert all(row["source_is_copy"] == "True" for row in at_copies)
    assert all(row["source_is_copy"] == "False" for row in rows if row not in at_copies)


def test_every_copy_in_the_api_is_labelled_as_a_copy(client, copies):
    labelled_outcomes = labelled_sources = 0
    url = reverse("api:projects") + "?page_size=100"
    while url:
        page = client.get(url).json()
        for record in page["results"]:
            for outcome in record["outcomes"]:
                assert outcome["source_is_copy"] == (outcome["source"] in copies)
                labelled_outcomes += outcome["source_is_copy"]
            listed = {c["url"] for c in record["source_copies"]}
            assert listed == {u for u in record["sources"] if u in copies}, record["slug"]
            labelled_sources += len(listed)
        url = page["next"]
    assert labelled_outcomes >= 7 and labelled_sources >= 19


def test_no_rating_rests_on_a_copy(projects):
    on_copies = {
        (project.slug, key): getattr(project, key).url
        for project in projects
        for key in ("design_source", "sms_source", "stage_source")
        if getattr(project, key) and getattr(project, key).is_copy
    }
    assert on_copies == {}
