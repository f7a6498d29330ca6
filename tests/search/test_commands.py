"""rebuild_index and check_index: progress and a summary, missing and stale records reported, and
--fix mending the index."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import Project
from search import indexing
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
    assert "Fixed: 0 missing, 0 stale, 2 not public" in run("check_index", "--fix")
    assert "Index matches the database" in run("check_index")
