"""A change to a live record waits in a draft: the public page stays as it was until a
Publisher publishes it (now or at a time), restoring makes a draft, and each review step is
allowed by role, audited and mailed to whom it concerns."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from editorial import drafts
from editorial.changes import content_changed
from editorial.models import AuditEvent, DraftState, PublicationStatus
from editorial.revisions import revisions_of
from projects.models import Project
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
Status = PublicationStatus


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def post(client, project, action="save", **changes):
    data = form_data(client.get(change_url(project))) | changes | {"_action": action}
    return client.post(change_url(project), data)


def live_project(**kwargs):
    project = make_complete_project(status=Status.PUBLISHED, findings="Old findings.", **kwargs)
    project.outcomes.update(measure="robbery")
    return project


def public_findings(client, project) -> str:
    client.logout()
    return client.get(project.get_absolute_url()).content.decode()


def test_saving_a_live_record_keeps_the_change_in_a_draft(client):
    editor = make_staff("Editor", email="ana@example.org")
    client.force_login(editor)
    project = live_project()
    response = post(client, project, findings="New findings.")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.findings == "Old findings."
    assert project.status == Status.PUBLISHED
    draft = drafts.pending_draft(project)
    assert (draft.draft_state, draft.user) == (DraftState.DRAFT, editor)
    assert draft.data["fields"]["findings"] == "New findings."
    assert "Old findings." in public_findings(client, project)


def test_the_form_of_a_live_record_opens_on_its_draft(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    post(client, project, findings="Draft findings.")
    form = client.get(change_url(project)).context["adminform"].form
    assert form.initial["findings"] == "Draft findings."
    project.refresh_from_db()
    assert project.findings == "Old findings."


def test_a_second_draft_keeps_the_first_drafts_outcome_edits(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    data = form_data(client.get(change_url(project)))
    data["outcomes-0-measure"] = "burglary"
    assert client.post(change_url(project), data).status_code == 302
    post(client, project, findings="Later findings.")
    draft = drafts.pending_draft(project)
    assert [o["fields"]["measure"] for o in draft.data["children"]["outcomes"]] == ["burglary"]
    assert draft.data["fields"]["findings"] == "Later findings."
    assert list(project.outcomes.values_list("measure", flat=True)) == ["robbery"]


def test_publishing_applies_the_draft_with_its_outcomes(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    data = form_data(client.get(change_url(project)))
    data["outcomes-0-measure"] = "burglary"
    data["findings"] = "New findings."
    client.post(change_url(project), data)
    publisher = make_staff("Publisher")
    client.force_login(publisher)
    assert post(client, project, "publish").status_code == 302
    project.refresh_from_db()
    assert project.findings == "New findings."
    assert list(project.outcomes.values_list("measure", flat=True)) == ["burglary"]
    assert drafts.pending_draft(project) is None
    assert AuditEvent.objects.filter(action="publish", user=publisher).exists()


def test_publishing_sends_one_content_changed_event(django_capture_on_commit_callbacks):
    project = live_project()
    data = drafts.snapshot(project)
    data["fields"]["findings"] = "New findings."
    data["children"]["outcomes"][0]["fields"]["measure"] = "burglary"
    drafts.record_draft(project, data, None, DraftState.IN_REVIEW)
    heard = []

    def listen(changes, **kwargs):
        heard.append(changes)

    content_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            drafts.publish(project, None)
    finally:
        content_changed.disconnect(listen)
    assert len(heard) == 1
    assert project.pk in heard[0].saved[Project]


def test_a_draft_that_fails_the_checks_is_not_published(client):
    client.force_login(make_staff("Publisher"))
    project = live_project()
    response = post(client, project, "publish", findings="", summary="Kept summary.")
    assert response.status_code == 200
    assert "Not ready to publish" in response.content.decode()
    assert response.context["adminform"].form["summary"].value() == "Kept summary."
    project.refresh_from_db()
    assert project.findings == "Old findings."


def test_a_draft_whose_outcome_fails_the_checks_is_kept_unpublished(client):
    client.force_login(make_staff("Publisher"))
    project = live_project()
    data = drafts.snapshot(project)
    data["children"]["outcomes"][0]["fields"]["source"] = None
    draft = drafts.record_draft(project, data, None, DraftState.IN_REVIEW)
    with pytest.raises(drafts.NotReady):
        drafts.publish(project, None, draft)
    project.refresh_from_db()
    assert project.outcomes.get().source_id is not None
    assert drafts.pending_draft(project) == draft


def test_an_incomplete_draft_of_a_live_record_can_be_saved(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    assert post(client, project, "save", findings="").status_code == 302
    assert drafts.pending_draft(project).data["fields"]["findings"] == ""


def test_editor_submits_and_publishers_hear_of_it(client):
    make_staff("Publisher", email="pat@example.org")
    client.force_login(make_staff("Editor"))
    project = live_project()
    post(client, project, "submit", findings="Submitted findings.")
    assert drafts.pending_draft(project).draft_state == DraftState.IN_REVIEW
    assert AuditEvent.objects.filter(action="submit").exists()


def test_request_changes_needs_a_comment_and_the_author_reads_it(client):
    author = make_staff("Editor", email="ana@example.org")
    client.force_login(author)
    project = live_project()
    post(client, project, "submit", findings="Submitted findings.")
    client.force_login(make_staff("Publisher"))
    assert post(client, project, "request_changes").status_code == 200  # no comment: refused
    response = post(client, project, "request_changes", review_comment="Cite the source.")
    assert response.status_code == 302
    draft = drafts.pending_draft(project)
    assert (draft.draft_state, draft.comment, draft.user) == (
        DraftState.CHANGES_REQUESTED,
        "Cite the source.",
        author,
    )
    client.force_login(author)
    page = client.get(change_url(project)).content.decode()
    assert "Cite the source." in page


def test_editor_cannot_request_changes(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(status=Status.IN_REVIEW)
    response = post(client, project, "request_changes", review_comment="No.")
    assert response.status_code == 200
    assert not AuditEvent.objects.exists()


def test_scheduling_a_draft_keeps_the_live_page_until_its_time(client):
    client.force_login(make_staff("Publisher"))
    project = live_project()
    when = timezone.localtime() + datetime.timedelta(hours=2)
    response = post(
        client,
        project,
        "publish",
        findings="Scheduled findings.",
        publish_at_0=when.date().isoformat(),
        publish_at_1=when.time().strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.is_public
    assert project.findings == "Old findings."
    assert Project.objects.published().filter(pk=project.pk).exists()
    assert AuditEvent.objects.get(action="schedule").user is not None
    assert drafts.publish_due() == []
    went = drafts.publish_due(now=timezone.now() + datetime.timedelta(hours=3))
    assert went == [f"project: {project}"]
    project.refresh_from_db()
    assert project.findings == "Scheduled findings."
    assert AuditEvent.objects.filter(action="publish", detail__startswith="revision").exists()
    assert revisions_of(project).first().note == "Went live as scheduled"


def test_restoring_a_live_records_revision_makes_a_draft(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    post(client, project, findings="Draft findings.")
    first = revisions_of(project).last()
    url = reverse("admin:projects_project_restore", args=[project.pk, first.pk])
    assert client.post(url).status_code == 302
    project.refresh_from_db()
    assert project.findings == "Old findings."
    assert drafts.pending_draft(project).data == first.data


def test_unpublishing_keeps_the_draft_as_the_records_content(client):
    client.force_login(make_staff("Publisher"))
    project = live_project()
    post(client, project, findings="Draft findings.")
    assert post(client, project, "unpublish").status_code == 302
    project.refresh_from_db()
    assert project.status == Status.UNPUBLISHED
    assert project.findings == "Draft findings."


def test_submitting_mails_the_publishers(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_staff("Publisher", email="pat@example.org")
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, project, "submit")
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]
    assert "Awaiting review" in mail.outbox[0].subject


def test_the_case_study_tells_staff_only_of_a_newer_draft(client):
    editor = make_staff("Editor")
    client.force_login(editor)
    project = live_project()
    post(client, project, findings="Draft findings.")
    staff_page = client.get(project.get_absolute_url())
    assert "A newer draft exists" in staff_page.content.decode()
    assert "no-store" in staff_page["Cache-Control"]
    assert "private" in staff_page["Cache-Control"]
    client.logout()
    public_page = client.get(project.get_absolute_url()).content.decode()
    assert "A newer draft exists" not in public_page
    assert "Old findings." in public_page


def test_the_admin_home_lists_work_awaiting_review_and_returned_work(client):
    author = make_staff("Editor")
    client.force_login(author)
    live = live_project(title="Live One")
    post(client, live, "submit", findings="Submitted findings.")
    waiting = make_complete_project(title="Private One", status=Status.IN_REVIEW)
    client.force_login(make_staff("Publisher"))
    home = client.get(reverse("admin:index"))
    names = [item.name for item in home.context["awaiting"]]
    assert {str(live), str(waiting)} <= set(names)
    post(client, live, "request_changes", review_comment="Cite the source.")
    client.force_login(author)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Returned to you" in page
    assert "Cite the source." in page


def test_the_review_queue_costs_the_same_queries_however_much_waits(client):
    client.force_login(make_staff("Publisher"))

    def grow(n):
        for _ in range(n):
            make_complete_project(status=Status.IN_REVIEW)

    client.get(reverse("admin:index"))  # content types are cached from the first request on
    assert_constant_queries(client, reverse("admin:index"), grow)


def test_the_preview_of_a_live_record_shows_its_draft(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    post(client, project, findings="Draft findings.")
    preview = client.get(reverse("admin:projects_project_preview", args=[project.pk]))
    assert "Draft findings." in preview.content.decode()
    project.refresh_from_db()
    assert project.findings == "Old findings."


def test_bulk_publish_applies_the_drafts_of_live_records(client):
    client.force_login(make_staff("Publisher"))
    project = live_project()
    data = drafts.snapshot(project)
    data["fields"]["findings"] = "Bulk findings."
    drafts.record_draft(project, data, None, DraftState.IN_REVIEW)
    response = client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "publish_selected", "_selected_action": [project.pk], "index": 0},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.findings == "Bulk findings."
    assert drafts.pending_draft(project) is None


def test_a_draft_saved_from_an_older_version_never_replaces_the_newer_one():
    project = live_project()
    opened_at = project.version
    first = drafts.record_draft(project, None, None, DraftState.DRAFT, base_version=opened_at)
    late = drafts.record_draft(
        Project.objects.get(pk=project.pk), None, None, DraftState.DRAFT, base_version=opened_at
    )
    assert late.draft_state == ""  # kept in the history only
    assert drafts.pending_draft(project) == first


def test_an_outcome_added_in_a_draft_is_edited_again_without_a_copy(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    data = form_data(client.get(change_url(project)))
    added = {k.replace("outcomes-0-", "outcomes-1-"): v for k, v in data.items()}
    added = {k: v for k, v in added.items() if k.startswith("outcomes-1-")}
    added |= {
        "outcomes-1-id": "",
        "outcomes-1-measure": "burglary",
        "outcomes-1-result_key": "burglary",
    }
    data |= added | {"outcomes-TOTAL_FORMS": "2"}
    data["outcomes-1-is_headline"] = ""
    assert client.post(change_url(project), data).status_code == 302
    assert project.outcomes.count() == 1  # the live record keeps its one outcome

    reopened = form_data(client.get(change_url(project)))
    assert reopened["outcomes-TOTAL_FORMS"] == "2"
    measures = {reopened["outcomes-0-measure"], reopened["outcomes-1-measure"]}
    assert measures == {"robbery", "burglary"}
    index = 0 if reopened["outcomes-0-measure"] == "burglary" else 1
    reopened[f"outcomes-{index}-measure"] = "commercial burglary"
    assert client.post(change_url(project), reopened | {"_action": "save"}).status_code == 302
    children = drafts.pending_draft(project).data["children"]["outcomes"]
    assert sorted(c["fields"]["measure"] for c in children) == ["commercial burglary", "robbery"]


def test_the_list_shows_a_live_records_pending_draft(client):
    client.force_login(make_staff("Editor"))
    project = live_project()
    post(client, project, "submit", findings="Submitted findings.")
    page = client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "draft: awaiting review" in page


def test_the_author_is_mailed_the_comment(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    author = make_staff("Editor", email="ana@example.org")
    client.force_login(author)
    project = live_project()
    post(client, project, "submit", findings="Submitted findings.")
    client.force_login(make_staff("Publisher"))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, project, "request_changes", review_comment="Cite the source.")
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "Cite the source." in mail.outbox[0].body
