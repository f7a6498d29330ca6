"""Relevance on the portal's real content, for each engine."""

import pytest

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


def test_drafts_of_real_content_stay_out(real_engine):
    assert all(
        key in real_engine.fingerprints()
        for key in (h.key for h in real_engine.search(SearchRequest("police", per_page=50)).hits)
    )
