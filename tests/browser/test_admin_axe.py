"""The admin pages editors use most pass axe at a desktop's 1280 px and a phone's 375 px: the
admin home, a project's change form (with its autocomplete boxes and inlines), its revisions
and a compare; on a phone the revisions table scrolls inside its own box, so the Compare
button below it stays reachable."""

import pytest
from django.urls import reverse

from editorial.revisions import record_revision
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
}


@pytest.fixture
def editing(live_server):
    make_staff("Publisher", username="pat")
    project = make_complete_project(title="A case study under edit")
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
