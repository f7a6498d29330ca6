"""Security headers on every response: a Content-Security-Policy that allows no inline script or
style, and a Permissions-Policy (the browser test checks the pages keep working under them)."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_lesson, make_outcome, make_project, make_strategy

INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)
# A <script> element that would run: no src attribute and not a data block such as JSON-LD.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>")


@pytest.fixture
def project(db):
    project = make_project(strategies=[make_strategy()])
    make_outcome(project)
    make_lesson(projects=[project])
    return project


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize(
    "url", ["/", "/search.json?q=x", "/no-such-page/", "/admin/login/", "/robots.txt"]
)
def test_every_response_carries_the_policies(client, project, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    # The headers that were there before stay.
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_need_no_inline_script_or_style(client, project, admin_client):
    pages = [
        "/", reverse("about"), reverse("projects:list"), project.get_absolute_url(),
        reverse("projects:findings"), reverse("projects:agency-list"),
        project.agency.get_absolute_url(), reverse("lessons:list"),
        project.lessons.first().get_absolute_url(), reverse("strategy-list"),
        project.strategies.first().get_absolute_url(), reverse("open-data"),
        reverse("search") + "?q=patrol", "/no-such-page/",
    ]  # fmt: skip
    for url in pages:
        html = client.get(url).text
        assert not INLINE_STYLE.search(html), url
        assert not INLINE_SCRIPT.search(html), url
    assert '<script type="application/ld+json">' in client.get(project.get_absolute_url()).text


def test_the_admin_needs_no_inline_script_or_style(admin_client, project):
    for url in [
        reverse("admin:index"),
        reverse("admin:projects_project_changelist"),
        reverse("admin:projects_project_change", args=[project.pk]),
        reverse("admin:projects_project_add"),
        reverse("admin:lessons_lesson_change", args=[project.lessons.first().pk]),
    ]:
        html = admin_client.get(url).text
        assert not INLINE_STYLE.search(html), url
        assert not INLINE_SCRIPT.search(html), url


def test_favicon_ico_leads_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
