"""The reader's answer first, at 1280 and 375 px: the result of a case study on the
first screen, related projects inside the page, tables that fit, search results before the
filters on a phone, and map markers big enough to tap."""

import pytest

from tests.browser.test_portal import _axe_report, site  # noqa: F401 (the shared test site)

pytestmark = [pytest.mark.browser, pytest.mark.any_engine]
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(params=[WIDE, PHONE], ids=["1280px", "375px"])
def screen(request, browser, live_server):
    context = browser.new_context(viewport=request.param, is_mobile=request.param is PHONE)
    page = context.new_page()
    page.height = request.param["height"]
    yield page
    context.close()


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_case_study_outcomes_heading_is_on_the_first_screen(page, live_server, site):  # noqa: F811
    page.goto(live_server.url + site["case"].get_absolute_url())
    assert _box(page, "#outcomes-title")["y"] < 900
    # The result strip under the title answers "did it work?" before anything else.
    assert _box(page, ".result-strip")["y"] < _box(page, "#outcomes-title")["y"]


def test_case_study_result_is_on_a_phones_first_screen(phone, live_server, site):  # noqa: F811
    phone.goto(live_server.url + site["case"].get_absolute_url())
    figure = _box(phone, ".result-figures li")
    assert figure["y"] + figure["height"] <= 740


def test_related_projects_lie_inside_the_main_container(screen, live_server, site):  # noqa: F811
    screen.goto(live_server.url + site["case"].get_absolute_url())
    container, related = _box(screen, ".main-inner"), _box(screen, ".related")
    assert related["x"] >= container["x"]
    assert related["x"] + related["width"] <= container["x"] + container["width"] + 0.5


@pytest.mark.parametrize(
    "path",
    [
        lambda s: s["case"].get_absolute_url(),
        lambda s: s["strategy"].get_absolute_url(),
        lambda s: s["problem"].get_absolute_url(),
        lambda s: "/findings/",
    ],
    ids=["case study", "strategy", "crime problem", "findings"],
)
def test_no_table_is_wider_than_its_container(screen, live_server, site, path):  # noqa: F811
    screen.goto(live_server.url + path(site))
    overflowing = screen.evaluate(
        """() => [...document.querySelectorAll("table")].filter(table => {
            if (table.closest(".visually-hidden")) return false;  // for screen readers only
            // On a phone a wide grid of counts scrolls in its own labelled region.
            const region = table.closest(".table-scroll[role=region]");
            if (window.innerWidth < 720 && region) return false;
            const box = table.parentElement.getBoundingClientRect();
            return table.getBoundingClientRect().width > box.width + 0.5;
        }).map(table => table.className)"""
    )
    assert overflowing == []
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]


def test_first_search_result_is_within_two_phone_screens(phone, live_server, site):  # noqa: F811
    phone.goto(live_server.url + "/search/?q=patrol")
    assert _box(phone, ".search-results .result")["y"] < 2 * 740
    # The filters are there, folded, with real checkboxes.
    phone.locator(".search-facets summary").click()
    assert phone.locator(".search-facets input[type=checkbox]").count() > 0
    assert _axe_report(phone) == ""


def test_search_filters_open_beside_the_results_on_a_wide_screen(page, live_server, site):  # noqa: F811
    page.goto(live_server.url + "/search/?q=patrol")
    assert page.locator(".search-facets").get_attribute("open") is not None
    page.get_by_label("Foot patrol").first.check()
    page.get_by_role("button", name="Apply filters").click()
    assert "strategy=foot-patrol" in page.url


def test_map_markers_are_at_least_24px(screen, live_server, site):  # noqa: F811
    screen.goto(live_server.url + "/agencies/")
    sizes = [
        box["width"]
        for box in (m.bounding_box() for m in screen.locator(".map-markers circle:visible").all())
    ]
    assert sizes and min(sizes) >= 24


def test_from_the_home_page_to_the_strongest_gun_violence_study(phone, live_server, site):  # noqa: F811
    phone.goto(live_server.url + "/")
    phone.get_by_role("link", name="Gun violence").first.click()
    phone.wait_for_url("**" + site["problem"].get_absolute_url())
    assert "Portal\u2019s summary" in phone.locator(".evidence-summary").text_content()
    # The outcomes table lists the most rigorous study first.
    phone.locator(".term-outcomes .project-cell a").first.click()
    phone.wait_for_url("**" + site["case"].get_absolute_url())
    strip = _box(phone, ".result-figures li")
    assert strip["y"] + strip["height"] <= 740
    assert _axe_report(phone) == ""


def test_first_case_study_card_comes_before_the_folded_filters_end(phone, live_server, site):  # noqa: F811
    phone.goto(live_server.url + "/sites/")
    assert _box(phone, ".project-card")["y"] < 740
    assert phone.locator(".facets-panel").get_attribute("open") is None
    assert "No outcome reported" in phone.content() or "Improvement" in phone.content()


def test_a_phones_header_is_small_and_its_map_markers_apart(browser, live_server, site):  # noqa: F811
    """At 375x667 the header takes at most 15% of the first screen, and no two map markers
    drawn on the agencies page overlap."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/agencies/")
    assert _box(page, ".site-header")["height"] <= 0.15 * 667
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    circles = [m.bounding_box() for m in page.locator(".map-markers circle:visible").all()]
    centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, b["width"] / 2) for b in circles]
    assert centres
    for i, (x, y, r) in enumerate(centres):
        for x2, y2, r2 in centres[i + 1 :]:
            assert ((x - x2) ** 2 + (y - y2) ** 2) ** 0.5 >= r + r2 - 0.5
    context.close()
