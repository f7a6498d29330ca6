"""The one "public content changed" event: sent once per committed transaction with every record
it saved, linked or deleted, never for a rolled-back write, and sent by every path that changes
public content (a save, a link, a deletion, publishing, a scheduled record going live, a
restored revision, an import's bulk inserts)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from editorial.changes import content_changed
from editorial.models import PageVersion, PublicationStatus
from editorial.revisions import record_revision, restore, revisions_of
from editorial.workflow import move
from projects.models import Agency, Project, Strategy
from tests.factories import make_project, make_staff, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    """Every ``content_changed`` sent during the test, as its ``ChangeSet``."""
    sent = []

    def listen(sender, changes, **kwargs):
        sent.append(changes)

    content_changed.connect(listen)
    yield sent
    content_changed.disconnect(listen)


def test_a_transaction_saving_many_records_sends_one_event_after_its_commit(
    events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        projects = [make_project(), make_project(), make_project()]
    assert events == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(events) == 1
    assert events[0].saved[Project] == {project.pk for project in projects}
    assert events[0].saved[Agency] == {project.agency_id for project in projects}


def test_a_rolled_back_transaction_sends_nothing(events, committed):
    def write_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_project(title="Never was")
            raise RuntimeError("the editor's save failed after the write")

    committed(write_then_fail)
    assert events == []


def test_a_rolled_back_write_is_not_told_with_the_next_transaction(events, committed):
    def write_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_strategy(name="Never was")
            raise RuntimeError

    committed(write_then_fail)
    kept = committed(make_project)
    assert [changes.saved[Project] for changes in events] == [{kept.pk}]
    assert Strategy not in events[0].models


def test_a_rolled_back_savepoint_leaves_its_records_out(events, committed):
    def write():
        kept = make_project()
        try:
            with transaction.atomic():
                make_strategy(name="Undone")
                raise RuntimeError
        except RuntimeError:
            pass
        return kept

    kept = committed(write)
    assert len(events) == 1
    assert events[0].saved[Project] == {kept.pk}
    assert Strategy not in events[0].models


def test_publishing_sends_the_event(events, committed):
    project = committed(lambda: make_project(status=PublicationStatus.DRAFT))
    user = make_staff("Publisher")
    committed(lambda: move(project, PublicationStatus.PUBLISHED, user, "Published"))
    assert project.pk in events[-1].saved[Project]


def test_a_deletion_is_told_as_one(events, committed):
    project = committed(make_project)
    pk = project.pk
    committed(project.delete)
    assert events[-1].deleted[Project] == {pk}


def test_linking_names_both_sides(events, committed):
    project = committed(make_project)
    strategy = committed(lambda: make_strategy(name="Hot spots"))
    committed(lambda: project.strategies.add(strategy))
    assert events[-1].saved[Project] == {project.pk}
    assert events[-1].saved[Strategy] == {strategy.pk}


def test_restoring_a_revision_sends_the_event(events, committed):
    project = committed(lambda: make_project(summary="The first text."))
    record_revision(project, None, "Saved")
    project.summary = "A second text."
    committed(project.save)
    user = make_staff("Editor")
    committed(lambda: restore(project, revisions_of(project).last(), user))
    assert events[-1].saved[Project] == {project.pk}
    assert Project.objects.get().summary == "The first text."


def test_a_scheduled_record_going_live_sends_the_event_and_moves_its_pages_version(
    events, committed
):
    later = timezone.now() + datetime.timedelta(hours=1)
    project = committed(lambda: make_project(go_live_at=later))
    Project.objects.filter(pk=project.pk).update(go_live_at=timezone.now())
    case_study = PageVersion.objects.filter(family=f"projects.project:{project.pk}")
    before = case_study.values_list("number", flat=True).first() or 0
    committed(lambda: call_command("publish_scheduled", stdout=StringIO()))
    assert events[-1].saved[Project] == {project.pk}
    assert case_study.get().number > before


def test_a_queryset_update_that_unpublishes_is_an_event(events, committed):
    project = make_project()
    events.clear()
    committed(
        lambda: Project.objects.filter(pk=project.pk).update(status=PublicationStatus.UNPUBLISHED)
    )
    assert [changes.saved[Project] for changes in events] == [{project.pk}]
