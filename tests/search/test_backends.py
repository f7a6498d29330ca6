"""The suite both engines must pass: each test runs against Whoosh, and against PostgreSQL when
the database is PostgreSQL."""

import re

import pytest

from editorial.models import PublicationStatus
from search import indexing
from search.documents import documents_for
from search.query import SearchRequest
from tests.factories import make_agency, make_lesson, make_outcome, make_project, make_strategy

pytestmark = pytest.mark.django_db


def search(engine, text, **kwargs):
    return engine.search(SearchRequest(text, **kwargs))


# A project's result is titled by its name, "Agency, 2011: Title"; these tests read the title.
PROJECT_NAME = re.compile(r"^.*?, (\d{4}|Year unknown): ")


def titles(results):
    return [
        PROJECT_NAME.sub("", str(hit.title).replace("<mark>", "").replace("</mark>", ""))
        for hit in results.hits
    ]


def case_studies(engine, text, **kwargs):
    """Titles of the projects found (agencies and strategies repeat their projects' titles)."""
    filters = {"kind": ("project",)} | kwargs.pop("filters", {})
    return titles(search(engine, text, filters=filters, **kwargs))


@pytest.fixture
def corpus(engine):
    hot = make_strategy(name="Hot spots policing", slug="hot-spots-policing")
    foot = make_strategy(name="Foot patrol", slug="foot-patrol")
    make_project(
        title="Foot Patrol in Violent Places",
        cohort_year=2009,
        agency=make_agency(state="PA"),
        strategies=[foot],
        summary="Officers walked beats in violent corners.",
        findings="Violent crime fell in the foot patrol areas.",
    )
    cameras = make_project(
        title="Measuring Body-Worn Cameras",
        cohort_year=2013,
        strategies=[hot],
        summary="Officers wore a camera on patrol; complaints fell.",
    )
    make_outcome(cameras, measure="citizen complaints")
    make_project(
        title="Hot Spots and Burglary",
        cohort_year=2011,
        strategies=[hot],
        summary="Directed patrol against burglary in hot spots.",
    )
    make_project(title="Secret Draft About Patrol", status=PublicationStatus.DRAFT)
    indexing.rebuild(engine)
    return engine


def test_finds_a_word_in_the_title(corpus):
    assert case_studies(corpus, "burglary") == ["Hot Spots and Burglary"]


def test_stemming_finds_camera_for_cameras(corpus):
    assert "Measuring Body-Worn Cameras" in case_studies(corpus, "camera")


def test_all_words_are_required(corpus):
    assert case_studies(corpus, "burglary complaints") == []


def test_long_query_falls_back_to_any_word(corpus):
    results = search(corpus, "burglary complaints zeppelin", filters={"kind": ("project",)})
    assert results.relaxed
    assert set(titles(results)) == {"Hot Spots and Burglary", "Measuring Body-Worn Cameras"}


def test_phrase_needs_the_words_together(corpus):
    assert case_studies(corpus, '"violent corners"') == ["Foot Patrol in Violent Places"]
    assert case_studies(corpus, '"corners violent"') == []


def test_minus_leaves_a_word_out(corpus):
    found = case_studies(corpus, "patrol -burglary")
    assert "Hot Spots and Burglary" not in found
    assert "Foot Patrol in Violent Places" in found


def test_title_outranks_body(corpus):
    assert case_studies(corpus, "patrol")[0] == "Foot Patrol in Violent Places"


def test_a_star_is_not_a_wildcard(corpus):
    assert search(corpus, "*").total == 0
    assert search(corpus, "pat*").total == search(corpus, "pat").total


def test_drafts_are_never_returned(corpus):
    assert "Secret Draft About Patrol" not in case_studies(corpus, "secret draft patrol")
    assert search(corpus, "secret").total == 0


def test_results_say_their_kind(corpus):
    kinds = {hit.kind_label for hit in search(corpus, "foot patrol").hits}
    assert {"Case study", "Strategy", "Agency"} <= kinds


def test_facets_count_the_matching_documents(corpus):
    facets = search(corpus, "walked beats").facets
    assert facets["kind"] == {"project": 1}
    assert facets["strategy"] == {"foot-patrol": 1}
    assert facets["state"] == {"PA": 1}
    assert facets["year"] == {"2009": 1}


def test_facet_counts_cover_every_kind(corpus):
    kinds = search(corpus, "foot patrol").facets["kind"]
    assert kinds["strategy"] == 1 and kinds["project"] == 1


def test_facet_filter_narrows_results(corpus):
    results = search(corpus, "patrol", filters={"kind": ("project",), "state": ("PA",)})
    assert titles(results) == ["Foot Patrol in Violent Places"]
    assert results.total == 1


def test_significant_results_facet(corpus):
    results = search(corpus, "officers", filters={"significant": ("yes",)})
    assert titles(results) == ["Measuring Body-Worn Cameras"]


def test_sort_by_cohort_year_puts_newest_first(corpus):
    results = search(corpus, "patrol", sort="newest", filters={"kind": ("project",)})
    assert [hit.cohort_year for hit in results.hits] == [2013, 2011, 2009]


def test_pages_split_the_results(corpus):
    first = search(corpus, "patrol", per_page=2, page=1)
    second = search(corpus, "patrol", per_page=2, page=2)
    assert first.total == second.total > 2
    assert len(first.hits) == 2 and second.hits
    assert not {h.key for h in first.hits} & {h.key for h in second.hits}


def test_matches_are_marked(corpus):
    hit = search(corpus, "burglary").hits[0]
    assert "<mark>Burglary</mark>" in hit.title
    assert "<mark>burglary</mark>" in hit.snippet


def test_did_you_mean_corrects_word_by_word(corpus):
    assert search(corpus, "burglery patrol", correct=False).suggestion == "burglary patrol"


def test_a_query_that_finds_nothing_shows_the_corrected_results(corpus):
    results = search(corpus, "burglery")
    assert results.corrected == "burglary" and results.suggestion is None
    assert results.total and "<mark>Burglary</mark>" in results.hits[0].title


def test_an_exact_search_is_not_corrected_but_still_suggests(corpus):
    results = search(corpus, "burglery", correct=False)
    assert results.total == 0 and results.corrected is None
    assert results.suggestion == "burglary"


def test_no_suggestion_for_known_words(corpus):
    assert search(corpus, "burglary patrol").suggestion is None


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">'],
)
def test_markup_in_titles_and_bodies_comes_back_as_text(engine, hostile):
    make_project(title=f"Zebra {hostile}", summary=f"Zebra crossing {hostile}")
    indexing.rebuild(engine)
    hit = search(engine, "zebra").hits[0]
    for html in (hit.title, hit.snippet):
        assert "<script" not in html and "<img" not in html
        assert "&lt;" in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_writer_updates_and_removes_documents(engine):
    project = make_project(title="Quokka Study")
    key = f"project:{project.pk}"
    with engine.writer() as writer:
        writer.update(documents_for([key]).values())
    assert search(engine, "quokka").total == 1
    with engine.writer() as writer:
        writer.delete([key])
    assert search(engine, "quokka").total == 0


def test_fingerprints_list_what_is_indexed(corpus):
    expected = {d.key: d.fingerprint for d in documents_for(corpus.fingerprints()).values()}
    assert corpus.fingerprints() == expected


def test_empty_query_finds_nothing(corpus):
    assert search(corpus, "").total == 0


def test_lessons_are_searchable(engine):
    make_lesson(title="Start small with data-sharing", summary="Pilot in one district.")
    indexing.rebuild(engine)
    assert [h.kind for h in search(engine, "district").hits] == ["lesson"]


def test_snippets_show_markdown_as_plain_text(engine):
    make_project(title="Walrus Study", summary="- **Foot patrol:** walrus officers walked.")
    indexing.rebuild(engine)
    snippet = search(engine, "walrus officers").hits[0].snippet
    assert "Foot patrol:" in snippet
    assert "**" not in snippet and "- " not in snippet


def test_editors_notes_are_never_found(engine):
    make_project(title="Noted Study", notes="Checked against the quillwort memo by phone.")
    indexing.rebuild(engine)
    assert case_studies(engine, "noted study") == ["Noted Study"]
    assert search(engine, "quillwort").total == 0


def test_draft_lessons_are_never_returned(engine):
    make_lesson(title="Curfews that held", summary="A published lesson.")
    make_lesson(
        title="Curfews in review", summary="Not yet approved.", status=PublicationStatus.DRAFT
    )
    indexing.rebuild(engine)
    assert titles(search(engine, "curfews")) == ["Curfews that held"]


def test_results_of_equal_score_come_in_key_order_however_they_were_written(engine):
    # A restored site rebuilds its index in one go; a live one has rewritten documents one by
    # one. Ties must not show which.
    agency = make_agency(name="Twin City PD")
    twins = [
        make_project(title="Twin patrol", agency=agency, cohort_year=2012 + n) for n in range(4)
    ]
    keys = sorted(f"project:{twin.pk}" for twin in twins)
    indexing.rebuild(engine)
    found = [hit.key for hit in search(engine, "twin", filters={"kind": ("project",)}).hits]
    assert found == keys
    with engine.writer() as writer:
        writer.update(documents_for(set(keys[:2])).values())
    found = [hit.key for hit in search(engine, "twin", filters={"kind": ("project",)}).hits]
    assert found == keys
