"""The answer to a question read by ``search.reading``: the evidence first, then the projects and
lessons, each drawn from published records and the portal's own rules, never made up.

Projects that match more of what was read come first (an answer about drug markets lists the
projects that took on drug markets); within each such tier they are ordered by fusing three
rankings with reciprocal rank fusion (each contributes 1 / (``RRF_K`` + its rank), so no
ranking's scores need to be comparable with another's):

- the reading: projects that took on the problems or used the strategies understood, those
  matching more of them first (``ProjectQuerySet.for_crime_problem`` / ``for_strategy``);
- words: the ordinary full-text search (Whoosh or PostgreSQL) for the question's own words;
- meaning: each project document's embedding (``search.vectors``) against the question's.

The fused list keeps only projects that the reading or the words found, or whose meaning is
close to the question's (``MEANING_FLOOR``): the model ranks, it does not admit a project on its
own. When nothing was understood the page says so and shows the ordinary search instead.
"""

from dataclasses import dataclass, field

from lessons.models import Lesson
from projects import likeness
from projects.evidence import EvidenceSummary, summarise
from projects.models import Project
from projects.ratings import ProjectRating, Rating, rate, rate_many
from projects.states import REGION_OF_STATE

from . import embedding, vectors
from .backends import get_backend
from .query import SearchRequest, SearchResults
from .reading import Reading, adjusted, read

RRF_K = 60
KEYWORD_DEPTH = 30
MEANING_DEPTH = 30
MEANING_FLOOR = 0.35
SHOWN = 10
_ORDER = list(Rating)
LESSONS_SHOWN = 5


@dataclass
class RankedProject:
    project: Project
    rating: ProjectRating
    reasons: list[str]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


CANNOT_TELL = (
    "We could not tell which crime problem or strategy your question is about, so here is "
    "the ordinary search for its words. Try naming the problem (“robberies”, “shootings”) or "
    "what was done (“foot patrols”, “cameras”)."
)
ASK = "Ask a question in your own words: the crime problem, what you might try, your size."
FALLBACK_RESULTS = 10


@dataclass
class Answer:
    reading: Reading
    scope: str = ""  # "took on robbery with hot spots policing"
    summary: EvidenceSummary | None = None
    like_mine: str = ""
    projects: list[RankedProject] = field(default_factory=list)
    lessons: list = field(default_factory=list)
    # The ordinary search for the question's words, when nothing was understood.
    fallback: SearchResults | None = None

    @property
    def answered(self) -> bool:
        return self.reading.understood

    @property
    def message(self) -> str:
        if not self.reading.question:
            return ASK
        return "" if self.answered else CANNOT_TELL


def _fuse(rankings: list[list[int]], matched: dict[int, list[str]]) -> list[int]:
    """Reciprocal rank fusion of ``rankings``, within tiers: projects matching more of what
    was read come first, as the answer is about them; the fused score orders each tier."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores, key=lambda pk: (-len(matched.get(pk, ())), -scores[pk], pk))


def _reading_ranking(reading: Reading, published) -> tuple[list[int], dict[int, list[str]]]:
    matched: dict[int, list[str]] = {}
    for item in reading.problems:
        for pk in published.for_crime_problem(item.term).values_list("pk", flat=True):
            matched.setdefault(pk, []).append(f"took on {item.term.name_in_sentence}")
    for item in reading.strategies:
        for pk in published.for_strategy(item.term).values_list("pk", flat=True):
            matched.setdefault(pk, []).append(f"used {item.term.name_in_sentence}")
    # Among equally matching projects, the strongest evidence on the problem asked about first.
    slug = reading.problem.slug if reading.problem is not None else None
    ratings = rate_many(published.filter(pk__in=list(matched)), problem=slug)
    strength = {pk: _ORDER.index(r.rating) for pk, r in ratings.items()}
    ranking = sorted(matched, key=lambda pk: (-len(matched[pk]), strength.get(pk, 9), pk))
    return ranking, matched


def keyword_ranking(text: str, depth: int = KEYWORD_DEPTH) -> list[int]:
    """Published projects the ordinary search finds for ``text``, best first."""
    if not text.strip():
        return []
    request = SearchRequest(text=text, filters={"kind": ("project",)}, per_page=depth)
    hits = get_backend().search(request).hits
    return [int(hit.key.split(":", 1)[1]) for hit in hits if hit.key.startswith("project:")]


def meaning_ranking(text: str, depth: int = MEANING_DEPTH) -> list[int]:
    """Projects whose documents are closest in meaning to ``text``, above ``MEANING_FLOOR``."""
    query = embedding.embed([text])[0]
    ranked = vectors.matrix("project").ranked(query)
    return [int(key.split(":", 1)[1]) for key, score in ranked[:depth] if score >= MEANING_FLOOR]


def _meaning_text(reading: Reading) -> str:
    names = [u.term.name for u in (*reading.problems, *reading.strategies)]
    return " ".join([reading.question, *names])


def rank(
    reading: Reading, *, use_keywords: bool = True, use_meaning: bool = True
) -> tuple[list[int], dict[int, list[str]]]:
    """Published project ids, best first, with why each is listed."""
    published = Project.objects.published()
    structured, why = _reading_ranking(reading, published)
    tiers = {pk: list(reasons) for pk, reasons in why.items()}
    rankings = [structured]
    admitted = set(structured)
    if use_keywords:
        words = keyword_ranking(reading.plain_search)
        rankings.append(words)
        admitted |= set(words)
        for pk in words:
            why.setdefault(pk, []).append("matches your words")
    if use_meaning and admitted:
        close = meaning_ranking(_meaning_text(reading))
        rankings.append([pk for pk in close if pk in admitted])
    fused = [pk for pk in _fuse(rankings, tiers) if pk in admitted]
    # Only what is published now: the index may be a moment behind an unpublishing.
    live = set(published.filter(pk__in=fused).values_list("pk", flat=True))
    return [pk for pk in fused if pk in live], why


def _scope(reading: Reading) -> str:
    """ "took on robbery with hot spots policing", as the agencies-like-mine sentence says it."""
    problem, strategy = reading.problem, reading.strategy
    parts = []
    if problem is not None:
        parts.append(f"took on {problem.name_in_sentence}")
    if strategy is not None:
        parts.append(f"{'with' if parts else 'used'} {strategy.name_in_sentence}")
    return " ".join(parts)


def _summary(reading: Reading) -> EvidenceSummary:
    projects = Project.objects.published()
    if reading.problem is not None:
        projects = projects.for_crime_problem(reading.problem)
    if reading.strategy is not None:
        projects = projects.for_strategy(reading.strategy)
    return summarise(projects, reading.problem)


def _like_mine(reading: Reading) -> str:
    profile = likeness.Profile(
        reading.population,
        reading.settlement,
        REGION_OF_STATE.get(reading.state, ""),
        problem=reading.problem,
        strategy=reading.strategy,
    )
    candidates = Project.objects.published()
    if reading.problem is not None:
        candidates = candidates.for_crime_problem(reading.problem)
    if reading.strategy is not None:
        candidates = candidates.for_strategy(reading.strategy)
    sentence = likeness.answer(profile, likeness.rank(profile, candidates.with_cards()))
    # The agencies-like-mine page lists the closest agencies; this page lists projects by match.
    return sentence.replace("; the closest are listed below.", ".")


def _lessons(reading: Reading, project_ids: list[int]) -> list:
    """Lessons filed under a problem or strategy asked about first, then those drawn from the
    projects listed, in their order."""
    lessons = Lesson.objects.published().select_related("core_practice")
    problems = [u.term for u in reading.problems]
    strategies = [u.term for u in reading.strategies]
    on_terms = lessons.filter(crime_problems__in=problems) | lessons.filter(
        strategies__in=strategies
    )
    chosen = list(on_terms.distinct()[:LESSONS_SHOWN])
    if len(chosen) < LESSONS_SHOWN:
        links = Lesson.projects.through.objects.filter(
            project__in=project_ids, lesson__in=lessons
        ).values_list("project", "lesson")
        order = {pk: i for i, pk in enumerate(project_ids)}
        by_project = sorted(links, key=lambda link: order[link[0]])
        wanted = list(dict.fromkeys(lesson for _p, lesson in by_project))
        wanted = [pk for pk in wanted if pk not in {lesson.pk for lesson in chosen}]
        extra = lessons.in_bulk(wanted[: LESSONS_SHOWN - len(chosen)])
        chosen += [extra[pk] for pk in wanted if pk in extra]
    return chosen


def ask(cleaned: dict) -> Answer:
    """The answer to ``AskForm``'s cleaned data: the question read, with the reader's changes
    to the reading when they made any (``read``). Raises ``IndexUnavailable`` when the index
    cannot be read."""
    reading = read(cleaned["q"])
    if cleaned.get("read"):
        adjusted(
            reading,
            problems=cleaned["problems"],
            strategies=cleaned["strategies"],
            population=cleaned["population"],
            settlement=cleaned["settlement"],
            state=cleaned["state"],
        )
    return answer(reading)


def answer(reading: Reading) -> Answer:
    """The whole answer; the ordinary search's when nothing was understood."""
    result = Answer(reading)
    if not reading.question:
        return result
    if not reading.understood:
        request = SearchRequest(text=reading.question, per_page=FALLBACK_RESULTS)
        result.fallback = get_backend().search(request)
        return result
    ranked, why = rank(reading)
    shown = ranked[:SHOWN]
    cards = Project.objects.published().filter(pk__in=shown).with_cards().in_bulk()
    slug = reading.problem.slug if reading.problem is not None else None
    result.projects = [
        RankedProject(cards[pk], rate(cards[pk], problem=slug), why.get(pk, []))
        for pk in shown
        if pk in cards
    ]
    result.scope = _scope(reading)
    result.summary = _summary(reading)
    if reading.asks_about_agency:
        result.like_mine = _like_mine(reading)
    result.lessons = _lessons(reading, shown)
    return result
