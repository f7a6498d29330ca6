"""What a reader typed, parsed once into the same plain structure for both engines.

The syntax is deliberately small and forgiving: words, "quoted phrases", and ``-`` (or ``NOT``)
to exclude a word or phrase. Everything else (field prefixes such as ``title:``, wildcards,
brackets, an unbalanced quote) is read as ordinary text, so no input is an error and no input
can reach an engine's own query language.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .documents import KINDS

# Characters kept inside a word: letters and digits of any script, and the joiners that make
# "body-worn" or "o'neill" one word. Anything else separates words.
_JOINERS = "'\u2019-"
_WORD = re.compile(rf"\w[\w{_JOINERS}]*")
_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_FIELD_PREFIX = re.compile(r"^-?\w+:")
_OPERATORS = {"AND", "OR"}
MAX_ITEMS = 32
# A query of this many words that finds nothing with all of them is retried with any of them.
RELAX_AT = 3

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class Item:
    """One word or phrase. A word the engines split further ("body-worn") acts as a phrase."""

    words: tuple[str, ...]
    phrase: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def __str__(self) -> str:
        return f'"{self.text}"' if self.phrase else self.text


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[Item, ...] = ()
    excluded: tuple[Item, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.required

    @property
    def relaxable(self) -> bool:
        return len(self.required) >= RELAX_AT

    @property
    def words(self) -> list[str]:
        return [w for item in self.required + self.excluded for w in item.words]


def _words(text: str) -> tuple[str, ...]:
    words = (w.strip(_JOINERS).lower() for w in _WORD.findall(text))
    return tuple(w for w in words if w)


def parse(text: str) -> ParsedQuery:
    required: list[Item] = []
    excluded: list[Item] = []
    negate_next = False
    for match in _ITEM.finditer(text or ""):
        minus, phrase, bare = match.groups()
        if bare in _OPERATORS:
            continue
        if bare == "NOT":
            negate_next = True
            continue
        negate = negate_next or bool(minus) or (bare or "").startswith("-")
        negate_next = False
        if phrase is not None:
            words = _words(phrase)
            items = [Item(words, phrase=len(words) > 1)] if words else []
        else:
            # "title:cameras" searches for "cameras": there are no fields to choose.
            items = [Item((w,)) for w in _words(_FIELD_PREFIX.sub("", bare))]
        target = excluded if negate else required
        for item in items:
            if item not in target and len(required) + len(excluded) < MAX_ITEMS:
                target.append(item)
    return ParsedQuery(tuple(required), tuple(excluded))


def render_highlight(text: str) -> SafeString:
    """Escape everything, then turn the engine's private markers into ``<mark>`` tags: the only
    markup a result may carry."""
    return mark_escaped(escape(text))


def mark_escaped(escaped: str) -> SafeString:
    """Text escaped before highlighting (PostgreSQL does it in SQL): only the markers change."""
    return mark_safe(escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


SORTS = ("relevance", "newest")


@dataclass(frozen=True)
class SearchRequest:
    text: str
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    # False when the reader asked for exactly what they typed ("search instead for ...").
    correct: bool = True

    @property
    def parsed(self) -> ParsedQuery:
        return parse(self.text)


@dataclass
class Hit:
    key: str
    kind: str
    title: SafeString
    subtitle: str
    snippet: SafeString
    url: str
    cohort_year: int | None
    score: float = 0.0

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    relaxed: bool = False
    suggestion: str | None = None
    # The corrected query these results are for, when what was typed found nothing.
    corrected: str | None = None
