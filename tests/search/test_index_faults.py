"""A deleted or damaged Whoosh index: search says it is unavailable (503), other pages keep
working, check_index reports it and --fix rebuilds it; a rebuild never shows readers an empty
index."""

import os
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from projects.models import Project
from search import indexing
from search.query import SearchRequest
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def whoosh(settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    make_project(title="Pangolin patrol")
    backend = indexing.get_backend()
    indexing.rebuild(backend)
    return backend


def live_files(backend):
    return sorted(p for p in (backend.path / "current").iterdir() if p.suffix in (".toc", ".seg"))


def delete_index(backend):
    shutil.rmtree(backend.path)


def corrupt_index(backend):
    """Overwrite every index file in place, as a disk fault or a stray copy would."""
    for path in live_files(backend):
        path.write_bytes(os.urandom(path.stat().st_size))


FAULTS = {"deleted": delete_index, "corrupted": corrupt_index}


def search_page(client):
    return client.get(reverse("search"), {"q": "pangolin"})


@pytest.mark.parametrize("fault", FAULTS)
def test_search_page_says_search_is_unavailable(client, whoosh, fault):
    assert b"Pangolin" in search_page(client).content  # the searcher is open before the fault
    FAULTS[fault](whoosh)
    response = search_page(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert b"Search is temporarily unavailable" in response.content
    assert b"Nothing matches" not in response.content
    assert b'class="skip-link"' in response.content  # within the site's layout


@pytest.mark.parametrize("fault", FAULTS)
def test_json_search_answers_503_with_a_message(client, whoosh, fault):
    FAULTS[fault](whoosh)
    response = client.get(reverse("search:search-json"), {"q": "pangolin"})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "temporarily unavailable" in response.json()["error"]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(
    "address", ["/search/projects.csv", "/search/outcomes.json", "/feed/search/"]
)
def test_search_downloads_and_feed_answer_503(whoosh, fault, address):
    FAULTS[fault](whoosh)
    response = Client(raise_request_exception=False).get(address, {"q": "pangolin"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Search is temporarily unavailable" in response.content.decode()


@pytest.mark.parametrize("fault", FAULTS)
def test_other_pages_keep_working(client, whoosh, fault):
    FAULTS[fault](whoosh)
    for name in ("home", "projects:list", "about"):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("fault", FAULTS)
def test_check_index_reports_the_fault_and_fix_rebuilds(client, whoosh, fault):
    FAULTS[fault](whoosh)
    with pytest.raises(CommandError, match="Run check_index --fix or rebuild_index"):
        call_command("check_index", stdout=StringIO())
    out = StringIO()
    call_command("check_index", "--fix", stdout=out)
    assert "Rebuilt the index: 2 documents" in out.getvalue()
    assert b"Pangolin" in search_page(client).content  # recovered without a restart


def test_an_edit_rebuilds_a_deleted_index_rather_than_start_an_empty_one(
    whoosh, django_capture_on_commit_callbacks
):
    before = Project.objects.get()
    delete_index(whoosh)
    with django_capture_on_commit_callbacks(execute=True):
        after = make_project(title="Aardvark study", cohort_year=2015)
    indexed = whoosh.fingerprints()
    assert {f"project:{before.pk}", f"project:{after.pk}"} <= indexed.keys()


def test_rebuild_swaps_in_a_new_generation_and_the_old_searcher_sees_it(whoosh):
    before = whoosh.snapshot()
    old = (whoosh.path / "current").resolve()
    project = make_project(title="Quokka census", cohort_year=2016)
    call_command("rebuild_index", "--clear", verbosity=0)
    assert (whoosh.path / "current").resolve() != old
    assert whoosh.snapshot() is not before
    hits = whoosh.search(SearchRequest("quokka")).hits
    assert f"project:{project.pk}" in {hit.key for hit in hits}


def test_readers_keep_the_old_index_while_a_rebuild_runs(whoosh):
    """The live index answers in full during a rebuild, up to the swap."""
    full = whoosh.search(SearchRequest("pangolin")).total
    seen = []

    def progress(done):
        seen.append(whoosh.search(SearchRequest("pangolin")).total)

    whoosh.rebuild(indexing.all_documents(), clear=True, progress=progress)
    assert full and seen == [full] * len(seen) and seen
    assert whoosh.search(SearchRequest("pangolin")).total == full


def test_a_read_that_meets_a_file_replaced_under_it_is_tried_once_more(whoosh, monkeypatch):
    from search.backends.base import SearchBackend

    real, failures = SearchBackend.answer, []

    def replaced_once(self, request):
        if not failures:
            failures.append(1)
            raise FileNotFoundError("segment file replaced by a commit")
        return real(self, request)

    monkeypatch.setattr(SearchBackend, "answer", replaced_once)
    hits = whoosh.search(SearchRequest("pangolin")).hits
    assert failures == [1]
    assert any("Pangolin" in hit.title for hit in hits)
