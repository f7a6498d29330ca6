"""The shared engine: PostgreSQL full-text search, for several web servers on one database.

Documents live in ``SearchEntry`` with a generated, weighted ``tsvector`` (title A, place line
and summary B, body C) under a GIN index; facets are rows of ``SearchFacet`` counted by one
aggregate query. Each word or phrase becomes a ``websearch_to_tsquery`` combined with AND (or OR
for the relaxed retry) and NOT. ``ts_headline`` does not escape, so the text is escaped in SQL
first and matches are marked with private control characters that become ``<mark>`` tags.
"""

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet, TextField, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Concat, Replace
from django.utils.html import escape
from psycopg2.extras import execute_values
from whoosh.spelling import ListCorrector

from search.documents import Document
from search.models import IndexGeneration, SearchEntry, SearchFacet
from search.query import (
    MARK_CLOSE,
    MARK_OPEN,
    Hit,
    Item,
    ParsedQuery,
    SearchRequest,
    SearchResults,
    mark_escaped,
)

from .base import IndexBusy, IndexWriter, SearchBackend

# Any constant shared by every process that writes the index: the advisory lock's key.
LOCK_KEY = 0x5EA4C4
# The one row of IndexGeneration, created by its migration.
GENERATION_ROW = 1
_COPIED = ("kind", "title", "subtitle", "summary", "body", "keywords", "url", "cohort_year")
_UPSERT = f"""
    INSERT INTO search_searchentry (key, fingerprint, {", ".join(_COPIED)}, indexed_at) VALUES %s
    ON CONFLICT (key) DO UPDATE SET
    {", ".join(f"{name} = EXCLUDED.{name}" for name in ("fingerprint", *_COPIED, "indexed_at"))}
    RETURNING key, id
"""
_UPSERT_ROW = f"({', '.join(['%s'] * (2 + len(_COPIED)))}, now())"
# "&" first, so the entities that follow are not escaped twice.
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))
_NON_WORD = re.compile(r"[^\w]+")
_HEADLINE = {"start_sel": MARK_OPEN, "stop_sel": MARK_CLOSE}
_VOCABULARY_SQL = """
    SELECT word, ndoc FROM ts_stat($$
        SELECT to_tsvector('simple', translate(
            title || ' ' || subtitle || ' ' || summary || ' ' || body || ' ' || keywords,
            '<>', '  '))
        FROM search_searchentry
    $$)
"""


class _Vector(Expression):
    """The generated ``vector`` column, which only PostgreSQL has and so no model field
    declares; it names the entry table by whatever alias the query gave it."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f'{table}."vector"', []


def _tsquery(item: Item) -> SearchQuery:
    # "body-worn" is searched as the phrase "body worn", as the Whoosh engine does.
    words = _NON_WORD.sub(" ", item.text).split()
    text = f'"{" ".join(words)}"' if len(words) > 1 else words[0]
    return SearchQuery(text, search_type="websearch", config="english")


def _escaped(expression):
    """HTML-escape in SQL, before ts_headline sees the text: it copies markup through (or
    drops it) rather than escaping it, and its match markers must be the only thing added."""
    for char, entity in _ENTITIES:
        expression = Replace(expression, Value(char), Value(entity), output_field=TextField())
    return expression


class _Writer(IndexWriter):
    """Writes with psycopg2's multi-row VALUES: a rebuild writes some 15,000 entries and eight
    facet rows each, and making a model instance of every row was most of its time."""

    def update(self, documents: Iterable[Document]) -> None:
        documents = list(documents)
        if not documents:
            return
        with connection.cursor() as cursor:
            # One row per key: an entry updated in place keeps its id.
            rows = execute_values(
                cursor.cursor,
                _UPSERT,
                [
                    (d.key, d.fingerprint, *(getattr(d, name) for name in _COPIED))
                    for d in documents
                ],
                template=_UPSERT_ROW,
                page_size=len(documents),
                fetch=True,
            )
            ids = dict(rows)
            cursor.execute(
                "DELETE FROM search_searchfacet WHERE entry_id = ANY(%s)", [list(ids.values())]
            )
            execute_values(
                cursor.cursor,
                "INSERT INTO search_searchfacet (entry_id, name, value) VALUES %s",
                [
                    (ids[d.key], name, value)
                    for d in documents
                    for name, values in d.facets.items()
                    for value in values
                ],
                page_size=5000,
            )

    def delete(self, keys: Iterable[str]) -> None:
        SearchEntry.objects.filter(key__in=list(keys)).delete()


class PostgresBackend(SearchBackend):
    name = "postgres"

    def __init__(self):
        self._vocabulary: dict[str, int] = {}
        self._sorted_words: list[str] = []
        self._generation = None

    @staticmethod
    def available() -> bool:
        return connection.vendor == "postgresql"

    def _require(self) -> None:
        if not self.available():
            raise ImproperlyConfigured(
                "SEARCH_BACKEND=postgres needs a PostgreSQL database (set DATABASE_URL)."
            )

    # Writing ---------------------------------------------------------------------------------

    @contextmanager
    def writer(self, timeout: float = 0.0):
        self._require()
        deadline = time.monotonic() + timeout
        with transaction.atomic():
            with connection.cursor() as cursor:
                while True:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
                    if cursor.fetchone()[0]:
                        break
                    if time.monotonic() >= deadline:
                        raise IndexBusy("another process is writing the search index")
                    time.sleep(0.05)
            yield _Writer()
            IndexGeneration.objects.filter(pk=GENERATION_ROW).update(number=F("number") + 1)

    def rebuild(
        self,
        documents: Iterator[Document],
        clear: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        count = 0
        with self.writer(timeout=60) as writer:
            with connection.cursor() as cursor:
                if clear:
                    cursor.execute("TRUNCATE search_searchfacet, search_searchentry")
                else:
                    cursor.execute("DELETE FROM search_searchfacet")
                    cursor.execute("DELETE FROM search_searchentry")
            documents = iter(documents)
            while batch := list(islice(documents, 500)):
                writer.update(batch)
                for _ in batch:
                    count += 1
                    if progress:
                        progress(count)
        return count

    def generation(self) -> str | None:
        self._require()
        number = IndexGeneration.objects.filter(pk=GENERATION_ROW).values_list("number").first()
        return None if number is None else str(number[0])

    def fingerprints(self) -> dict[str, str]:
        self._require()
        return dict(SearchEntry.objects.values_list("key", "fingerprint"))

    # Searching -------------------------------------------------------------------------------

    def compile(self, parsed: ParsedQuery, any_word: bool) -> SearchQuery:
        combined = None
        for item in parsed.required:
            q = _tsquery(item)
            combined = q if combined is None else (combined | q if any_word else combined & q)
        for item in parsed.excluded:
            combined &= ~_tsquery(item)
        return combined

    def _matching(self, tsquery: SearchQuery, filters: dict[str, tuple[str, ...]]) -> QuerySet:
        entries = SearchEntry.objects.alias(vector=_Vector()).filter(vector=tsquery)
        for name, values in filters.items():
            if values:
                facet = SearchFacet.objects.filter(
                    entry=OuterRef("pk"), name=name, value__in=values
                )
                entries = entries.filter(Exists(facet))
        return entries

    def run(self, parsed: ParsedQuery, request: SearchRequest, any_word: bool) -> SearchResults:
        self._require()
        tsquery = self.compile(parsed, any_word)
        matching = self._matching(tsquery, request.filters)
        facets: dict[str, dict[str, int]] = {}
        counts = (
            SearchFacet.objects.filter(entry__in=matching.values("pk"))
            .values("name", "value")
            .annotate(n=Count("pk"))
            .values_list("name", "value", "n")
        )
        for name, value, n in counts:
            facets.setdefault(name, {})[value] = n
        # Every entry has exactly one kind, so the kind counts add up to the total.
        total = sum(facets.get("kind", {}).values())
        if not total:
            return SearchResults(hits=[], total=0, facets=facets)
        rank = SearchRank(_Vector(), tsquery)
        # Equal ranks in key order: an entry's id changes each time it is written again.
        order = ["-rank", "key"]
        if request.sort == "newest":
            order = [F("cohort_year").desc(nulls_last=True), *order]
        start = (request.page - 1) * request.per_page
        rows = (
            matching.annotate(
                rank=rank,
                title_marked=SearchHeadline(
                    _escaped("title"), tsquery, config="english", highlight_all=True, **_HEADLINE
                ),
                snippet=SearchHeadline(
                    _escaped(Concat("summary", Value("\n\n"), "body", output_field=TextField())),
                    tsquery,
                    config="english",
                    max_fragments=2,
                    max_words=30,
                    min_words=12,
                    fragment_delimiter=" … ",
                    **_HEADLINE,
                ),
            )
            .only("key", "kind", "subtitle", "summary", "url", "cohort_year")
            .order_by(*order)[start : start + request.per_page]
        )
        hits = [self._hit(row) for row in rows]
        return SearchResults(hits=hits, total=total, facets=facets)

    @staticmethod
    def _hit(row) -> Hit:
        snippet = row.snippet if MARK_OPEN in row.snippet else escape(row.summary[:240])
        return Hit(
            key=row.key,
            kind=row.kind,
            title=mark_escaped(row.title_marked),
            subtitle=row.subtitle,
            snippet=mark_escaped(snippet),
            url=row.url,
            cohort_year=row.cohort_year,
            score=row.rank,
        )

    # Spelling --------------------------------------------------------------------------------

    def _load_vocabulary(self) -> None:
        """The index's own words with their document counts, reloaded when the index changes."""
        generation = self.generation()
        if generation is not None and generation == self._generation:
            return
        with connection.cursor() as cursor:
            cursor.execute(_VOCABULARY_SQL)
            self._vocabulary = dict(cursor.fetchall())
        self._sorted_words = sorted(self._vocabulary)
        self._generation = generation

    def known_words(self, words: set[str]) -> set[str]:
        self._require()
        self._load_vocabulary()
        return {w for w in words if w in self._vocabulary}

    def candidates(self, word: str, distance: int) -> list[tuple[str, int]]:
        if not self._sorted_words:
            return []
        corrector = ListCorrector(self._sorted_words)
        words = corrector.suggest(word, limit=50, maxdist=distance, prefix=1)
        return [(w, self._vocabulary[w]) for w in words if w != word]
