"""publish_scheduled finishes publications whose time has come, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from editorial.models import AuditEvent, PublicationStatus
from editorial.revisions import revisions_of
from projects.models import Project
from tests.factories import make_complete_project, make_lesson

pytestmark = pytest.mark.django_db


def scheduled(delta: datetime.timedelta) -> Project:
    return make_complete_project(
        status=PublicationStatus.PUBLISHED, go_live_at=timezone.now() + delta
    )


def run(*args) -> str:
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out)
    return out.getvalue()


def test_future_record_is_not_public_before_its_time():
    scheduled(datetime.timedelta(hours=1))
    assert not Project.objects.published().exists()


def test_future_record_is_left_alone():
    scheduled(datetime.timedelta(hours=1))
    assert "0 scheduled records went live." in run()
    assert not AuditEvent.objects.exists()


def test_due_record_is_finalized_with_audit_event_and_revision():
    project = scheduled(datetime.timedelta(hours=1))
    Project.objects.filter(pk=project.pk).update(
        go_live_at=timezone.now() - datetime.timedelta(minutes=5), first_published_at=None
    )
    version = Project.objects.get().version
    assert "1 scheduled records went live." in run()
    project.refresh_from_db()
    assert project.first_published_at == project.go_live_at
    assert project.version == version + 1
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.detail) == ("publish", None, "went live as scheduled")
    assert revisions_of(project).get().note == "Went live as scheduled"


def test_second_run_does_nothing():
    project = scheduled(datetime.timedelta(hours=1))
    Project.objects.filter(pk=project.pk).update(go_live_at=timezone.now())
    run()
    assert "0 scheduled records went live." in run()
    assert AuditEvent.objects.count() == 1


def test_dry_run_changes_nothing():
    lesson = make_lesson(go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "1 scheduled records would go live." in run("--dry-run")
    assert lesson.title in run("--dry-run")
    assert not AuditEvent.objects.exists()
