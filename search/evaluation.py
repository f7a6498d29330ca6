"""Measuring the question box against questions with known good answers (``questions.json``):
how often the first project listed is one a good answer lists (answered first), precision at 5
and nDCG at 5 (binary relevance), for the ordinary keyword search alone and for the hybrid
(the reading, keywords and meaning fused), with each one's median time per question.

Keyword search is asked the question as typed, as the search box would be, and its project
results are scored. The hybrid is scored on the projects the answer page lists; when it cannot
tell what was asked, on the ordinary search it falls back to.
"""

import json
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import caches

from projects.models import Project

from . import answer
from .reading import read

QUESTIONS = Path(__file__).with_name("questions.json")
AT = 5


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return json.loads(path.read_text())["questions"]


def dcg(hits: list[bool]) -> float:
    return sum(1 / math.log2(rank + 2) for rank, hit in enumerate(hits) if hit)


@dataclass
class Score:
    question: str
    listed: list[str]
    relevant: set[str]
    seconds: float

    @property
    def hits(self) -> list[bool]:
        return [slug in self.relevant for slug in self.listed[:AT]]

    @property
    def first(self) -> bool:
        return bool(self.hits and self.hits[0])

    @property
    def precision(self) -> float:
        return sum(self.hits) / AT

    @property
    def ndcg(self) -> float:
        ideal = dcg([True] * min(AT, len(self.relevant)))
        return dcg(self.hits) / ideal if ideal else 0.0


@dataclass
class Run:
    name: str
    scores: list[Score] = field(default_factory=list)

    def mean(self, value: Callable[[Score], float]) -> float:
        return statistics.fmean(value(s) for s in self.scores) if self.scores else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(s.seconds for s in self.scores) * 1000 if self.scores else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<26} answered first {self.mean(lambda s: s.first):6.1%}   "
            f"P@{AT} {self.mean(lambda s: s.precision):.3f}   "
            f"nDCG@{AT} {self.mean(lambda s: s.ndcg):.3f}   "
            f"median {self.median_ms:7.1f} ms"
        )


def keyword(question: str) -> list[int]:
    return answer.keyword_ranking(question)


def hybrid(question: str, **switches) -> list[int]:
    lexicon = switches.pop("use_lexicon", True)
    model = switches.pop("use_model", True)
    reading = read(question, use_lexicon=lexicon, use_model=model)
    if not reading.understood:
        return answer.keyword_ranking(reading.question)
    return answer.rank(reading, **switches)[0]


METHODS: dict[str, Callable[[str], list[int]]] = {
    "keyword search": keyword,
    "hybrid": hybrid,
    "hybrid without lexicon": lambda q: hybrid(q, use_lexicon=False),
    "hybrid without model": lambda q: hybrid(q, use_model=False),
    "hybrid without vectors": lambda q: hybrid(q, use_meaning=False),
}


def evaluate(questions: list[dict], names: list[str]) -> list[Run]:
    slugs = dict(Project.objects.published().values_list("pk", "slug"))
    hybrid("warm up the model and the vectors")
    runs = [Run(name) for name in names]
    for item in questions:
        for run in runs:
            caches["pages"].clear()  # every method answers afresh, never from a cached search
            started = time.perf_counter()
            ranked = METHODS[run.name](item["question"])
            seconds = time.perf_counter() - started
            listed = [slugs[pk] for pk in ranked if pk in slugs]
            run.scores.append(Score(item["question"], listed, set(item["relevant"]), seconds))
    return runs
