"""The index commands: rebuild_index shows progress; check_index finds what differs, including
updates stuck in the queue and documents whose meaning vector is behind, and --fix mends it
and empties the queue."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from projects.models import Project
from search import indexing
from search.models import DocumentVector, PendingUpdate
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_rebuild_index_shows_progress_and_a_summary(engine):
    make_project(title="Lynx Study")
    output = run("rebuild_index", "--clear")
    assert "] 2/2" in output  # the project and its agency
    assert "Indexed 2 documents" in output
    assert len(engine.fingerprints()) == 2


def test_check_index_passes_when_index_matches(engine):
    make_project(title="Lynx Study")
    indexing.rebuild(engine)
    assert "Index matches the database" in run("check_index")


def test_check_index_fails_on_missing_and_stale_records(engine):
    project = make_project(title="Lynx Study")
    indexing.rebuild(engine)
    Project.objects.filter(pk=project.pk).update(title="Renamed without signals")
    make_project(title="Added without an index update", agency=project.agency, cohort_year=2015)
    with pytest.raises(CommandError, match="1 missing, 2 stale"):
        run("check_index")


def test_check_index_fix_mends_the_index(engine):
    project = make_project(title="Lynx Study")
    indexing.rebuild(engine)
    Project.objects.filter(pk=project.pk).update(status="draft")
    # The update is queued like any change; a lost queue (a crash) is what leaves the index stale.
    PendingUpdate.objects.all().delete()
    assert "Fixed: 0 missing, 0 stale, 2 not public" in run("check_index", "--fix")
    assert "Index matches the database" in run("check_index")


def test_check_index_fix_applies_the_queue(engine):
    make_project(title="Lynx Study")  # queued: a test's transaction never commits
    assert PendingUpdate.objects.exists()
    assert "queued updates applied" in run("check_index", "--fix")
    assert not PendingUpdate.objects.exists()
    assert "Index matches the database" in run("check_index")


def test_check_index_fix_clears_a_queue_the_index_already_matches(engine):
    project = make_project(title="Lynx Study")
    indexing.rebuild(engine)
    PendingUpdate.objects.create(key=f"project:{project.pk}")
    assert "1 queued updates applied" in run("check_index", "--fix")
    assert not PendingUpdate.objects.exists()


def test_check_index_names_updates_stuck_in_the_queue(engine):
    project = make_project(title="Lynx Study")
    indexing.rebuild(engine)
    PendingUpdate.objects.create(key=f"project:{project.pk}")
    assert "Index matches" in run("check_index")  # just queued: being applied
    PendingUpdate.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(CommandError, match="1 updates queued for more than a minute"):
        run("check_index")


def test_check_index_finds_and_mends_a_missing_meaning_vector(engine):
    make_project(title="Lynx Study")
    indexing.rebuild(engine)
    key = sorted(DocumentVector.objects.values_list("key", flat=True))[0]
    DocumentVector.objects.filter(key=key).delete()
    with pytest.raises(CommandError, match="1 stale"):
        run("check_index")
    assert "Fixed: 0 missing, 1 stale" in run("check_index", "--fix")
    assert DocumentVector.objects.filter(key=key).exists()
