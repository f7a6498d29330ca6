"""The portal as a person meets it: every page type opens, passes axe, fits a phone, and the
main paths (home to a strategy to a case study; filter, page, share) work."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import transaction

from editorial.models import PublicationStatus
from projects.models import Researcher
from tests.factories import (
    make_agency,
    make_core_practice,
    make_crime_problem,
    make_lesson,
    make_outcome,
    make_partner,
    make_project,
    make_strategy,
)

pytestmark = [pytest.mark.browser, pytest.mark.any_engine]
DRAFT_TITLE = "Unpublished draft that must stay hidden"


@pytest.fixture
def site(transactional_db):
    """A small portal: two strategies, fourteen projects in Pennsylvania (two pages of results),
    outcomes with a conflicting pair, lessons, a partner, and a draft that must never show."""
    # One transaction, so the search index is updated once after commit, not after every save.
    with transaction.atomic():
        return _build_site()


def _build_site():
    hot = make_strategy(name="Hot spots policing", slug="hot-spots-policing")
    foot = make_strategy(name="Foot patrol", slug="foot-patrol")
    guns = make_crime_problem(name="Gun violence", slug="gun-violence")
    partner = make_partner(name="Temple University", slug="temple")
    person = Researcher.objects.create(name="Jerry Ratcliffe", slug="ratcliffe", partner=partner)
    philly = make_agency(
        name="Philadelphia Police Department", slug="philadelphia-pd", city="Philadelphia",
        state="PA", latitude=39.95, longitude=-75.17, population=1_550_000,
    )  # fmt: skip
    case = make_project(
        agency=philly, title="Offender focus in violent hot spots", cohort_year=2009,
        strategies=[hot, foot], crime_problems=[guns], featured=True, design="rct", sms_level=5,
        summary="A randomized trial of three tactics in 81 hot spots.",
        findings="- **Offender focus:** violent crime fell 22%.\n- Foot patrol: no change.",
    )  # fmt: skip
    case.research_partners.set([partner])
    case.researchers.set([person])
    make_outcome(case, measure="violent crime", value=-22, result_key="violent", order=1)
    make_outcome(
        case, measure="violent crime, other source", value=-42, result_key="violent",
        is_headline=False, significance="not_tested", order=2,
    )  # fmt: skip
    for year in range(2010, 2023):
        project = make_project(
            agency=make_agency(state="PA", latitude=40.4, longitude=-79.9),
            cohort_year=year, strategies=[foot],
        )  # fmt: skip
        make_outcome(project)
    make_project(title=DRAFT_TITLE, strategies=[hot], status=PublicationStatus.DRAFT)
    practice = make_core_practice(name="Strategic targeting", slug="strategic-targeting")
    lesson = make_lesson(
        title="Pair patrols with offender work", slug="pair-patrols", core_practice=practice,
        projects=[case], audiences=["analysts"], body="Choose **people** as well as places.",
    )  # fmt: skip
    lesson.strategies.set([hot])
    make_lesson(title=DRAFT_TITLE, core_practice=practice, status=PublicationStatus.DRAFT)
    return {
        "case": case,
        "strategy": hot,
        "problem": guns,
        "agency": philly,
        "partner": partner,
        "lesson": lesson,
        "practice": practice,
    }


PAGE_TYPES = {
    "home": lambda s: "/",
    "case studies": lambda s: "/sites/",
    "case study": lambda s: s["case"].get_absolute_url(),
    "findings": lambda s: "/findings/",
    "agencies": lambda s: "/agencies/",
    "agency": lambda s: s["agency"].get_absolute_url(),
    "strategies": lambda s: "/strategies/",
    "strategy": lambda s: s["strategy"].get_absolute_url(),
    "crime problems": lambda s: "/crime-problems/",
    "crime problem": lambda s: s["problem"].get_absolute_url(),
    "lessons": lambda s: "/lessons/",
    "core practice": lambda s: s["practice"].get_absolute_url(),
    "lesson": lambda s: s["lesson"].get_absolute_url(),
    "partners": lambda s: "/partners/",
    "partner": lambda s: s["partner"].get_absolute_url(),
    "about": lambda s: "/about/",
    "open data": lambda s: "/data/",
    "search": lambda s: "/search/?q=hot+spots",
    "not found": lambda s: "/no-such-page/",
}


def _axe_report(page) -> str:
    results = Axe().run(page)
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_opens_with_one_h1_and_no_axe_violations(page, live_server, site, page_type):
    page.goto(live_server.url + PAGE_TYPES[page_type](site))
    assert page.locator("h1").count() == 1
    assert _axe_report(page) == ""
    assert page.outside_requests == []


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_fits_a_375px_phone(phone, live_server, site, page_type):
    phone.goto(live_server.url + PAGE_TYPES[page_type](site))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert _axe_report(phone) == ""


def test_draft_never_appears_on_any_page_type(page, live_server, site):
    shown = []
    for page_type, path in PAGE_TYPES.items():
        page.goto(live_server.url + path(site))
        if DRAFT_TITLE in page.content():
            shown.append(page_type)
    assert shown == []


def test_home_to_strategy_to_case_study(page, live_server, site):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Hot spots policing 1 project").click()
    assert page.locator("h1").inner_text() == "Hot spots policing"
    page.get_by_role("link", name="Offender focus in violent hot spots").first.click()
    assert page.url.endswith(site["case"].get_absolute_url())
    assert page.locator("h1").inner_text() == site["case"].name
    conflict = page.locator("tbody.result-conflict")
    assert "Headline figure" in conflict.text_content()
    assert "\u221242%" in conflict.text_content()


def test_filter_page_and_share_the_address(page, browser, live_server, site):
    page.goto(live_server.url + "/sites/")
    page.get_by_label("Strategy").select_option("foot-patrol")
    page.get_by_label("State").select_option("PA")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(lambda url: "state=PA" in url)
    assert "strategy=foot-patrol" in page.url
    assert page.locator("#results-title").inner_text() == "14 case studies"
    page.get_by_role("link", name="Site (A to Z)").click()
    page.wait_for_url(lambda url: "sort=site" in url)
    page.get_by_role("link", name="Next").click()
    # The address changes when the next page commits, before its cards are parsed: wait for the
    # load, or the titles read below can be the empty list of a page half there.
    page.wait_for_url(lambda url: "page=2" in url)
    assert "sort=site" in page.url and "strategy=foot-patrol" in page.url
    shared = page.url
    second_page_titles = page.locator(".card-title").all_inner_texts()
    other = browser.new_page()
    other.goto(shared)
    assert other.locator(".card-title").all_inner_texts() == second_page_titles
    assert other.locator("#results-title").inner_text() == "14 case studies"
    other.close()


def test_removing_a_filter_chip_keeps_the_others(page, live_server, site):
    page.goto(live_server.url + "/sites/?strategy=foot-patrol&state=PA")
    page.get_by_role("link", name="Remove filter: State Pennsylvania").click()
    assert "state=" not in page.url and "strategy=foot-patrol" in page.url


def test_filters_work_with_javascript_off(no_js_page, live_server, site):
    no_js_page.goto(live_server.url + "/lessons/")
    no_js_page.locator(".facets-panel summary").click()  # without JavaScript it starts folded
    no_js_page.get_by_label("Audience").select_option("analysts")
    no_js_page.get_by_role("button", name="Apply filters").click()
    assert "audience=analysts" in no_js_page.url
    assert no_js_page.locator(".lesson-card").count() == 1


def test_bad_filter_value_shows_a_message_not_an_error_page(page, live_server, site):
    response = page.goto(live_server.url + "/sites/?year=abc")
    assert response.status == 400
    assert "Cohort year “abc” was ignored" in page.get_by_role("alert").inner_text()


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, live_server, site):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_map_marker_is_a_keyboard_reachable_link_to_the_agency(page, live_server, site):
    page.goto(live_server.url + "/agencies/")
    marker = page.locator(".map-markers a:visible").filter(
        has_text="Philadelphia Police Department"
    )
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + site["agency"].get_absolute_url())
    assert page.locator("h1").inner_text() == "Philadelphia Police Department"


def test_case_study_prints_without_navigation(page, live_server, site):
    page.goto(live_server.url + site["case"].get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".related").is_visible()
    assert page.locator("table.outcomes").is_visible()
    assert page.locator(".cite-box").is_visible()


def test_strategy_breakdown_keeps_crime_problem_words_whole_on_a_phone(phone, live_server, site):
    phone.goto(live_server.url + site["strategy"].get_absolute_url())
    # A word split over lines ("Viole / nt") draws more than one box; whole words draw one each.
    split = phone.evaluate(
        """() => [...document.querySelectorAll('.breakdown tbody th a')].flatMap(a => {
            const text = a.firstChild, words = [], re = /\\S+/g; let m;
            while ((m = re.exec(text.data))) {
                const range = document.createRange();
                range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
                if (range.getClientRects().length > 1) words.push(m[0]);
            }
            return words;
        })"""
    )
    assert split == []
    assert phone.locator(".breakdown tbody th a").count() > 0
