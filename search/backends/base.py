"""The interface both engines implement, and the behaviour they share.

An engine answers ``search()`` for a parsed query (strict AND first, then any-word when a long
query finds nothing), suggests spellings word by word from its own vocabulary, and writes
documents through ``writer()``, which admits one writer at a time and raises ``IndexBusy``
instead of waiting for ever.
"""

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace

from django.core.cache import caches

from search.documents import Document
from search.query import Item, ParsedQuery, SearchRequest, SearchResults

# Words shorter than this are too ambiguous to correct ("cpted" yes, "ok" no).
MIN_CORRECTABLE = 4
# How long a cached answer is kept at most; a changed index makes it unreachable at once.
RESULTS_SECONDS = 15 * 60


def _cache_key(engine: str, generation: str, request: SearchRequest) -> str:
    asked = [request.text, sorted(request.filters.items()), request.sort, request.page,
             request.per_page, request.correct]  # fmt: skip
    digest = hashlib.sha256(json.dumps([engine, generation, asked]).encode()).hexdigest()
    return f"search:{digest}"


class IndexBusy(Exception):
    """Another process holds the index's write lock; try again shortly."""


class IndexUnavailable(Exception):
    """The index is missing or cannot be read (deleted, damaged); a rebuild restores it."""


class IndexWriter(ABC):
    @abstractmethod
    def update(self, documents: Iterable[Document]) -> None: ...

    @abstractmethod
    def delete(self, keys: Iterable[str]) -> None: ...


class SearchBackend(ABC):
    name: str

    def search(self, request: SearchRequest) -> SearchResults:
        """The answer to ``request``. Answers are kept in the public pages' cache under the
        index's ``generation()``, so a search asked again is answered from there until the index
        changes (any update or rebuild), and never from an older index."""
        generation = self.generation()
        if generation is None:
            return self.answer(request)
        key = _cache_key(self.name, generation, request)
        results = caches["pages"].get(key)
        if results is None:
            results = self.answer(request)
            caches["pages"].set(key, results, RESULTS_SECONDS)
        return results

    @abstractmethod
    def generation(self) -> str | None:
        """A token that changes whenever the index's documents do; None when it cannot be
        told (the answer is then worked out afresh)."""

    def answer(self, request: SearchRequest) -> SearchResults:
        parsed = request.parsed
        if parsed.is_empty:
            return SearchResults(hits=[], total=0, facets={})
        results = self.run(parsed, request, any_word=False)
        if results.total == 0 and parsed.relaxable:
            results = self.run(parsed, request, any_word=True)
            results.relaxed = results.total > 0
        results.suggestion = self.suggest(parsed)
        if results.total == 0 and results.suggestion and request.correct:
            # "shotspoter" finds nothing, "shotspotter" does: show those, and say so.
            corrected = self.answer(replace(request, text=results.suggestion, correct=False))
            if corrected.total:
                corrected.corrected, corrected.suggestion = results.suggestion, None
                return corrected
        return results

    def suggest(self, parsed: ParsedQuery) -> str | None:
        """The query with each word the index has never seen replaced by the closest word it
        has (fewest edits, then most documents); None when nothing needs correcting."""
        words = {w for w in parsed.words if len(w) >= MIN_CORRECTABLE}
        unknown = words - self.known_words(words)
        corrections = {}
        for word in sorted(unknown):
            for distance in (1, 2):
                candidates = self.candidates(word, distance)
                if candidates:
                    corrections[word] = max(candidates, key=lambda c: (c[1], c[0]))[0]
                    break
        if not corrections:
            return None

        def fix(item: Item) -> Item:
            return replace(item, words=tuple(corrections.get(w, w) for w in item.words))

        parts = [str(fix(i)) for i in parsed.required] + [f"-{fix(i)}" for i in parsed.excluded]
        return " ".join(parts)

    @abstractmethod
    def run(self, parsed: ParsedQuery, request: SearchRequest, any_word: bool) -> SearchResults:
        """One query: hits for the requested page, the total, and facet counts."""

    @abstractmethod
    def known_words(self, words: set[str]) -> set[str]: ...

    @abstractmethod
    def candidates(self, word: str, distance: int) -> list[tuple[str, int]]:
        """Indexed words within ``distance`` edits of ``word``, with their document counts."""

    @abstractmethod
    def writer(self, timeout: float = 0.0) -> AbstractContextManager[IndexWriter]:
        """Exclusive write access, committed when the block ends without error."""

    @abstractmethod
    def rebuild(
        self,
        documents: Iterator[Document],
        clear: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace the whole index with ``documents``; ``clear`` also recreates the storage
        (after a schema change). Returns the number of documents written."""

    @abstractmethod
    def fingerprints(self) -> dict[str, str]:
        """Every indexed key with the fingerprint of the document indexed under it."""

    def writable(self) -> bool:
        """Whether an update could be written now (the PostgreSQL engine's index is the
        database, checked on its own)."""
        return True

    def document_count(self) -> int:
        return len(self.fingerprints())
