"""Measure both engines on a synthetic corpus drawn from the real content's vocabulary.

For each size: full-index throughput, single-record update latency and query latency (median and
p95 of the same one- to three-word queries, with and without a facet filter, for both engines);
then Whoosh's own rebuild against a baseline: a plain single-process Whoosh writer with default
settings (``ix.writer()``: one process, 128 MB pool, segments merged at commit) indexing the
documents naively (``plain_schema``: title, subtitle, summary and body each a stemmed TEXT field
stored whole, plus a ``spelling`` copy of all the text). The baseline is timed right before the
engine's rebuild, so both see the same machine load; the one-minute load average is printed.

Nothing touches the portal's own index or data: Whoosh writes to a temporary directory and the
PostgreSQL engine to a throwaway database created for the run (Django's test-database
machinery), dropped at the end.
"""

import os
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import DatabaseError, connection
from whoosh import fields, index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer

from projects.states import US_STATES
from projects.vocabulary import YES
from search.backends.postgres import PostgresBackend
from search.backends.whoosh import WhooshBackend
from search.documents import FACET_NAMES, Document, all_documents
from search.query import SearchRequest

# One- to three-word queries a researcher or agency analyst might type, each also run with a
# facet filter, so facet counting is always part of the cost.
QUERIES = [
    "patrol",
    "burglary",
    "violence",
    "hot spots",
    "gun violence",
    "body cameras",
    "repeat offenders",
    "crime analysis",
    "problem oriented policing",
    "violent crime reduction",
    "community policing partnership",
    "offender focused deterrence",
]
_WORD = re.compile(r"[a-z]{3,}")
PLAIN_TEXT_FIELDS = ("title", "subtitle", "summary", "body", "keywords")
REBUILD_GOAL = 3


@dataclass
class Vocabulary:
    words: list[str]
    weights: list[int]
    strategies: list[str]
    crime_problems: list[str]

    @classmethod
    def from_real_content(cls) -> "Vocabulary":
        counts: Counter = Counter()
        strategies, problems = set(), set()
        try:
            documents = list(all_documents())
        except DatabaseError as error:
            raise ValueError(
                f"the published content could not be read ({error}): migrate and load the data "
                "first (make serve)"
            ) from error
        for document in documents:
            text = " ".join((document.title, document.summary, document.body, document.keywords))
            text = text.lower()
            counts.update(_WORD.findall(text))
            strategies.update(document.facets.get("strategy", []))
            problems.update(document.facets.get("problem", []))
        if not counts:
            raise ValueError(
                "no published content to draw words from: load the data first (make serve)"
            )
        words, weights = zip(*counts.most_common(), strict=True)
        return cls(list(words), list(weights), sorted(strategies), sorted(problems))

    def text(self, rng: random.Random, n: int) -> str:
        return " ".join(rng.choices(self.words, self.weights, k=n))


def corpus(vocabulary: Vocabulary, size: int, seed: int = 2009) -> list[Document]:
    rng = random.Random(seed)
    states = list(US_STATES)
    documents = []
    for n in range(size):
        year = rng.randint(2009, 2021)
        documents.append(
            Document(
                key=f"project:{n + 1}",
                kind="project",
                title=vocabulary.text(rng, rng.randint(4, 9)).title(),
                url=f"/sites/synthetic-{n + 1}/",
                subtitle=f"Synthetic Police Department {n + 1}, {year}",
                summary=vocabulary.text(rng, rng.randint(30, 60)),
                body=vocabulary.text(rng, rng.randint(120, 250)),
                cohort_year=year,
                facets={
                    "strategy": rng.sample(vocabulary.strategies, rng.randint(1, 3)),
                    "problem": rng.sample(vocabulary.crime_problems, rng.randint(1, 2)),
                    "state": [rng.choice(states)],
                    "year": [year],
                    "significant": [YES] if rng.random() < 0.4 else [],
                },
            )
        )
    return documents


@dataclass
class Figures:
    engine: str
    size: int
    index_seconds: float = 0.0
    update_ms: list[float] = field(default_factory=list)
    query_ms: list[float] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.size / self.index_seconds

    @staticmethod
    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    def line(self) -> str:
        return (
            f"{self.engine:8} {self.size:>6}  index {self.docs_per_second:7.0f} docs/s "
            f"({self.index_seconds:5.1f} s)  update median {statistics.median(self.update_ms):6.1f}"
            f" ms  query median {statistics.median(self.query_ms):6.1f} ms"
            f"  p95 {self.p95(self.query_ms):6.1f} ms"
        )


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(engine, documents: list[Document], repeats: int) -> Figures:
    figures = Figures(engine.name, len(documents))
    figures.index_seconds = _timed(lambda: engine.rebuild(iter(documents))) / 1000

    def update(document):
        with engine.writer(timeout=10) as writer:
            writer.update([document])

    rng = random.Random(1)
    for n in range(20):
        document = replace(rng.choice(documents), title=f"Edited title {n}")
        figures.update_ms.append(_timed(lambda d=document: update(d)))
    strategy = documents[0].facets["strategy"][0]
    requests = [SearchRequest(q) for q in QUERIES] + [
        SearchRequest(q, filters={"strategy": (strategy,)}) for q in QUERIES
    ]
    for request in requests:  # warm caches, as a running server has them
        engine.answer(request)
    for _ in range(repeats):
        for request in requests:
            figures.query_ms.append(_timed(lambda r=request: engine.answer(r)))
    return figures


def plain_schema() -> fields.Schema:
    """The baseline's index: the documents as a first, naive attempt indexes them. Each text
    field (title, subtitle, summary, body) is a default TEXT field (positions, scored) with the
    English stemming search needs, stored whole; a ``spelling`` TEXT field holds a copy of all
    the text for "did you mean"; facets, key and year as the engine has them."""
    schema = fields.Schema(
        key=fields.ID(stored=True, unique=True),
        kind=fields.STORED,
        url=fields.STORED,
        fingerprint=fields.STORED,
        year=fields.NUMERIC(int, bits=16, sortable=True, stored=True, signed=False),
        spelling=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter()),
    )
    for name in PLAIN_TEXT_FIELDS:
        schema.add(name, fields.TEXT(analyzer=StemmingAnalyzer(), stored=True))
    for name in FACET_NAMES:
        schema.add(f"facet_{name}", fields.KEYWORD(commas=True))
    return schema


def _plain_fields(document: Document) -> dict:
    values = {name: getattr(document, name) for name in PLAIN_TEXT_FIELDS}
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
            values[f"facet_{name}"] = ",".join(facet_values)
    return values


def plain_whoosh_seconds(documents: list[Document], path: Path) -> float:
    """The baseline: ``plain_schema()`` written by one process with Whoosh's default writer
    settings (``ix.writer()``: one process, 128 MB pool, segments merged at commit)."""
    path.mkdir(parents=True)
    ix = index.create_in(path, plain_schema())

    def write():
        writer = ix.writer()
        for document in documents:
            writer.add_document(**_plain_fields(document))
        writer.commit()

    return _timed(write) / 1000


@contextmanager
def throwaway_database():
    """A fresh, migrated database for the PostgreSQL engine; None on SQLite."""
    if connection.vendor != "postgresql":
        yield None
        return
    original = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"spi_benchmark_{time.time_ns()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.settings_dict["NAME"]
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


def run(sizes: list[int], repeats: int, write: Callable[[str], None]) -> None:
    vocabulary = Vocabulary.from_real_content()
    write(f"Vocabulary: {len(vocabulary.words)} words from the published content.")
    write(
        "Rebuild baseline: one process, Whoosh's default writer, every text field a stemmed "
        "TEXT field stored whole, plus a spelling copy of all the text."
    )
    with throwaway_database() as database, tempfile.TemporaryDirectory() as tmp:
        if database is None:
            write("PostgreSQL engine skipped: the database is SQLite (set DATABASE_URL).")
        results: dict[tuple[str, int], Figures] = {}
        for size in sizes:
            documents = corpus(vocabulary, size)
            plain = plain_whoosh_seconds(documents, Path(tmp) / f"plain-{size}")
            engines = [WhooshBackend(Path(tmp) / f"whoosh-{size}")]
            if database is not None:
                engines.append(PostgresBackend())
            for engine in engines:
                figures = measure(engine, documents, repeats)
                results[engine.name, size] = figures
                write(f"{figures.line()}  (load {os.getloadavg()[0]:.1f})")
            # The engine's own rebuild, timed above: only what search needs is indexed, and from
            # PARALLEL_FROM documents up it runs in several processes without a final merge.
            tuned = results["whoosh", size].index_seconds
            ratio = plain / tuned
            write(
                f"whoosh   {size:>6}  rebuild: plain single-process writer {plain:5.1f} s, "
                f"tuned {tuned:5.1f} s: {ratio:.1f}x faster "
                f"({'meets' if ratio >= REBUILD_GOAL else 'misses'} the {REBUILD_GOAL}x goal)"
            )
        for size in sizes:
            if ("postgres", size) in results:
                whoosh, postgres = results["whoosh", size], results["postgres", size]
                verdict = (
                    "meets"
                    if whoosh.p95(whoosh.query_ms) <= postgres.p95(postgres.query_ms)
                    else "misses"
                )
                write(
                    f"p95 at {size}: whoosh {whoosh.p95(whoosh.query_ms):.1f} ms, postgres "
                    f"{postgres.p95(postgres.query_ms):.1f} ms ({verdict} the goal)"
                )
