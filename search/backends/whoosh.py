"""The embedded engine: a Whoosh index on this server's disk.

One searcher stays open across requests and is refreshed only when a writer has committed a
new generation. Only one writer may hold the index at a time; ``writer()`` turns Whoosh's
``LockError`` into ``IndexBusy`` so callers can retry (see ``search.indexing``).

The index holds only what search needs: one scored ``content`` field (title, place line, summary
and body, each word weighted by its part, with positions for phrases), the stored fields a
result shows (title, place line, a capped excerpt), facets as keywords, and for "did you mean"
one vocabulary document per batch instead of a spelling copy of every document. A query reads
each word's postings once, which yields both its matches (for the facet counts) and their BM25
scores; only the hits on the page are highlighted.
"""

import fcntl
import hashlib
import heapq
import json
import os
import pickle
import re
import shutil
import struct
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

from whoosh import fields, formats, highlight, index, query
from whoosh.analysis import Analyzer, LowercaseFilter, RegexTokenizer, Token
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.lang import porter

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

from .base import IndexBusy, IndexUnavailable, IndexWriter, SearchBackend

# The parts of a document's one scored field, in order, with the weight each occurrence of a
# word carries there: title above summary above body; the place line (agency, city, year)
# counts like the summary. Weighting inside one field lets a query read a single posting list
# per word instead of scoring an Or over four fields.
PARTS = ("title", "subtitle", "summary", "body", "keywords")
PART_WEIGHTS = (4.0, 2.0, 2.0, 1.0, 1.0)
# Control characters never reach a document (see ``clean_text``), so this one can part them.
PART_BREAK = "\x1e"
# Positions skipped between parts, so a quoted phrase never spans the end of a title and the
# start of the summary.
PART_GAP = 100
# How long a search waits before its second read of an index that failed to read.
RETRY_PAUSE = 0.05
# Length only dampens a score a little, and repeating a word keeps counting for longer than
# BM25's usual K1=1.2 allows: a long case study about body-worn cameras that says "complaints"
# a dozen times must still beat a short one that says it twice (the relevance tests on the
# real data hold these values).
B, K1 = 0.2, 2.0
# What a result shows of the text: its snippet comes from the summary and the start of the body,
# so that is all the index stores (re-analysing whole case studies would dominate query time).
EXCERPT_CHARS = 800
# Documents in a rebuild from which a second process pays for its start (measured on 2 cores:
# 1.5x faster at 1,000 documents, no gain at 500).
PARALLEL_FROM = 1000
# How long a rebuild waits for another rebuild, or an update in progress, to finish.
REBUILD_WAIT = 30.0
# What reading a missing, truncated or overwritten index file raises (a damaged table of contents
# reads as "created on different architecture", a whoosh IndexError).
UNREADABLE = (
    index.IndexError,
    OSError,
    EOFError,
    struct.error,
    pickle.UnpicklingError,
    zlib.error,
    ValueError,
    KeyError,
)


# PostgreSQL's English stop words (tsearch_data/english.stop), so both engines ignore the same
# words; Whoosh's own list is a third of this, and each word left out is a posting fewer in
# nearly every document.
STOP_WORDS = frozenset({
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
    "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
    "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
    "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
    "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for",
    "with", "about", "against", "between", "into", "through", "during", "before", "after",
    "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under",
    "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all",
    "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
    "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
    "should", "now",
})  # fmt: skip


class _ContentAnalyzer(Analyzer):
    """English words, lowercased, stop words dropped, stemmed: what Whoosh's StemmingAnalyzer
    does, in one loop instead of a chain of generators per word (analysis is a large share of
    indexing time). It also splits the text at ``PART_BREAK``, gives each word its part's
    weight, and leaves ``PART_GAP`` positions between parts."""

    WORD = re.compile(r"\w+(?:\.?\w+)*")

    def __call__(
        self, value, positions=False, chars=False, removestops=True, start_pos=0, start_char=0, **kw
    ):
        token = Token(positions, chars, removestops=removestops, **kw)
        pos, offset = start_pos, start_char
        for number, text in enumerate(value.split(PART_BREAK)):
            token.boost = PART_WEIGHTS[min(number, len(PART_WEIGHTS) - 1)]
            for match in self.WORD.finditer(text):
                word = match.group().lower()
                token.stopped = len(word) < 2 or word in STOP_WORDS
                if token.stopped and removestops:
                    continue
                token.text = word if token.stopped else _stem(word)
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar = offset + match.start()
                    token.endchar = offset + match.end()
                yield token
            pos += PART_GAP
            offset += len(text) + len(PART_BREAK)

    def postings(self, value: str) -> Iterator[tuple[str, list[int], float]]:
        """Each stem of ``value`` with its positions and summed weight: the same analysis as
        ``__call__`` without a token object per word, for indexing."""
        positions: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, float] = defaultdict(float)
        pos = 0
        for number, text in enumerate(value.lower().split(PART_BREAK)):
            weight = PART_WEIGHTS[min(number, len(PART_WEIGHTS) - 1)]
            for word in self.WORD.findall(text):
                if len(word) < 2 or word in STOP_WORDS:
                    continue
                stem = _stem(word)
                positions[stem].append(pos)
                weights[stem] += weight
                pos += 1
            pos += PART_GAP
        for stem, found in positions.items():
            yield stem, found, weights[stem]


class _ContentPositions(formats.Positions):
    """The content field's postings, analysed by ``_ContentAnalyzer.postings`` in one loop."""

    def word_values(self, value, analyzer, **kwargs):
        for stem, positions, weight in analyzer.postings(value):
            yield stem, len(positions), weight * self.field_boost, self.encode(positions)


_stem = lru_cache(maxsize=50000)(porter.stem)
CONTENT_ANALYZER = _ContentAnalyzer()


def _facet_field(name: str) -> str:
    return f"facet_{name}"


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        key=fields.ID(stored=True, unique=True),
        kind=fields.STORED,
        url=fields.STORED,
        fingerprint=fields.STORED,
        title=fields.STORED,
        subtitle=fields.STORED,
        excerpt=fields.STORED,
        year=fields.NUMERIC(int, bits=16, sortable=True, stored=True, signed=False),
        content=fields.FieldType(_ContentPositions(), CONTENT_ANALYZER, scorable=True),
        # The reader's own words, unstemmed, for "did you mean", held by vocabulary documents
        # (see ``_Vocabulary``) rather than copied into every document.
        spelling=fields.FieldType(formats.Existence(), RegexTokenizer() | LowercaseFilter()),
    )
    for name in FACET_NAMES:
        schema.add(_facet_field(name), fields.KEYWORD(commas=True, scorable=False))
    return schema


def _excerpt(document: Document) -> str:
    text = "\n\n".join(part for part in (document.summary, document.body) if part)
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(None, 1)[0]


def _fields(document: Document) -> dict:
    values = {
        "key": document.key,
        "kind": document.kind,
        "url": document.url,
        "fingerprint": document.fingerprint,
        "title": document.title,
        "subtitle": document.subtitle,
        "excerpt": _excerpt(document),
        "year": document.cohort_year or 0,
        "content": PART_BREAK.join(getattr(document, part) for part in PARTS),
    }
    for name, facet_values in document.facets.items():
        if facet_values:
            values[_facet_field(name)] = ",".join(facet_values)
    return values


class _Vocabulary:
    """The words of what a batch of documents shows first (title, place line, summary), for "did
    you mean", written as one extra document without a key: a few thousand postings for a whole
    rebuild instead of a copy of every document's words. A word no document uses any more stays
    until the next rebuild but is never suggested (see ``candidates``)."""

    WORD = re.compile(r"\w+")

    def __init__(self):
        self.words: set[str] = set()

    def add(self, document: Document) -> None:
        text = f"{document.title} {document.subtitle} {document.summary}".lower()
        self.words.update(self.WORD.findall(text))

    def write(self, writer) -> None:
        if self.words:
            writer.add_document(spelling=" ".join(sorted(self.words)))


class _MarkFormatter(highlight.Formatter):
    """Leaves text as it is and wraps matches in private markers; ``render_highlight`` then
    escapes everything and turns only the markers into ``<mark>``."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return MARK_OPEN + highlight.get_text(text, token, replace) + MARK_CLOSE


_FORMATTER = _MarkFormatter()
_WHOLE = highlight.WholeFragmenter()
# Snippets come from the stored excerpt only (see ``EXCERPT_CHARS``).
_CONTEXT = highlight.ContextFragmenter(maxchars=240, surround=60, charlimit=None)


def _marked(text: str, stems: frozenset[str], fragmenter, top: int) -> str:
    return highlight.highlight(text, stems, CONTENT_ANALYZER, fragmenter, _FORMATTER, top=top)


class _Writer(IndexWriter):
    def __init__(self, writer):
        self._writer = writer

    def update(self, documents: Iterable[Document]) -> None:
        vocabulary = _Vocabulary()
        for document in documents:
            self._writer.update_document(**_fields(document))
            vocabulary.add(document)
        vocabulary.write(self._writer)

    def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._writer.delete_by_term("key", key)


def _files(folder: Path) -> frozenset[tuple[str, int, int, int]]:
    """Name, inode, size and modification time of each index file (not the lock): any commit or
    damage changes them."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith((".toc", ".seg"))]
        return frozenset(
            (e.name, e.inode(), e.stat().st_size, e.stat().st_mtime_ns) for e in entries
        )
    except OSError:
        raise IndexUnavailable(f"search index folder {folder} is gone") from None


class _Snapshot:
    """An open searcher of one generation folder, and what is worth computing once per index
    generation, on first use: each document's facet values, BM25 length normalisation and
    cohort year."""

    def __init__(self, searcher, folder: Path, files: frozenset):
        self.searcher = searcher
        self.folder = folder
        self.files = files
        # The same in every process reading these files (``hash()`` of strings is not).
        listing = json.dumps([folder.name, sorted(files)])
        self.token = hashlib.sha256(listing.encode()).hexdigest()
        self._per_document: dict[str, list] = {}
        self._lock = threading.Lock()

    def _lists(self, name: str, build: Callable[[], list]) -> list:
        with self._lock:
            if name not in self._per_document:
                self._per_document[name] = build()
            return self._per_document[name]

    def facet_values(self) -> list[tuple[tuple[str, str], ...]]:
        """For each document number, its (facet, value) pairs."""

        def build():
            reader = self.searcher.reader()
            lists: list[list[tuple[str, str]]] = [[] for _ in range(reader.doc_count_all())]
            indexed = set(reader.indexed_field_names())
            for name in FACET_NAMES:
                fieldname = _facet_field(name)
                if fieldname in indexed:
                    for term in reader.field_terms(fieldname):
                        for docnum in reader.postings(fieldname, term).all_ids():
                            lists[docnum].append((name, term))
            return [tuple(pairs) for pairs in lists]

        return self._lists("facets", build)

    def norms(self) -> list[float]:
        """BM25's denominator term for each document: K1 scaled by its length against the
        average."""

        def build():
            reader = self.searcher.reader()
            average = self.searcher.avg_field_length("content") or 1.0
            return [
                K1 * ((1 - B) + B * (reader.doc_field_length(docnum, "content") or 0) / average)
                for docnum in range(reader.doc_count_all())
            ]

        return self._lists("norms", build)

    def years(self) -> list[int]:
        return self._lists("years", lambda: list(self.searcher.reader().column_reader("year")))

    def places(self) -> list[int]:
        """For each document number, its key's place counted from the end of the keys in
        order: larger for an earlier key, so results of equal score come in key order, as
        the PostgreSQL engine gives them, whatever order the documents were written in."""

        def build():
            reader = self.searcher.reader()
            places = [0] * reader.doc_count_all()
            keys = list(reader.field_terms("key")) if "key" in reader.indexed_field_names() else []
            for place, key in enumerate(reversed(keys)):
                for docnum in reader.postings("key", key).all_ids():
                    places[docnum] = place
            return places

        return self._lists("places", build)

    def count_facets(self, docnums: Iterable[int]) -> dict[str, dict[str, int]]:
        counts = Counter(chain.from_iterable(map(self.facet_values().__getitem__, docnums)))
        facets: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
        for (name, value), n in counts.items():
            facets[name][value] = n
        return facets

    def term_scores(self, stem: str) -> dict[int, float]:
        """Every document using the stem, with its BM25 score for it, read in one pass over
        the postings: the weight of each posting already counts where the word occurs."""
        searcher = self.searcher
        ids: list[int] = []
        weights: list[float] = []
        for subsearcher, offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            if ("content", stem) not in reader:
                continue
            postings = reader.postings("content", stem)
            # The hottest loop of a query: the matcher's methods are looked up once.
            is_active, docnum = postings.is_active, postings.id
            weight, step = postings.weight, postings.next
            while is_active():
                ids.append(docnum() + offset)
                weights.append(weight())
                step()
        if not ids:
            return {}
        norms = self.norms()
        scale = searcher.idf("content", stem) * (K1 + 1)
        return {d: scale * w / (w + norms[d]) for d, w in zip(ids, weights, strict=True)}

    def docs(self, q: query.Query) -> set[int]:
        return set(self.searcher.docs_for_query(q))


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
    #
    # ``path`` holds generations of the index side by side and a ``current`` symbolic link to
    # the live one. A rebuild writes a new generation and then repoints the link in one rename,
    # so a reader sees either the old index or the new one, never an empty or half-built one.
    # Files are read, not memory-mapped: a file damaged under a mapping kills the process with
    # SIGBUS, where a read raises an error that search can report.

    @property
    def _current(self) -> Path:
        return self.path / "current"

    def _live(self) -> Path:
        """The live generation's folder; ``IndexUnavailable`` when there is none."""
        try:
            return self.path / os.readlink(self._current)
        except OSError:
            raise IndexUnavailable(f"no search index in {self.path}") from None

    def _open(self, folder: Path) -> index.Index:
        try:
            return FileStorage(str(folder), supports_mmap=False).open_index(schema=self.schema)
        except UNREADABLE as error:
            raise IndexUnavailable(f"search index in {folder} is unreadable: {error}") from None

    def snapshot(self) -> _Snapshot:
        """The shared searcher, replaced when a writer has committed a new generation, a
        rebuild has swapped in another index, or any index file has changed (so a file
        damaged in place is read again and reported, rather than read as empty). The old one
        is left to other threads still reading it (``refresh()`` would close it under them)
        and is closed when the last of them lets go."""
        with self._lock:
            live = self._live()
            files = _files(live)
            current = self._snapshot
            if current is None or (current.folder, current.files) != (live, files):
                self._snapshot = _Snapshot(self._open(live).searcher(), live, files)
            return self._snapshot

    @contextmanager
    def writer(self, timeout: float = 0.0):
        try:
            writer = self._open(self._live()).writer(timeout=timeout, delay=0.05)
        except LockError:
            raise IndexBusy(str(self.path)) from None
        try:
            yield _Writer(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    @contextmanager
    def _rebuilding(self):
        """Exclusive right to rebuild, holding the live index's writer too (when it is readable)
        so no update lands in the old index while the new one is built without it."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "rebuild.lock", "a") as lock:
            deadline = time.monotonic() + REBUILD_WAIT
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy(str(self.path)) from None
                    time.sleep(0.05)
            try:
                live = self._open(self._live()).writer(timeout=REBUILD_WAIT, delay=0.05)
            except IndexUnavailable:
                live = None
            except LockError:
                raise IndexBusy(str(self.path)) from None
            try:
                yield
            finally:
                if live is not None:
                    live.cancel()

    def rebuild(
        self,
        documents: Iterator[Document],
        clear: bool = False,
        progress: Callable[[int], None] | None = None,
        procs: int | None = None,
    ) -> int:
        """Write every document into a new generation beside the live one and swap it in
        (``clear`` changes nothing more: each rebuild starts from empty storage). Large
        rebuilds analyse text in several processes, each with a generous memory buffer, and
        keep their segments instead of merging them."""
        # The documents are built while the writer's processes analyse those already sent, so
        # only the first few are held to decide whether the rebuild is large.
        documents = iter(documents)
        first = list(islice(documents, PARALLEL_FROM))
        procs = procs or (self.procs if len(first) >= PARALLEL_FROM else 1)
        count = 0
        with self._rebuilding():
            folder = Path(tempfile.mkdtemp(prefix="generation-", dir=self.path))
            folder.chmod(0o755)  # readable by the web server's user, as the old one was
            try:
                writer = index.create_in(str(folder), self.schema).writer(
                    procs=procs, limitmb=self.limitmb, multisegment=procs > 1
                )
                vocabulary = _Vocabulary()
                try:
                    for count, document in enumerate(chain(first, documents), start=1):
                        writer.add_document(**_fields(document))
                        vocabulary.add(document)
                        if progress:
                            progress(count)
                    vocabulary.write(writer)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit()
                self._swap_in(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        return count

    def _swap_in(self, folder: Path) -> None:
        """Point ``current`` at ``folder`` in one rename; keep the generation it replaces (a
        reader may have just opened it) and remove any older ones."""
        keep = {folder.name, os.readlink(self._current) if self._current.is_symlink() else ""}
        link = self.path / f"current-{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(folder.name)
        os.replace(link, self._current)
        for old in self.path.glob("generation-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def writable(self) -> bool:
        """Whether a file can be made where updates (the live generation) and rebuilds (beside
        it) write: a folder made read-only, or on a read-only mount, fails here."""
        for folder in (self.path, self._live()):
            try:
                tempfile.TemporaryFile(dir=folder).close()
            except OSError:
                return False
        return True

    def fingerprints(self) -> dict[str, str]:
        searcher = self.snapshot().searcher
        try:
            stored = list(searcher.all_stored_fields())
        except UNREADABLE as error:
            raise IndexUnavailable(f"search index in {self.path} is unreadable: {error}") from None
        return {f["key"]: f["fingerprint"] for f in stored if "key" in f}

    # Searching -------------------------------------------------------------------------------

    def generation(self) -> str | None:
        try:
            return self.snapshot().token
        except IndexUnavailable:
            return None  # answering says so, after looking again

    def answer(self, request: SearchRequest) -> SearchResults:
        # A writer committing, or a rebuild swapping in, can replace files under a reader that
        # has just listed them; read once more before calling the index unavailable, so only an
        # index that stays unreadable answers 503.
        try:
            return self._answer_once(request)
        except IndexUnavailable:
            time.sleep(RETRY_PAUSE)
        return self._answer_once(request)

    def _answer_once(self, request: SearchRequest) -> SearchResults:
        try:
            return super().answer(request)
        except UNREADABLE as error:
            raise IndexUnavailable(f"search index in {self.path} is unreadable: {error}") from None

    @staticmethod
    def _stems(item: Item) -> list[str]:
        return [token.text for token in CONTENT_ANALYZER(item.text)]

    def _item_scores(self, snapshot: _Snapshot, item: Item) -> dict[int, float] | None:
        """The documents an item matches, each with its score; None for an item with no
        searchable word (only stop words). A phrase (or a hyphenated word) matches where its
        words stand together and scores as its words do."""
        stems = self._stems(item)
        if not stems:
            return None
        if len(stems) == 1:
            return snapshot.term_scores(stems[0])
        together = snapshot.docs(query.Phrase("content", stems))
        per_word = [snapshot.term_scores(stem) for stem in stems]
        return {docnum: sum(scores[docnum] for scores in per_word) for docnum in together}

    def _excluded(self, snapshot: _Snapshot, item: Item) -> set[int]:
        stems = self._stems(item)
        if len(stems) > 1:
            return snapshot.docs(query.Phrase("content", stems))
        return set(snapshot.term_scores(stems[0])) if stems else set()

    @staticmethod
    def _filter(filters: dict[str, tuple[str, ...]]) -> query.Query | None:
        parts = [
            query.Or([query.Term(_facet_field(name), v) for v in values])
            for name, values in filters.items()
            if values
        ]
        return query.And(parts) if parts else None

    def run(self, parsed: ParsedQuery, request: SearchRequest, any_word: bool) -> SearchResults:
        """One pass over each word's postings gives both every match (for the facet counts)
        and its BM25 score (for the page); Whoosh's own collectors would walk the postings
        twice and step through every match in a tree of matchers."""
        snapshot = self.snapshot()
        scored = (self._item_scores(snapshot, item) for item in parsed.required)
        items = [item for item in scored if item is not None]
        scores: dict[int, float] = {}
        if items:
            combine = set.union if any_word else set.intersection
            matched = combine(*(set(item) for item in items))
            for excluded in parsed.excluded:
                matched -= self._excluded(snapshot, excluded)
            facet_filter = self._filter(request.filters)
            if facet_filter is not None:
                matched &= snapshot.docs(facet_filter)
            scores = dict.fromkeys(matched, 0.0)
            for item in items:
                for docnum in matched.intersection(item):
                    scores[docnum] += item[docnum]
        facets = snapshot.count_facets(scores)
        places = snapshot.places()
        years = snapshot.years() if request.sort == "newest" else None

        def order(docnum: int) -> tuple:
            return (years[docnum] if years else 0), scores[docnum], places[docnum]

        start = (request.page - 1) * request.per_page
        top = heapq.nlargest(start + request.per_page, scores, key=order)[start:]
        stems = frozenset(stem for item in parsed.required for stem in self._stems(item))
        hits = [self._hit(snapshot, docnum, scores[docnum], stems) for docnum in top]
        return SearchResults(hits=hits, total=len(scores), facets=facets)

    @staticmethod
    def _hit(snapshot: _Snapshot, docnum: int, score: float, stems: frozenset[str]) -> Hit:
        stored = snapshot.searcher.stored_fields(docnum)
        excerpt = stored.get("excerpt", "")
        return Hit(
            key=stored["key"],
            kind=stored["kind"],
            title=render_highlight(_marked(stored["title"], stems, _WHOLE, 1) or stored["title"]),
            subtitle=stored.get("subtitle", ""),
            snippet=render_highlight(_marked(excerpt, stems, _CONTEXT, 2) or excerpt[:240]),
            url=stored.get("url", ""),
            cohort_year=stored["year"] or None,
            score=score,
        )

    # Spelling --------------------------------------------------------------------------------

    def known_words(self, words: set[str]) -> set[str]:
        """A word is known when the vocabulary has it as typed, or when search finds it anyway
        (every stem of it is indexed: a word used only deep in a body; a stop word has none)."""
        reader = self.snapshot().searcher.reader()
        return {
            word
            for word in words
            if reader.doc_frequency("spelling", word)
            or all(reader.doc_frequency("content", t.text) for t in CONTENT_ANALYZER(word))
        }

    def candidates(self, word: str, distance: int) -> list[tuple[str, int]]:
        reader = self.snapshot().searcher.reader()
        found = (
            (term, self._documents_using(reader, term))
            for term in reader.terms_within("spelling", word, distance, prefix=1)
            if term != word
        )
        return [(term, n) for term, n in found if n]

    @staticmethod
    def _documents_using(reader, word: str) -> int:
        """How many documents search would find for this word (0 for a stop word)."""
        stems = [token.text for token in CONTENT_ANALYZER(word)]
        return min((reader.doc_frequency("content", stem) for stem in stems), default=0)
