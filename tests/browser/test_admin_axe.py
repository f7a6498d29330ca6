"""The admin pages editors use most pass axe at a desktop's 1280 px and a phone's 375 px: the
admin home, a project's change form (with its autocomplete boxes and inlines), its revisions,
a compare, the unmapped terms and a merge preview; on a phone the revisions table scrolls
inside its own box, so the Compare button below it stays reachable."""

import pytest
from django.urls import reverse

from editorial.revisions import record_revision
from projects.models import TermMapping
from tests.browser.test_portal import _axe_report
from tests.factories import make_complete_project, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "admin home": lambda project, revisions: reverse("admin:index"),
    "project form": lambda project, revisions: reverse(
        "admin:projects_project_change", args=[project.pk]
    ),
    "revisions": lambda project, revisions: reverse(
        "admin:projects_project_revisions", args=[project.pk]
    ),
    "compare": lambda project, revisions: (
        reverse("admin:projects_project_compare", args=[project.pk])
        + f"?a={revisions[0].pk}&b={revisions[1].pk}"
    ),
    "unmapped terms": lambda project, revisions: reverse("admin:projects_project_unmapped_terms"),
}


@pytest.fixture
def editing(live_server):
    make_staff("Publisher", username="pat")
    project = make_complete_project(
        title="A case study under edit", unmapped_terms={"strategies": ["Foot patrol"]}
    )
    TermMapping.objects.create(
        kind="strategies", term="Walking beats", target_id=1, target_name="Foot patrol"
    )
    first = record_revision(project, None, "Imported")
    project.summary = "A changed summary."
    project.save()
    # A merge's note is the longest a revision row carries.
    note = "Saved; kept ana's changes to Summary, Findings, What was done; saved over ana's "
    note += "How it was evaluated (editor's choice)"
    return project, [first, record_revision(project, None, note)]


def _sign_in(page, live_server):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "pat")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")


@pytest.mark.parametrize("name", PAGES)
def test_admin_page_passes_axe_on_a_desktop(page, live_server, editing, name):
    _sign_in(page, live_server)
    page.goto(live_server.url + PAGES[name](*editing))
    assert _axe_report(page) == ""


@pytest.mark.parametrize("name", PAGES)
def test_admin_page_passes_axe_on_a_phone(phone, live_server, editing, name):
    _sign_in(phone, live_server)
    phone.goto(live_server.url + PAGES[name](*editing))
    assert _axe_report(phone) == ""


def test_the_compare_button_is_not_covered_on_a_phone(phone, live_server, editing):
    _sign_in(phone, live_server)
    phone.goto(live_server.url + PAGES["revisions"](*editing))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    button = phone.locator("input[type=submit][value^=Compare]")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    on_top = phone.evaluate("([x, y]) => document.elementFromPoint(x, y).value || ''", centre)
    assert on_top.startswith("Compare")
    button.click()
    phone.wait_for_url("**/revisions/compare/**")


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_the_merge_preview_passes_axe(request, live_server, editing, viewport):
    from tests.factories import make_strategy

    kept, other = make_strategy(name="Hot spots"), make_strategy(name="Hot-spot policing")
    screen = request.getfixturevalue(viewport)
    _sign_in(screen, live_server)
    screen.goto(live_server.url + reverse("admin:projects_strategy_changelist"))
    for strategy in (kept, other):
        screen.check(f"input.action-select[value='{strategy.pk}']")
    screen.select_option("select[name=action]", "merge_selected")
    with screen.expect_navigation():
        screen.click("button[name=index]")
    screen.check(f"#keep-{kept.pk}")
    with screen.expect_navigation():
        screen.click("input[value='Preview the merge']")
    assert "Merging into “Hot spots”" in screen.inner_text("#content-main")
    assert _axe_report(screen) == ""
