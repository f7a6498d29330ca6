"""The editor's path through the admin in headless Chromium: draft, preview, submit, publish,
public and found in search; a live case study changed through a draft, a review returned with a
comment, and a scheduled revision; two editors on one record lose nothing; a refused image upload.

Screenshots go to screenshots/ (git-ignored) for a person to look at."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from editorial.models import PublicationStatus
from projects.models import Project
from search import indexing
from spi_portal.worker import run_once
from tests.factories import (
    make_agency,
    make_complete_project,
    make_project,
    make_staff,
    make_strategy,
)

pytestmark = [pytest.mark.browser, pytest.mark.any_engine, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "screenshots"


def logged_in_page(browser, live_server, user):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    return page


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"editorial-{name}.png"), full_page=True)


def test_draft_preview_submit_publish_public(browser, live_server):
    indexing.rebuild()  # an empty index of this test's database; saves then update it
    agency = make_agency(name="Glendale Police Department", city="Glendale")
    editor = make_staff("Editor", username="ana")
    publisher = make_staff("Publisher", username="pat")

    page = logged_in_page(browser, live_server, editor)
    page.goto(live_server.url + reverse("admin:projects_project_add"))
    page.click(".field-agency .select2-selection")
    page.fill(".select2-dropdown .select2-search__field", "Glendale")
    page.click(".select2-results__option >> text=Glendale Police Department")
    page.fill("#id_title", "Convenience store crime in Glendale")
    page.fill("#id_cohort_year", "2009")
    page.fill("#id_slug", "glendale-az-2009")
    page.fill("#id_summary", "Problem-oriented policing at convenience stores.")
    page.fill("#id_problem", "A few stores drew most calls.")
    page.fill("#id_response", "Store owners and officers changed how stores ran.")
    page.fill("#id_findings", "Calls for service fell at the targeted stores.")
    buttons = page.locator(".editorial-actions button").all_inner_texts()
    assert buttons == ["Save draft", "Submit for review"]
    page.click("button[value=save]")
    page.wait_for_selector(".messagelist .success")
    project = Project.objects.get(slug="glendale-az-2009")
    assert project.status == PublicationStatus.DRAFT
    assert agency.projects.get() == project
    shot(page, "1-draft-saved")

    public_url = live_server.url + project.get_absolute_url()
    assert page.request.get(public_url).status == 404

    with page.context.expect_page() as new_tab:
        page.click("a.previewlink", modifiers=["Control"])
    preview = new_tab.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == project.name
    shot(preview, "2-preview")
    preview.close()

    page.click("button[value=submit]")
    page.wait_for_selector(".messagelist .success")
    project.refresh_from_db()
    assert project.status == PublicationStatus.IN_REVIEW

    page = logged_in_page(browser, live_server, publisher)
    shot(page, "3-review-queue")
    page.click(".editorial-queue a >> text=Convenience store crime in Glendale")
    page.click("button[value=publish]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator("a.viewsitelink").count() == 1
    shot(page, "4-published")

    page.goto(public_url)
    assert page.locator("h1").inner_text() == project.name
    shot(page, "5-public")
    page.goto(live_server.url + reverse("admin:editorial_auditevent_changelist"))
    assert "Convenience store crime in Glendale" in page.content()

    page.goto(f"{live_server.url}{reverse('search')}?q=convenience+store")
    assert page.locator("main a", has_text="Convenience store crime in Glendale").count() >= 1
    shot(page, "5b-search")


class Clicks:
    """Counts the clicks of a walk, for the issue's before-and-after note."""

    def __init__(self):
        self.count = 0

    def __call__(self, page, selector):
        self.count += 1
        page.click(selector)


def test_a_live_case_study_changes_only_through_review(browser, live_server):
    """Editor -> Publisher on a live case study: the draft leaves the public page as it was;
    submitted, returned with a comment, resubmitted, published; then a scheduled revision goes
    live by itself (the worker's pass, time advanced) while the old version stays up."""
    project = make_complete_project(
        status=PublicationStatus.PUBLISHED, title="Live case study", findings="Old findings."
    )
    public_url = live_server.url + project.get_absolute_url()
    change_url = live_server.url + reverse("admin:projects_project_change", args=[project.pk])
    click = Clicks()

    reader = browser.new_context().new_page()  # signed out: the public's page

    def public_text():
        reader.goto(public_url)
        return reader.inner_text("main")

    editor = logged_in_page(browser, live_server, make_staff("Editor", username="ana"))
    editor.goto(change_url)
    editor.fill("#id_findings", "Draft findings.")
    click(editor, "button[value=save]")
    editor.wait_for_selector(".messagelist .success")
    assert "live page is unchanged" in editor.inner_text(".messagelist")
    assert "Old findings." in public_text()
    editor.goto(public_url)
    assert "A newer draft exists" in editor.inner_text("main")
    editor.goto(change_url)
    assert editor.input_value("#id_findings") == "Draft findings."
    click(editor, "button[value=submit]")
    editor.wait_for_selector(".messagelist .success")

    publisher = logged_in_page(browser, live_server, make_staff("Publisher", username="pat"))
    assert "Live case study" in publisher.inner_text("#awaiting-heading + table")
    click(publisher, ".editorial-queue a >> text=Live case study")
    publisher.fill("#id_review_comment", "Name the comparison areas.")
    click(publisher, "button[value=request_changes]")
    publisher.wait_for_selector(".messagelist .success")
    shot(publisher, "8-changes-requested")

    editor.goto(live_server.url + reverse("admin:index"))
    assert "Name the comparison areas." in editor.inner_text("#content")
    click(editor, ".editorial-queue a >> text=Live case study")
    assert "Name the comparison areas." in editor.inner_text(".editorial-returned")
    editor.fill("#id_findings", "Findings against matched comparison areas.")
    click(editor, "button[value=submit]")
    editor.wait_for_selector(".messagelist .success")
    assert "Old findings." in public_text()

    publisher.goto(live_server.url + reverse("admin:index"))
    click(publisher, ".editorial-queue a >> text=Live case study")
    click(publisher, "button[value=publish]")
    publisher.wait_for_selector(".messagelist .success")
    assert "Findings against matched comparison areas." in public_text()
    review_clicks = click.count

    when = timezone.localtime() + datetime.timedelta(minutes=10)
    publisher.fill("#id_findings", "Findings as scheduled.")
    publisher.fill("#id_publish_at_0", when.date().isoformat())
    publisher.fill("#id_publish_at_1", when.time().strftime("%H:%M:%S"))
    click(publisher, "button[value=publish]")
    publisher.wait_for_selector(".messagelist .success")
    assert "Scheduled for" in publisher.inner_text(".messagelist")
    assert "Findings against matched comparison areas." in public_text()
    shot(publisher, "9-scheduled")

    run_once(now=when + datetime.timedelta(seconds=1))  # the worker's pass, at that time
    assert "Findings as scheduled." in public_text()
    print(f"clicks: review walk {review_clicks}, scheduling {click.count - review_clicks}")
    assert (review_clicks, click.count) == (8, 9)


def test_two_editors_lose_nothing(browser, live_server):
    project = make_complete_project(title="Shared case study")
    url = live_server.url + reverse("admin:projects_project_change", args=[project.pk])
    first = logged_in_page(browser, live_server, make_staff("Editor", username="ana"))
    second = logged_in_page(browser, live_server, make_staff("Editor", username="ben"))
    first.goto(url)
    second.goto(url)
    assert "Also editing: ana" in second.inner_text(".editorial-also-editing")
    first.fill("#id_summary", "Ana rewrote the summary.")
    first.click("button[value=save]")
    first.wait_for_selector(".messagelist .success")

    # Ben changed the summary too: his save is held, with Ana's change shown beside his text.
    second.fill("#id_summary", "Ben's summary.")
    second.fill("#id_findings", "Ben's careful findings.")
    second.click("button[value=save]")
    second.wait_for_selector(".editorial-conflict")
    conflict = second.inner_text(".editorial-conflict")
    assert "ana changed this record while you were editing" in conflict
    assert "Ana rewrote the summary." in conflict
    assert "Findings" not in conflict  # only what Ana changed is listed
    assert second.input_value("#id_findings") == "Ben's careful findings."
    shot(second, "6-conflict")

    # Saving again without a choice changes nothing; with one, the choice is recorded.
    with second.expect_navigation():
        second.click("button[value=save]")
    assert "you both changed Summary" in second.inner_text("#content-main")
    second.check("input[name=on_conflict][value=theirs]")
    second.click("button[value=save]")
    second.wait_for_selector(".messagelist .success")
    project.refresh_from_db()
    assert project.summary == "Ana rewrote the summary."
    assert project.findings == "Ben's careful findings."


def test_refused_image_upload_keeps_the_form(browser, live_server, tmp_path):
    project = make_complete_project(title="Project with a photo")
    bomb = tmp_path / "bomb.png"
    buffer = io.BytesIO()
    Image.new("1", (10_000, 9_000), 1).save(buffer, "PNG")
    bomb.write_bytes(buffer.getvalue())
    page = logged_in_page(browser, live_server, make_staff("Editor"))
    page.goto(live_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    page.fill("#id_summary", "Summary typed before the bad upload.")
    page.set_input_files("#id_image", str(bomb))
    page.click("button[value=save]")
    page.wait_for_selector(".errornote")
    assert "too many pixels" in page.inner_text(".field-image")
    assert page.input_value("#id_summary") == "Summary typed before the bad upload."
    shot(page, "7-refused-upload")
    project.refresh_from_db()
    assert not project.image


def test_an_editor_maps_an_unmapped_term_and_the_case_study_follows(browser, live_server):
    project = make_project(unmapped_terms={"strategies": ["place network investigations"]})
    make_strategy(name="Problem-oriented policing", slug="pop")
    public = live_server.url + project.get_absolute_url()
    page = logged_in_page(browser, live_server, make_staff("Editor"))
    page.goto(public)
    assert "place network investigations (not yet classified)" in page.inner_text(".profile")
    page.goto(live_server.url + reverse("admin:projects_project_unmapped_terms"))
    shot(page, "unmapped-terms")
    page.select_option("select[name=target]", label="Problem-oriented policing")
    page.get_by_role("button", name="Map", exact=True).click()
    assert "1 project re-mapped" in page.inner_text(".messagelist")
    assert "Every imported term is mapped" in page.inner_text("#content-main")
    page.goto(public)
    assert "not yet classified" not in page.content()
    assert page.locator(".profile a", has_text="Problem-oriented policing").count() == 1
