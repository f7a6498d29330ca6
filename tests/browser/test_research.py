"""The researchers' tools in a browser: the forest plot, the evidence matrix, compare and
agencies like mine pass axe at desktop and phone widths, and compare works without JavaScript."""

import pytest

from projects.models import Project
from tests.browser.test_portal import DRAFT_TITLE, _axe_report, site  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.any_engine]


@pytest.fixture
def research_site(site):  # noqa: F811 - the fixture imported above
    case = site["case"]
    case.matrix_target, case.specificity, case.proactivity = "micro_places", "focused", "proactive"
    case.save()
    other = Project.objects.published().exclude(pk=case.pk).first()
    return site | {"other": other}


PAGES = {
    "forest plot": lambda s: s["strategy"].get_absolute_url(),
    "findings plot": lambda s: f"/findings/?strategy={s['strategy'].slug}",
    "evidence matrix": lambda s: "/findings/matrix/",
    "compare": lambda s: f"/sites/compare/?p={s['case'].slug}&p={s['other'].slug}",
    "compare picker": lambda s: "/sites/compare/",
    "agencies like mine": lambda s: "/agencies/like-mine/?population=1500000&region=Northeast",
}


@pytest.mark.parametrize("name", PAGES)
def test_research_page_passes_axe_at_desktop_width(page, live_server, research_site, name):
    page.goto(live_server.url + PAGES[name](research_site))
    assert page.locator("h1").count() == 1
    assert _axe_report(page) == ""
    assert DRAFT_TITLE not in page.content()


@pytest.mark.parametrize("name", PAGES)
def test_research_page_fits_a_375px_phone(phone, live_server, research_site, name):
    phone.goto(live_server.url + PAGES[name](research_site))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert _axe_report(phone) == ""


def test_compare_from_the_list_without_javascript(no_js_page, live_server, research_site):
    no_js_page.goto(live_server.url + "/sites/")
    checkboxes = no_js_page.get_by_role("checkbox", name="Compare")
    checkboxes.nth(0).check()
    checkboxes.nth(1).check()
    no_js_page.get_by_role("button", name="Compare selected").click()
    assert "/sites/compare/?p=" in no_js_page.url
    assert no_js_page.locator(".compare-table thead th").count() == 2


def test_compare_tray_counts_ticked_cards(page, live_server, research_site):
    page.goto(live_server.url + "/sites/")
    page.get_by_role("checkbox", name="Compare").nth(0).check()
    assert "1 ticked" in page.locator("[data-compare-count]").inner_text()


def test_matrix_dot_leads_to_the_case_study(page, live_server, research_site):
    page.goto(live_server.url + "/findings/matrix/")
    page.locator(".matrix-dots a").first.click()
    assert page.url.endswith(research_site["case"].get_absolute_url())
