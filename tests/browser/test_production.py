"""The portal as `make prod` serves it: gunicorn with the production settings, static files
collected and served by WhiteNoise, the Content-Security-Policy in force. Every page type loads
its stylesheets and scripts with no console error (a CSP violation is one).

The server runs in a child process on a free port, on a sandbox of its own (tools.loadtest: a
SQLite file, search index and static folder, loaded with the real portal data).
SECURE_SSL_REDIRECT is off because the test speaks plain HTTP on the loopback, as the README's
local try does."""

import re
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tools.loadtest import ROOT, Sandbox, Server

pytestmark = [pytest.mark.browser, pytest.mark.any_engine]

HASHED_CSS = re.compile(r"/static/css/site\.[0-9a-f]{12}\.css")
# One page of each kind the sitemap lists, by the first segment of its address, plus the pages
# it does not list.
UNLISTED = ["/search/?q=hot+spots", "/no-such-page/", "/admin/login/"]


@pytest.fixture(scope="module")
def production_server():
    with Sandbox(editors=0, sqlite=True) as sandbox, Server(sandbox, workers=2) as server:
        yield f"http://127.0.0.1:{server.port}"


def _locations(url: str) -> list[str]:
    with urllib.request.urlopen(url) as response:
        tree = ElementTree.fromstring(response.read())
    return [
        re.sub(r"^https?://[^/]+", "", loc.text)
        for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]


def _page_types(base: str) -> list[str]:
    # sitemap.xml is an index of sections; the pages are listed in those.
    paths = [
        page for section in _locations(base + "/sitemap.xml") for page in _locations(base + section)
    ]
    # Each list page and the first detail page under it ("/sites/" and "/sites/one/").
    chosen: dict[tuple[str, int], str] = {}
    for path in paths:
        segments = path.strip("/").split("/")
        chosen.setdefault((segments[0], len(segments)), path)
    return sorted(chosen.values()) + UNLISTED


def test_every_page_type_loads_its_styles_and_scripts_under_the_csp(browser, production_server):
    pages = _page_types(production_server)
    assert len(pages) >= 15, pages  # home, lists and details of every kind, search, admin
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems, assets = [], []
    page.on("console", lambda m: m.type == "error" and problems.append((page.url, m.text)))
    page.on("pageerror", lambda e: problems.append((page.url, str(e))))
    page.on(
        "response",
        lambda r: r.request.resource_type in ("stylesheet", "script") and assets.append(r),
    )
    for path in pages:
        response = page.goto(production_server + path)
        expected = 404 if path == "/no-such-page/" else 200
        assert response.status == expected, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        sheets = page.evaluate(
            "() => [...document.styleSheets].map(s => [s.href, s.cssRules.length])"
        )
        assert sheets and all(rules > 0 for _href, rules in sheets), (path, sheets)
        if path != "/no-such-page/":
            # The 404 page is expected to log its own status; nothing else may log an error.
            assert not problems, problems
        problems.clear()
    assert assets and all(a.status == 200 for a in assets), [(a.url, a.status) for a in assets]
    assert any(a.request.resource_type == "script" for a in assets)  # the admin's scripts
    page.goto(production_server + "/")
    Path(ROOT / "screenshots").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "screenshots" / "production-home.png"), full_page=True)
    context.close()


def test_static_files_have_hashed_names_far_future_caching_and_compression(production_server):
    with urllib.request.urlopen(production_server + "/") as response:
        html = response.read().decode()
    css = HASHED_CSS.search(html)
    assert css, "the page links site.css by its hashed name"
    request = urllib.request.Request(
        production_server + css[0], headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
        max_age = int(re.search(r"max-age=(\d+)", response.headers["Cache-Control"])[1])
        assert max_age >= 365 * 24 * 3600


def test_an_address_outside_the_collected_files_is_404(production_server):
    request = urllib.request.Request(production_server + "/static/../manage.py")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 404


@pytest.mark.django_db(transaction=True)
def test_the_admin_works_under_the_csp(browser, live_server, admin_user):
    # Signing in needs HTTPS under production settings (secure cookies), so the admin's own
    # pages are driven here under the test settings, which carry the same policy.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append((page.url, m.text)))
    page.on("pageerror", lambda e: problems.append((page.url, str(e))))
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    page.goto(live_server.url + reverse("admin:projects_project_add"))
    page.locator(".select2-selection").first.click()  # the autocomplete's script and styles
    page.wait_for_selector(".select2-dropdown")
    page.goto(live_server.url + reverse("admin:lessons_lesson_add"))
    page.goto(live_server.url + reverse("admin:projects_project_changelist") + "?q=x")
    assert page.locator("#changelist").is_visible()
    assert not problems, problems
    context.close()
