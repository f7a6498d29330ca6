"""The worker that make serve and make prod start: a scheduled draft goes live at its time with
nobody running a command, the old version stays up until then, and the search queue is
applied in the same pass."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from editorial import drafts
from editorial.models import AuditEvent, DraftState, PublicationStatus
from search.backends import get_backend
from search.models import PendingUpdate
from search.query import SearchRequest
from spi_portal.worker import run_once
from tests.factories import make_complete_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    return get_backend()


def titles(engine, text):
    request = SearchRequest(text, filters={"kind": ("project",)}, per_page=50)
    return [str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in
            engine.search(request).hits]  # fmt: skip


def schedule(project, title, hours):
    data = drafts.snapshot(project)
    data["fields"]["title"] = title
    draft = drafts.record_draft(project, data, None, DraftState.DRAFT)
    when = timezone.now() + datetime.timedelta(hours=hours)
    drafts.move_draft(project, draft, DraftState.SCHEDULED, None, when=when)
    return when


def test_a_scheduled_draft_goes_live_in_the_workers_pass(engine, client):
    project = make_complete_project(status=PublicationStatus.PUBLISHED, title="Old Quokka")
    call_command("rebuild_index", "--clear", verbosity=0)
    when = schedule(project, "New Quokka", hours=2)

    assert run_once() == ([], 0)  # before its time: nothing moves
    assert "Old Quokka" in client.get(project.get_absolute_url()).content.decode()

    went_live, queued = run_once(now=when + datetime.timedelta(seconds=1))
    project.refresh_from_db()
    assert project.title == "New Quokka"
    assert went_live == [f"project: {project}"]
    assert queued > 0
    assert not PendingUpdate.objects.exists()
    assert titles(engine, "quokka") == [project.name]
    assert AuditEvent.objects.filter(action="publish", user=None).exists()


def test_a_draft_that_fails_its_checks_at_its_time_goes_back_to_its_author(engine):
    project = make_complete_project(status=PublicationStatus.PUBLISHED, title="Old Title")
    data = drafts.snapshot(project)
    data["fields"]["findings"] = ""
    draft = drafts.record_draft(project, data, None, DraftState.DRAFT)
    when = timezone.now() + datetime.timedelta(minutes=5)
    drafts.move_draft(project, draft, DraftState.SCHEDULED, None, when=when)
    assert run_once(now=when)[0] == []
    draft.refresh_from_db()
    assert draft.draft_state == DraftState.CHANGES_REQUESTED
    assert "Findings" in draft.comment
    project.refresh_from_db()
    assert project.findings != ""


def test_a_record_leaves_the_site_at_its_expiry_and_the_worker_records_it(client):
    project = make_complete_project(status=PublicationStatus.PUBLISHED, title="Short-lived")
    end = timezone.now() + datetime.timedelta(hours=1)
    project.expire_at = end
    project.save()
    assert client.get(project.get_absolute_url()).status_code == 200
    assert run_once()[0] == []  # not yet

    went, _ = run_once(now=end + datetime.timedelta(seconds=1))
    assert went == [f"project: {project} (expired)"]
    project.refresh_from_db()
    assert project.status == PublicationStatus.UNPUBLISHED
    event = AuditEvent.objects.get(action="unpublish")
    assert "expired as scheduled" in event.detail
    assert client.get(project.get_absolute_url()).status_code == 404


def test_published_hides_a_record_once_its_expiry_has_passed():
    project = make_complete_project(status=PublicationStatus.PUBLISHED)
    project.expire_at = timezone.now() - datetime.timedelta(seconds=1)
    project.save()
    assert not project.is_public
    assert not type(project).objects.published().filter(pk=project.pk).exists()
