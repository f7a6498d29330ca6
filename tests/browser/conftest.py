"""Playwright driving Debian's Chromium against pytest-django's live server.

Nothing is downloaded: the browser is /usr/bin/chromium, and without it these tests skip with a
message saying so.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run from a
# thread with a running loop unless told it is safe, which it is for these tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


class OutsideRequests(list):
    """Every request the page made to a host other than the live server."""


def _open_page(browser, live_server, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    outside = OutsideRequests()
    own_host = urlsplit(live_server.url).netloc
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlsplit(request.url).netloc not in (own_host, "")
            and not request.url.startswith("data:")
            else None
        ),
    )
    page.outside_requests = outside
    return context, page


def _page_fixture(**context_options):
    @pytest.fixture
    def fixture(browser, live_server):
        context, page = _open_page(browser, live_server, **context_options)
        yield page
        context.close()

    return fixture


DESKTOP = {"width": 1280, "height": 900}
page = _page_fixture(viewport=DESKTOP)
phone = _page_fixture(viewport={"width": 375, "height": 740}, is_mobile=True)
no_js_page = _page_fixture(viewport=DESKTOP, java_script_enabled=False)
