"""The concept lexicon the question box reads questions with: every wording that means a
strategy or a crime problem, from three places, each named in the reading so a reader sees why:

- the term's own name (and slug);
- the taxonomy's synonyms: how projects name it (editors grow these on the unmapped-terms page);
- the editors' reader phrases (``ReaderPhrase``): how readers ask about it ("carjacking" for
  robbery, "bodycams" for body-worn cameras), edited in the admin beside the unmapped terms.

Every wording is folded by ``normalize_term`` (case, punctuation, a trailing plural), so
"Carjackings" finds "carjacking". Three queries build it; its meaning vectors, for the model's
matching of the words the lexicon does not know, are kept in this process until it changes.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property
from threading import Lock

import numpy as np

from projects.models import CrimeProblem, ReaderPhrase, Strategy, normalize_term

from . import embedding

NAME, SYNONYM, PHRASE = "the term's name", "a synonym in the taxonomy", "an editors' reader phrase"
STRATEGY, PROBLEM = "strategy", "problem"


@dataclass(frozen=True)
class Entry:
    key: str  # the folded wording
    kind: str  # STRATEGY or PROBLEM
    term: object  # the Strategy or CrimeProblem
    source: str  # NAME, SYNONYM or PHRASE


class Lexicon:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_key: dict[str, list[Entry]] = {}
        for entry in entries:
            found = self.by_key.setdefault(entry.key, [])
            if all((e.kind, e.term.pk) != (entry.kind, entry.term.pk) for e in found):
                found.append(entry)
        self.longest = max((len(key.split()) for key in self.by_key), default=0)

    def lookup(self, words: str) -> list[Entry]:
        return self.by_key.get(normalize_term(words), [])

    @cached_property
    def signature(self) -> str:
        content = sorted((e.key, e.kind, e.term.pk) for e in self.entries)
        return hashlib.sha1(repr(content).encode()).hexdigest()

    def vectors(self) -> np.ndarray:
        """One meaning vector per entry, in ``entries`` order."""
        with _lock:
            cached = _vectors.get(self.signature)
        if cached is None:
            cached = embedding.embed([e.key for e in self.entries])
            with _lock:
                _vectors.clear()  # the lexicon changed: the old one's vectors are no use
                _vectors[self.signature] = cached
        return cached


_vectors: dict[str, np.ndarray] = {}
_lock = Lock()


def _entries(kind: str, terms) -> list[Entry]:
    entries = []
    for term in terms:
        entries.append(Entry(normalize_term(term.name), kind, term, NAME))
        entries.append(Entry(normalize_term(term.slug), kind, term, NAME))
        entries += [Entry(normalize_term(s), kind, term, SYNONYM) for s in term.synonyms]
    return entries


def load(names_only: bool = False) -> Lexicon:
    """The whole lexicon; with ``names_only``, the terms' own names alone (the lexicon
    switched off: the model then reads against the names)."""
    strategies = {s.pk: s for s in Strategy.objects.all()}
    problems = {p.pk: p for p in CrimeProblem.objects.all()}
    entries = _entries(PROBLEM, problems.values()) + _entries(STRATEGY, strategies.values())
    if names_only:
        return Lexicon([e for e in entries if e.key and e.source == NAME])
    for phrase in ReaderPhrase.objects.all():
        if phrase.crime_problem_id in problems:
            entries.append(Entry(phrase.key, PROBLEM, problems[phrase.crime_problem_id], PHRASE))
        if phrase.strategy_id in strategies:
            entries.append(Entry(phrase.key, STRATEGY, strategies[phrase.strategy_id], PHRASE))
    return Lexicon([e for e in entries if e.key])
