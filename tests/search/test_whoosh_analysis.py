"""The Whoosh engine's own analysis: indexing and querying must read text the same way."""

from collections import defaultdict

from search.backends.whoosh import CONTENT_ANALYZER, PART_BREAK

TEXT = PART_BREAK.join(
    [
        "Body-Worn Cameras in the Field",
        "Phoenix Police Department, Phoenix, AZ, 2011",
        "Officers wore cameras; complaints fell.",
        "The cameras recorded 2,300 stops. Complaints about officers fell again.",
    ]
)


def test_indexing_analysis_matches_token_analysis():
    positions, weights = defaultdict(list), defaultdict(float)
    for token in CONTENT_ANALYZER(TEXT, positions=True):
        positions[token.text].append(token.pos)
        weights[token.text] += token.boost
    indexed = {stem: (found, weight) for stem, found, weight in CONTENT_ANALYZER.postings(TEXT)}
    assert indexed == {stem: (positions[stem], weights[stem]) for stem in positions}


def test_words_weigh_more_in_the_title_than_in_the_body():
    weights = {stem: weight for stem, _found, weight in CONTENT_ANALYZER.postings(TEXT)}
    assert weights["camera"] == 4.0 + 2.0 + 1.0  # title, summary, body
    assert weights["record"] == 1.0


def test_parts_are_apart_so_phrases_do_not_span_them():
    positions = {stem: found for stem, found, _weight in CONTENT_ANALYZER.postings(TEXT)}
    assert positions["phoenix"][0] - positions["field"][0] > 1
