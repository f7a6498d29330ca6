"""Editors write and submit; only Publishers return work, publish, schedule and unpublish, by
any path (the buttons of the change form, a raw post, the bulk actions)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from editorial import drafts
from editorial.models import AuditEvent, DraftState, PublicationStatus
from editorial.review import allowed_actions
from projects.models import Project
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff

pytestmark = pytest.mark.django_db
Status = PublicationStatus


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def changelist_url():
    return reverse("admin:projects_project_changelist")


def run_action(client, action, projects):
    return client.post(
        changelist_url(),
        {"action": action, "_selected_action": [p.pk for p in projects], "index": 0},
    )


def submit(client, project, **changes):
    data = form_data(client.get(change_url(project))) | changes
    return client.post(change_url(project), data)


def test_groups_exist_with_publish_permission_for_publishers_only():
    editor = Group.objects.get(name="Editor")
    publisher = Group.objects.get(name="Publisher")
    editor_codes = set(editor.permissions.values_list("codename", flat=True))
    publisher_codes = set(publisher.permissions.values_list("codename", flat=True))
    assert {"change_project", "change_lesson", "change_resource"} <= editor_codes
    assert not {c for c in editor_codes if c.startswith("publish_")}
    assert {"publish_project", "publish_lesson", "publish_resource"} <= publisher_codes
    assert "view_auditevent" in publisher_codes - editor_codes


def test_editor_gets_only_the_save_and_submit_buttons(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(status=Status.PUBLISHED)
    actions = client.get(change_url(project)).context["review_actions"]
    assert [value for value, _ in actions] == ["save", "submit"]


def test_publisher_gets_every_button_on_a_live_record_in_review(client):
    client.force_login(make_staff("Publisher"))
    project = make_complete_project(status=Status.IN_REVIEW)
    actions = client.get(change_url(project)).context["review_actions"]
    assert [value for value, _ in actions] == ["save", "submit", "request_changes", "publish"]
    project.status = Status.PUBLISHED
    project.save()
    actions = client.get(change_url(project)).context["review_actions"]
    assert [value for value, _ in actions] == ["save", "submit", "publish", "unpublish"]


def test_editor_cannot_publish_through_the_form(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    response = submit(client, project, _action="publish")
    assert response.status_code == 200
    assert "scheduling, unpublishing and returning work are for Publishers" in (
        response.content.decode()
    )
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_editor_cannot_publish_with_a_raw_post(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    data = form_data(client.get(change_url(project)))
    client.logout()
    client.force_login(make_staff("Editor"))
    response = client.post(change_url(project), data | {"_action": "publish"})
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_editor_cannot_schedule(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(status=Status.IN_REVIEW)
    form = client.get(change_url(project)).context["adminform"].form
    assert "publish_at" not in form.fields


def test_editor_cannot_unpublish_a_live_record(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(status=Status.PUBLISHED)
    response = submit(client, project, _action="unpublish")
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.status == Status.PUBLISHED


def test_editor_can_submit_for_review_through_the_form(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    response = submit(client, project, _action="submit")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW


def test_editor_has_no_publish_action(client):
    client.force_login(make_staff("Editor"))
    make_complete_project()
    actions = client.get(changelist_url()).context["action_form"].fields["action"].choices
    names = [name for name, _ in actions]
    assert "submit_for_review" in names
    assert "publish_selected" not in names
    assert "unpublish_selected" not in names


def test_editor_posting_the_publish_action_changes_nothing(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    response = run_action(client, "publish_selected", [project])
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.DRAFT
    assert not AuditEvent.objects.exists()


def test_editor_posting_the_unpublish_action_changes_nothing(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(status=Status.PUBLISHED)
    run_action(client, "unpublish_selected", [project])
    project.refresh_from_db()
    assert project.status == Status.PUBLISHED


def test_publisher_publishes_through_the_form(client):
    publisher = make_staff("Publisher")
    client.force_login(publisher)
    project = make_complete_project(status=Status.IN_REVIEW)
    response = submit(client, project, _action="publish")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.is_public
    assert project.first_published_at is not None
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.object_id) == ("publish", publisher, project.pk)


def test_publisher_bulk_publishes(client):
    client.force_login(make_staff("Publisher"))
    projects = [make_complete_project(status=Status.IN_REVIEW) for _ in range(2)]
    run_action(client, "publish_selected", projects)
    assert Project.objects.published().count() == 2
    assert AuditEvent.objects.filter(action="publish").count() == 2


def test_publisher_bulk_unpublishes(client):
    client.force_login(make_staff("Publisher"))
    project = make_complete_project(status=Status.PUBLISHED)
    run_action(client, "unpublish_selected", [project])
    project.refresh_from_db()
    assert project.status == Status.UNPUBLISHED
    assert AuditEvent.objects.get().action == "unpublish"


def test_editor_submits_drafts_for_review_in_bulk(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    run_action(client, "submit_for_review", [project])
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_each_role_gets_every_inline_of_the_project_form(client, role):
    project = make_complete_project()
    client.force_login(make_staff(role))
    shown = {
        f.formset.prefix for f in client.get(change_url(project)).context["inline_admin_formsets"]
    }
    client.force_login(make_staff(is_superuser=True))
    every = {
        f.formset.prefix for f in client.get(change_url(project)).context["inline_admin_formsets"]
    }
    assert shown == every


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("Editor", None, ["save", "submit"]),
        ("Editor", Status.IN_REVIEW, ["save", "submit"]),
        ("Editor", Status.PUBLISHED, ["save", "submit"]),
        ("Publisher", None, ["save", "submit", "publish"]),
        ("Publisher", Status.DRAFT, ["save", "submit", "publish"]),
        ("Publisher", Status.IN_REVIEW, ["save", "submit", "request_changes", "publish"]),
        ("Publisher", Status.PUBLISHED, ["save", "submit", "publish", "unpublish"]),
    ],
)
def test_review_buttons_by_role_and_state(role, state, expected):
    user = make_staff(role)
    record = make_complete_project(status=state) if state else None
    assert allowed_actions(user, Project, record) == expected


def test_a_live_records_draft_in_review_can_be_returned_by_a_publisher_only():
    project = make_complete_project(status=Status.PUBLISHED)
    drafts.record_draft(project, None, None, DraftState.IN_REVIEW)
    assert "request_changes" in allowed_actions(make_staff("Publisher"), Project, project)
    assert "request_changes" not in allowed_actions(make_staff("Editor"), Project, project)
