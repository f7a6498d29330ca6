"""Repo-wide safety net: every page whose address takes no argument answers 200, and every HTML
page among them has exactly one <h1>."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import make_lesson, make_outcome, make_project, make_strategy

# The admin has its own tests and needs a login; favicon.ico is a redirect (test_headers.py);
# /healthz answers 503 while this test's index lags its records (test_healthz.py).
SKIP_PREFIXES = ("admin/", "favicon.ico", "healthz")


def _urls(patterns, prefix=""):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _urls(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and not entry.pattern.regex.groupindex:
            yield "/" + (prefix + route).lstrip("^").rstrip("$")


def argument_free_urls():
    return sorted(
        url for url in set(_urls(get_resolver().url_patterns))
        if not url.lstrip("/").startswith(SKIP_PREFIXES)
    )  # fmt: skip


@pytest.fixture
def content(db):
    strategy = make_strategy()
    project = make_project(strategies=[strategy])
    make_outcome(project)
    make_lesson(projects=[project])


@pytest.mark.parametrize("url", argument_free_urls())
def test_page_answers_200_with_one_h1(client, content, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("text/html"):
        assert response.text.count("<h1") == 1, url


def test_the_smoke_test_covers_the_public_pages():
    urls = argument_free_urls()
    for expected in ("/", "/sites/", "/findings/", "/agencies/", "/lessons/", "/sitemap.xml"):
        assert expected in urls


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["about", "open-data"])
def test_about_and_open_data_give_licence_last_update_and_contact(client, settings, name):
    settings.CONTACT_EMAIL = "editors@spi.example.org"
    project = make_project()
    text = client.get(reverse(name)).text
    assert "CC BY 4.0" in text and "keep their own terms" in text
    assert f'<time datetime="{timezone.localtime(project.updated_at):%Y-%m-%d}">' in text
    assert "mailto:editors@spi.example.org" in text
