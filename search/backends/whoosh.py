"""The embedded engine: a Whoosh index on this server's disk.

One searcher stays open across requests and is refreshed only when a writer has committed a
new generation. Only one writer may hold the index at a time; ``writer()`` turns Whoosh's
``LockError`` into ``IndexBusy`` so callers can retry (see ``search.indexing``).
"""

import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import fields, highlight, index, query, scoring, sorting, writing
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.index import LockError

from search.documents import FACET_NAMES, Document
from search.query import (
    MARK_CLOSE,
    MARK_OPEN,
    Hit,
    Item,
    ParsedQuery,
    SearchRequest,
    SearchResults,
    render_highlight,
)

from .base import IndexBusy, IndexWriter, SearchBackend

TEXT_FIELDS = ("title", "subtitle", "summary", "body")
# Title above summary above body; the place line (agency, city, year) counts like the summary.
BOOSTS = {"title": 3.0, "subtitle": 2.0, "summary": 2.0, "body": 1.0}
# Titles and place lines are short by nature: a long, specific title must not lose to a short
# one for its length, so only the body's length dampens its score.
WEIGHTING = scoring.BM25F(title_B=0.0, subtitle_B=0.0, body_B=0.4)
# Documents per process when rebuilding; below this a second process costs more than it saves.
PARALLEL_FROM = 2000


def _facet_field(name: str) -> str:
    return f"facet_{name}"


def build_schema() -> fields.Schema:
    stem = StemmingAnalyzer()
    schema = fields.Schema(
        key=fields.ID(stored=True, unique=True),
        kind=fields.STORED,
        url=fields.STORED,
        fingerprint=fields.STORED,
        year=fields.NUMERIC(int, bits=16, sortable=True, stored=True, signed=False),
        # The reader's own words, unstemmed, for "did you mean"; no positions, never scored.
        spelling=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=False),
    )
    for name in TEXT_FIELDS:
        schema.add(name, fields.TEXT(analyzer=stem, stored=True, field_boost=BOOSTS[name]))
    for name in FACET_NAMES:
        schema.add(_facet_field(name), fields.KEYWORD(commas=True, scorable=False))
    return schema


def _fields(document: Document) -> dict:
    values = {name: getattr(document, name) for name in TEXT_FIELDS}
    values |= {
        "key": document.key,
        "kind": document.kind,
        "url": document.url,
        "fingerprint": document.fingerprint,
        "year": document.cohort_year or 0,
        "spelling": " ".join(values.values()),
    }
    for name, facet_values in document.facets.items():
        if facet_values:
            values[_facet_field(name)] = ",".join(facet_values)
    return values


class _MarkFormatter(highlight.Formatter):
    """Leaves text as it is and wraps matches in private markers; ``render_highlight`` then
    escapes everything and turns only the markers into ``<mark>``."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return MARK_OPEN + highlight.get_text(text, token, replace) + MARK_CLOSE


_TITLES = highlight.Highlighter(fragmenter=highlight.WholeFragmenter(), formatter=_MarkFormatter())
# Snippets come from the first few thousand characters: re-analysing whole case studies for
# every hit of every page would dominate the query time.
_SNIPPETS = highlight.Highlighter(
    fragmenter=highlight.ContextFragmenter(maxchars=240, surround=60, charlimit=6000),
    formatter=_MarkFormatter(),
)


class _Writer(IndexWriter):
    def __init__(self, writer):
        self._writer = writer

    def update(self, documents: Iterable[Document]) -> None:
        for document in documents:
            self._writer.update_document(**_fields(document))

    def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._writer.delete_by_term("key", key)


class _Snapshot:
    """An open searcher and, built once per index generation, each document's facet values."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._facets: dict[str, list[tuple[str, ...]]] = {}
        self._lock = threading.Lock()

    def facet_values(self, name: str) -> list[tuple[str, ...]]:
        with self._lock:
            if name not in self._facets:
                reader = self.searcher.reader()
                lists: list[list[str]] = [[] for _ in range(reader.doc_count_all())]
                fieldname = _facet_field(name)
                if fieldname in reader.indexed_field_names():
                    for term in reader.field_terms(fieldname):
                        for docnum in reader.postings(fieldname, term).all_ids():
                            lists[docnum].append(term)
                self._facets[name] = [tuple(values) for values in lists]
            return self._facets[name]


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, path: Path, procs: int | None = None, limitmb: int = 256):
        self.path = Path(path)
        self.procs = procs or max(1, min(4, os.cpu_count() or 1))
        self.limitmb = limitmb
        self.schema = build_schema()
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()

    # Storage ---------------------------------------------------------------------------------

    def _index(self) -> index.Index:
        if index.exists_in(self.path):
            return index.open_dir(self.path, schema=self.schema)
        self.path.mkdir(parents=True, exist_ok=True)
        return index.create_in(self.path, self.schema)

    def snapshot(self) -> _Snapshot:
        """The shared searcher, replaced when a writer has committed a new generation. The old
        one is left to other threads still reading it (``refresh()`` would close it under them)
        and is closed when the last of them lets go."""
        with self._lock:
            if self._snapshot is None or not self._snapshot.searcher.up_to_date():
                self._snapshot = _Snapshot(self._index().searcher(weighting=WEIGHTING))
            return self._snapshot

    @contextmanager
    def writer(self, timeout: float = 0.0):
        try:
            writer = self._index().writer(timeout=timeout, delay=0.05)
        except LockError:
            raise IndexBusy(str(self.path)) from None
        try:
            yield _Writer(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(
        self,
        documents: Iterator[Document],
        clear: bool = False,
        progress: Callable[[int], None] | None = None,
        procs: int | None = None,
    ) -> int:
        """One writer replaces every segment at commit (readers keep the old generation until
        then). Large rebuilds analyse text in several processes, each with a generous memory
        buffer, and keep their segments instead of merging them."""
        if clear:
            with self._lock:
                self._snapshot = None
            shutil.rmtree(self.path, ignore_errors=True)
        documents = list(documents)
        procs = procs or (self.procs if len(documents) >= PARALLEL_FROM else 1)
        try:
            writer = self._index().writer(procs=procs, limitmb=self.limitmb, multisegment=procs > 1)
        except LockError:
            raise IndexBusy(str(self.path)) from None
        try:
            for count, document in enumerate(documents, start=1):
                writer.add_document(**_fields(document))
                if progress:
                    progress(count)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=writing.CLEAR)
        return len(documents)

    def fingerprints(self) -> dict[str, str]:
        searcher = self.snapshot().searcher
        return {f["key"]: f["fingerprint"] for f in searcher.all_stored_fields()}

    # Searching -------------------------------------------------------------------------------

    def _item_query(self, item: Item) -> query.Query | None:
        per_field = []
        for name in TEXT_FIELDS:
            terms = [t.text for t in self.schema[name].analyzer(item.text)]
            if not terms:
                return None
            if len(terms) == 1:
                per_field.append(query.Term(name, terms[0]))
            else:
                per_field.append(query.Phrase(name, terms))
        return query.Or(per_field)

    def compile(self, parsed: ParsedQuery, any_word: bool) -> query.Query:
        required = [q for q in map(self._item_query, parsed.required) if q is not None]
        if not required:
            return query.NullQuery
        combined = query.Or(required) if any_word else query.And(required)
        excluded = [q for q in map(self._item_query, parsed.excluded) if q is not None]
        if excluded:
            combined = query.AndNot(combined, query.Or(excluded))
        return combined

    @staticmethod
    def _filter(filters: dict[str, tuple[str, ...]]) -> query.Query | None:
        parts = [
            query.Or([query.Term(_facet_field(name), v) for v in values])
            for name, values in filters.items()
            if values
        ]
        return query.And(parts) if parts else None

    def run(self, parsed: ParsedQuery, request: SearchRequest, any_word: bool) -> SearchResults:
        snapshot = self.snapshot()
        searcher = snapshot.searcher
        q = self.compile(parsed, any_word)
        facet_filter = self._filter(request.filters)
        matching = set(searcher.docs_for_query(query.And([q, facet_filter]) if facet_filter else q))
        facets = {}
        for name in FACET_NAMES:
            values = snapshot.facet_values(name)
            facets[name] = dict(Counter(v for docnum in matching for v in values[docnum]))
        if not matching:
            return SearchResults(hits=[], total=0, facets=facets)
        sortedby = None
        if request.sort == "year":
            sortedby = [sorting.FieldFacet("year", reverse=True), sorting.ScoreFacet()]
        results = searcher.search(
            q, filter=matching, limit=request.page * request.per_page, sortedby=sortedby
        )
        start = (request.page - 1) * request.per_page
        hits = [self._hit(hit) for hit in results[start : start + request.per_page]]
        return SearchResults(hits=hits, total=len(matching), facets=facets)

    @staticmethod
    def _hit(hit) -> Hit:
        title = _TITLES.highlight_hit(hit, "title") or hit.get("title", "")
        snippet = (
            _SNIPPETS.highlight_hit(hit, "body", top=2)
            or _SNIPPETS.highlight_hit(hit, "summary", top=2)
            or hit.get("summary", "")[:240]
            or hit.get("body", "")[:240]
        )
        return Hit(
            key=hit["key"],
            kind=hit["kind"],
            title=render_highlight(title),
            subtitle=hit.get("subtitle", ""),
            snippet=render_highlight(snippet),
            url=hit.get("url", ""),
            cohort_year=hit["year"] or None,
            score=hit.score or 0.0,
        )

    # Spelling --------------------------------------------------------------------------------

    def known_words(self, words: set[str]) -> set[str]:
        reader = self.snapshot().searcher.reader()
        return {w for w in words if reader.doc_frequency("spelling", w)}

    def candidates(self, word: str, distance: int) -> list[tuple[str, int]]:
        reader = self.snapshot().searcher.reader()
        return [
            (term, reader.doc_frequency("spelling", term))
            for term in reader.terms_within("spelling", word, distance, prefix=1)
            if term != word
        ]
