"""An import writes its new records in bulk, which Django tells nobody of: the importer reports
them to the editorial layer, so ``import_projects --publish`` renews the pages that show them (no
cached list outlives it) and queues the new projects' search documents in its transaction."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from editorial.changes import content_changed
from projects.models import Project
from search.models import PendingUpdate

pytestmark = pytest.mark.django_db

LIST = reverse("projects:list")
# The least a record needs, with a title the list page shows.
RECORD = {"agency": "Lowell Police Department", "state": "MA", "award_year": 2010}


@pytest.fixture
def projects_file(tmp_path):
    path = tmp_path / "projects.json"
    path.write_text(json.dumps([RECORD]), encoding="utf-8")
    return path


def import_published(path) -> None:
    call_command("import_projects", str(path), "--publish", stdout=StringIO())


def test_an_import_makes_the_cached_list_stale(
    client, page_cache, projects_file, django_capture_on_commit_callbacks
):
    assert "Lowell" not in client.get(LIST).text  # now cached without it
    with django_capture_on_commit_callbacks(execute=True):
        import_published(projects_file)
    assert "Lowell" in client.get(LIST).text


def test_an_import_queues_its_new_projects_documents_in_its_transaction(
    projects_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        import_published(projects_file)
        queued = set(PendingUpdate.objects.values_list("key", flat=True))
    assert f"project:{Project.objects.get().pk}" in queued


def test_the_event_names_the_imported_projects(projects_file, django_capture_on_commit_callbacks):
    sent = []

    def listen(sender, changes, **kwargs):
        sent.append(changes)

    content_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            import_published(projects_file)
    finally:
        content_changed.disconnect(listen)
    assert len(sent) == 1
    assert sent[0].saved[Project] == {Project.objects.get().pk}
