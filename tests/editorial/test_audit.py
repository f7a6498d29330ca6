"""Publish, schedule, unpublish and delete are logged; only Publishers read the log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import AuditEvent, PublicationStatus
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff

pytestmark = pytest.mark.django_db


def test_delete_is_logged_with_who_and_what(client):
    publisher = make_staff("Publisher")
    client.force_login(publisher)
    project = make_complete_project(title="Gone soon")
    response = client.post(
        reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.object_repr) == ("delete", publisher, project.name)


def test_bulk_delete_is_logged_per_record(client):
    client.force_login(make_staff("Publisher"))
    projects = [make_complete_project() for _ in range(2)]
    client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in projects], "post": "yes"},
    )
    assert AuditEvent.objects.filter(action="delete").count() == 2


def test_editor_cannot_delete(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    response = client.post(
        reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_future_publish_time_is_logged_as_a_schedule(client):
    client.force_login(make_staff("Publisher"))
    project = make_complete_project(status=PublicationStatus.IN_REVIEW)
    url = reverse("admin:projects_project_change", args=[project.pk])
    when = timezone.localtime() + datetime.timedelta(days=2)
    data = form_data(client.get(url)) | {
        "_action": "publish",
        "publish_at_0": when.date().isoformat(),
        "publish_at_1": when.time().strftime("%H:%M:%S"),
    }
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert not project.is_public
    event = AuditEvent.objects.get()
    assert event.action == "schedule"
    assert "goes live at" in event.detail


def test_publisher_reads_the_audit_log(client):
    client.force_login(make_staff("Publisher"))
    response = client.get(reverse("admin:editorial_auditevent_changelist"))
    assert response.status_code == 200


def test_editor_cannot_read_the_audit_log(client):
    client.force_login(make_staff("Editor"))
    response = client.get(reverse("admin:editorial_auditevent_changelist"))
    assert response.status_code == 403


def test_nobody_edits_the_audit_log(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    assert client.get(reverse("admin:editorial_auditevent_add")).status_code == 403
