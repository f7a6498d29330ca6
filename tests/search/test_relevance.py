"""Relevance on the portal's real content, for each engine."""

import pytest

from editorial.models import PublicationStatus
from lessons.models import Lesson
from projects.models import Project
from search import indexing
from search.backends.whoosh import WhooshBackend
from search.documents import documents_for, key_for
from search.query import SearchRequest

pytestmark = pytest.mark.django_db


def places(engine, text):
    results = engine.search(SearchRequest(text, filters={"kind": ("project",)}, per_page=10))
    return [hit.subtitle for hit in results.hits]


def test_body_worn_cameras_complaints_finds_phoenix_first(real_engine):
    assert places(real_engine, "body-worn cameras complaints")[0].startswith("Phoenix")


def test_retaliatory_violence_finds_rochester(real_engine):
    assert places(real_engine, "retaliatory violence")[0].startswith("Rochester")


def test_foot_patrol_finds_philadelphia_and_new_haven(real_engine):
    found = places(real_engine, "foot patrol")[:5]
    assert any(p.startswith("Philadelphia") for p in found)
    assert any(p.startswith("New Haven") for p in found)


def test_cameras_finds_what_says_camera(real_engine):
    singular = {h.key for h in real_engine.search(SearchRequest("camera", per_page=100)).hits}
    plural = {h.key for h in real_engine.search(SearchRequest("cameras", per_page=100)).hits}
    assert singular == plural and singular


@pytest.mark.parametrize(
    ("typed", "meant"), [("shotspoter", "shotspotter"), ("burglery", "burglary")]
)
def test_did_you_mean_fixes_a_misspelt_word(real_engine, typed, meant):
    assert real_engine.search(SearchRequest(typed, correct=False)).suggestion == meant


@pytest.mark.parametrize(
    ("typed", "meant"), [("shotspoter", "shotspotter"), ("burglery", "burglary")]
)
def test_a_misspelt_word_shows_the_results_of_the_correction(real_engine, typed, meant):
    results = real_engine.search(SearchRequest(typed))
    assert results.corrected == meant and results.total > 0


def test_did_you_mean_keeps_the_words_that_are_right(real_engine):
    assert real_engine.search(SearchRequest("burglery hot spots")).suggestion == (
        "burglary hot spots"
    )


def keys_found(engine, text):
    return {hit.key for hit in engine.search(SearchRequest(text, per_page=100)).hits}


def test_real_records_made_drafts_are_not_found(real_engine, tmp_path):
    """Real projects and lessons taken back to draft leave the results of a fresh index,
    though a search for their own titles found them while they were published."""
    projects = list(Project.objects.published().order_by("pk")[::8])
    lessons = list(Lesson.objects.published().order_by("pk")[::4])
    wanted = {key_for(record): record for record in [*projects, *lessons]}
    titles = {key: document.title for key, document in documents_for(wanted).items()}
    assert len(titles) == len(wanted) >= 8
    for key, title in titles.items():
        assert key in keys_found(real_engine, title), title
    for model, records in [(Project, projects), (Lesson, lessons)]:
        model.objects.filter(pk__in=[r.pk for r in records]).update(status=PublicationStatus.DRAFT)
    # PostgreSQL's index is rows this test's transaction undoes; Whoosh's is files, so it is
    # rebuilt in a folder of its own and the module's index stays as it was.
    engine = WhooshBackend(tmp_path) if isinstance(real_engine, WhooshBackend) else real_engine
    indexing.rebuild(engine)
    for key, title in titles.items():
        assert key not in keys_found(engine, title), title
    assert keys_found(engine, "police")
