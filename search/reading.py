"""Reading a question asked in the reader's own words: which crime problems and strategies it is
about, the agency's size or settlement and its state, and the plain search to run with the rest.

Each thing understood says how, so the page can show it ("carjackings" → robbery, an editors'
reader phrase) and the reader can remove or change it:

1. The lexicon (``search.lexicon``): the longest run of words that is a known wording, first.
2. The model (``search.embedding``): a run of words the lexicon does not know is compared by
   meaning with every wording it does know; the closest counts when it is close enough
   (``MODEL_THRESHOLD``) and clearly closer than any other term (``MODEL_MARGIN``), so a vague
   phrase is left unread rather than guessed.

A general term ("crime") counts only when nothing more specific was asked about. Nothing is read
from a question's words that is not there: no size without a size word or a population, no place
without a state's name. The plain search is the question's words that carry its subject.
"""

import re
from dataclasses import dataclass, field

from projects.models import SettlementType
from projects.states import US_STATES

from . import embedding, lexicon
from .forms import strip_control

MAX_QUESTION = 300
MAX_WORDS = 40
MODEL_THRESHOLD = 0.6
MODEL_MARGIN = 0.05
MODEL_MAX_WORDS = 3
GENERAL_PROBLEMS = {"crime-and-disorder-general", "violent-crime"}

_WORD = re.compile(r"[\w][\w'\u2019-]*")

# Words that carry the question, not its subject: never read as a term, never searched for.
_STOPWORDS_TEXT = """
solve solved solving
a about act acting after against agencies agency all an and any anything approach approaches
are as at be been best better by can cities city community could cut cuts cutting department
departments did do does doing down effect effective evidence fewer for from get good has
have help helped helps how i if in into is it its keep less like lower make me mine more
most my need of on or our out place places police policing programs program project projects
reduce reduced reduces reducing should size small so some stop stopping tackle tackling than
that the their them there these they this those to town towns tried try us use used using
want was way ways we were what whats when where which who why will with work worked working
works would you your big large mid midsize mid-sized medium sized rural urban metro
metropolitan county people residents population each other over around near same area areas
kind kinds sort anyone anybody someone results result impact impacts show shows shown proof
proven real really actually lot lots
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Settlement words, most specific first; each names the settlement type of the agency list.
_SETTLEMENTS = [
    (re.compile(r"\b(?:small[- ]town|rural|village|countryside|small county)\b"),
     SettlementType.SMALL_RURAL),
    (re.compile(r"\bsmall(?:er)?[- ](?:city|cities|urban)\b"), SettlementType.SMALL_URBAN),
    (re.compile(r"\b(?:mid[- ]?sized?|medium[- ]sized?|medium|midsize)[- ](?:city|cities|urban"
                r"|town|department|agency|police)\b"), SettlementType.MID_SIZED_URBAN),
    (re.compile(r"\b(?:large|big|major)[- ](?:city|cities|urban|department|agency)\b"),
     SettlementType.LARGE_URBAN),
    (re.compile(r"\bmetro(?:politan)?\b"), SettlementType.METROPOLITAN),
]  # fmt: skip
_POPULATION = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|m|million)?\s*"
    r"(?:people|residents|population|inhabitants)\b"
    r"|\bpopulation (?:of |is |around |about )?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(k|thousand|m|million)?\b"
    # "a city of 200,000": a place's size (not "a department of 300", which counts officers).
    r"|\b(?:city|town|county|jurisdiction|community) of (?:about |around |roughly |some )?"
    r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|m|million)?\b(?!\s*officers)"
)
_STATE_NAMES = {name.lower(): code for code, name in US_STATES.items()}
_STATE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _STATE_NAMES), key=len, reverse=True)) + r")\b"
)
_MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000}


@dataclass(frozen=True)
class Understood:
    """One term read from the question: the words, the term, and how it was read."""

    kind: str  # lexicon.STRATEGY or lexicon.PROBLEM
    term: object
    words: str
    how: str  # a lexicon source, or "the model (similarity 0.62)"
    by_model: bool = False
    similarity: float | None = None


@dataclass
class Reading:
    question: str
    problems: list[Understood] = field(default_factory=list)
    strategies: list[Understood] = field(default_factory=list)
    settlement: str = ""
    settlement_words: str = ""
    population: int | None = None
    state: str = ""
    search_text: str = ""
    too_long: bool = False

    @property
    def plain_search(self) -> str:
        """What the ordinary search is asked: the question's own words that carry its subject
        (read or not; no question words, numbers or place), or the whole question when it has
        none."""
        return self.search_text or self.question

    @property
    def understood(self) -> bool:
        return bool(self.problems or self.strategies)

    @property
    def problem(self):
        return self.problems[0].term if self.problems else None

    @property
    def strategy(self):
        return self.strategies[0].term if self.strategies else None

    @property
    def settlement_label(self) -> str:
        return SettlementType(self.settlement).label if self.settlement else ""

    @property
    def state_name(self) -> str:
        return US_STATES.get(self.state, "")

    @property
    def asks_about_agency(self) -> bool:
        return bool(self.settlement or self.population or self.state)


def clean_question(text: str) -> tuple[str, bool]:
    """The question without control characters, cut to ``MAX_QUESTION`` characters at a word;
    and whether it was cut."""
    text = strip_control(text or "")
    if len(text) <= MAX_QUESTION:
        return text, False
    return text[:MAX_QUESTION].rsplit(" ", 1)[0], True


def _population(text: str) -> int | None:
    match = _POPULATION.search(text)
    if not match:
        return None
    number, unit = next((match[n], match[n + 1]) for n in (1, 3, 5) if match[n])
    value = float(number.replace(",", "")) * _MULTIPLIER.get((unit or "").lower(), 1)
    return int(value) if 1 <= value <= 50_000_000 else None


def _settlement(text: str) -> tuple[str, str]:
    for pattern, settlement in _SETTLEMENTS:
        match = pattern.search(text)
        if match:
            return settlement.value, match[0]
    return "", ""


def _add(found: list[Understood], item: Understood) -> None:
    if all(u.term.pk != item.term.pk for u in found):
        found.append(item)


def read(text: str, *, use_lexicon: bool = True, use_model: bool = True) -> Reading:
    """The reading of ``text``. ``use_lexicon`` and ``use_model`` switch either way of reading
    off (the evaluation and the tests compare them); without the lexicon the model reads
    against the terms' names alone."""
    question, too_long = clean_question(text)
    lower = question.lower()
    reading = Reading(question=question, too_long=too_long)
    reading.settlement, reading.settlement_words = _settlement(lower)
    reading.population = _population(lower)
    state = _STATE.search(lower)
    if state:
        reading.state = _STATE_NAMES[state[1]]
    place_words = set(_WORD.findall(state[1])) if state else set()
    words = [w.strip("'\u2019-") for w in _WORD.findall(lower)][:MAX_WORDS]
    words = [w for w in words if w and w not in place_words]
    table = lexicon.load(names_only=not use_lexicon) if (use_lexicon or use_model) else None
    used = [False] * len(words)
    found = {lexicon.PROBLEM: [], lexicon.STRATEGY: []}
    if use_lexicon and table:
        _read_lexicon(words, used, table, found)
    if use_model and table:
        _read_model(words, used, table, found)
    reading.problems = _specific(found[lexicon.PROBLEM])
    reading.strategies = found[lexicon.STRATEGY]
    content = [w for w in words if w not in STOPWORDS and not w.replace(",", "").isdigit()]
    reading.search_text = " ".join(dict.fromkeys(content))
    return reading


def _specific(problems: list[Understood]) -> list[Understood]:
    specific = [u for u in problems if u.term.slug not in GENERAL_PROBLEMS]
    return specific or problems


def _read_lexicon(words, used, table: lexicon.Lexicon, found) -> None:
    for size in range(min(table.longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(used[start : start + size]):
                continue
            phrase = " ".join(words[start : start + size])
            if size == 1 and phrase in STOPWORDS:
                continue
            entries = table.lookup(phrase)
            for entry in entries:
                _add(found[entry.kind], Understood(entry.kind, entry.term, phrase, entry.source))
            if entries:
                used[start : start + size] = [True] * size


def _runs(words, used) -> list[tuple[int, int]]:
    """Every run of up to ``MODEL_MAX_WORDS`` unread, meaningful words, as (start, end)."""
    runs = []
    for start in range(len(words)):
        for end in range(start + 1, min(start + MODEL_MAX_WORDS, len(words)) + 1):
            chunk = words[start:end]
            if any(used[start:end]) or chunk[0] in STOPWORDS or chunk[-1] in STOPWORDS:
                break
            if all(len(w) > 2 and not w.isdigit() for w in chunk):
                runs.append((start, end))
    return runs


def _stems(text: str) -> list[str]:
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in text.split()]


def _only_shared_words(phrase: str, key: str) -> bool:
    """Whether ``phrase`` is close to ``key`` only through the words they share: a single word
    of ``key``'s several ("repeat" of "repeat offending", "partner" of "abusive partner": a
    single word that means a term belongs in the lexicon), or words that differ in meaning
    beside a shared one ("officers wearing" and "officers on foot")."""
    mine, theirs = _stems(phrase), _stems(key)
    shared = set(mine) & set(theirs)
    if not shared:
        return False
    if len(mine) == 1:
        return len(theirs) > 1
    rest_mine = [w for w in mine if w not in shared]
    rest_theirs = [w for w in theirs if w not in shared]
    if not rest_mine or not rest_theirs:
        return False
    rest = embedding.embed([" ".join(rest_mine), " ".join(rest_theirs)])
    return float(rest[0] @ rest[1]) < MODEL_THRESHOLD


def _read_model(words, used, table: lexicon.Lexicon, found) -> None:
    runs = _runs(words, used)
    if not runs or not table.entries:
        return
    phrases = [" ".join(words[s:e]) for s, e in runs]
    similarity = embedding.embed(phrases) @ table.vectors().T
    candidates = []
    for (start, end), phrase, row in zip(runs, phrases, similarity, strict=True):
        order = row.argsort()[::-1]
        best = table.entries[order[0]]
        rival = next(
            (row[i] for i in order[1:] if table.entries[i].term.pk != best.term.pk
             or table.entries[i].kind != best.kind),
            0.0,
        )  # fmt: skip
        score = float(row[order[0]])
        if score < MODEL_THRESHOLD or score - rival < MODEL_MARGIN:
            continue
        if not _only_shared_words(phrase, best.key):
            candidates.append((score, start, end, phrase, best))
    # The closest first; a word is read once.
    for score, start, end, phrase, best in sorted(candidates, key=lambda c: -c[0]):
        if any(used[start:end]):
            continue
        used[start:end] = [True] * (end - start)
        how = f"the model (similarity {score:.2f} to “{best.key}”)"
        _add(found[best.kind], Understood(best.kind, best.term, phrase, how, True, score))


CHOSEN = "your choice"


def adjusted(reading: Reading, *, problems, strategies, population, settlement, state) -> Reading:
    """``reading`` with the reader's changes to it: terms the reader kept keep how they were
    read; terms the reader added say so."""

    def kept(found: list[Understood], terms, kind) -> list[Understood]:
        by_pk = {u.term.pk: u for u in found}
        return [by_pk.get(t.pk) or Understood(kind, t, t.name, CHOSEN) for t in terms]

    reading.problems = kept(reading.problems, problems, lexicon.PROBLEM)
    reading.strategies = kept(reading.strategies, strategies, lexicon.STRATEGY)
    if settlement != reading.settlement:
        reading.settlement_words = ""
    reading.population, reading.settlement, reading.state = population, settlement, state
    return reading
