"""Feed, sitemap and robots.txt: the surfaces other machines read."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from spi_portal.sitemaps import SITEMAPS, RecordSitemap
from tests.factories import make_lesson, make_project, make_strategy
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_feed_lists_new_case_studies_and_lessons(client):
    make_project(title="Fresh study")
    make_lesson(title="Fresh lesson")
    response = client.get(reverse("feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Fresh study" in response.text and "Fresh lesson" in response.text


def test_feed_leaves_out_drafts(client):
    make_project(title="Draft study", status=PublicationStatus.DRAFT)
    make_lesson(title="Draft lesson", status=PublicationStatus.IN_REVIEW)
    text = client.get(reverse("feed")).text
    assert "Draft study" not in text and "Draft lesson" not in text


def section(name, page=1):
    return reverse("django.contrib.sitemaps.views.sitemap", args=[name]) + f"?p={page}"


def test_sitemap_is_an_index_of_its_sections(client):
    text = client.get(reverse("sitemap")).text
    assert "<sitemapindex" in text
    for name in SITEMAPS:
        assert section(name).replace("?p=1", "") in text


def test_sitemap_lists_published_pages_only(client):
    public = make_project()
    draft = make_project(status=PublicationStatus.DRAFT)
    projects = client.get(section("projects")).text
    agencies = client.get(section("agencies")).text
    assert public.get_absolute_url() in projects
    assert public.agency.get_absolute_url() in agencies
    assert draft.get_absolute_url() not in projects
    assert draft.agency.get_absolute_url() not in agencies


def test_a_sitemap_section_is_split_into_pages_as_it_grows(client, monkeypatch):
    monkeypatch.setattr(RecordSitemap, "limit", 2)
    projects = [make_project() for _ in range(3)]
    first, second = client.get(section("projects")).text, client.get(section("projects", 2)).text
    assert [p.get_absolute_url() in first for p in projects] == [True, True, False]
    assert projects[2].get_absolute_url() in second
    assert client.get(section("projects", 3)).status_code == 404
    index = client.get(reverse("sitemap")).text
    assert section("projects", 2) in index


def test_the_sitemap_index_dates_a_section_by_its_latest_public_change(client):
    from datetime import UTC, datetime

    from projects.models import Project

    older, newer = make_project(), make_project()
    draft = make_project(status=PublicationStatus.DRAFT)
    for project, day in [(older, 1), (newer, 2), (draft, 3)]:
        Project.objects.filter(pk=project.pk).update(updated_at=datetime(2026, 5, day, tzinfo=UTC))
    index = client.get(reverse("sitemap")).text
    entry = index[index.index(section("projects").replace("?p=1", "")) :]
    assert entry.split("</sitemap>")[0].endswith("<lastmod>2026-05-01T20:00:00-04:00</lastmod>")
    strategies = index[index.index(section("strategies").replace("?p=1", "")) :]
    assert "<lastmod>" not in strategies.split("</sitemap>")[0]


def test_sitemap_index_queries_do_not_grow(client):
    assert_constant_queries(
        client, reverse("sitemap"), lambda n: [make_project() for _ in range(n)]
    )


def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.SITE_URL = ""
    response = client.get(reverse("robots"))
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_home_figures_count_published_records_only(client):
    make_project()
    make_project(status=PublicationStatus.DRAFT)
    text = client.get(reverse("home")).text
    assert "<dt>Case studies</dt><dd>1</dd>" in text
    assert "<dt>Agencies</dt><dd>1</dd>" in text


def test_home_query_count_does_not_grow(client):
    strategy = make_strategy()

    def grow(n):
        for _ in range(n):
            make_project(strategies=[strategy], featured=True)
            make_lesson()

    assert_constant_queries(client, reverse("home"), grow)
