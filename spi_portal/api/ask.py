"""``/api/ask/?q=``: the question box as JSON. The same reading and the same ranked answer as
/ask/ (``search.answer.ask``): what was understood and how, the portal's evidence summary, the
agencies-like-mine sentence when a size or place was asked, the projects ranked with their
rating and headline result, and lessons; or, when nothing was understood, a message and the
ordinary search's results. Only published records; a question too long is a 400, and no
question at all is answered with a message saying what to ask."""

from django.http import QueryDict
from django.urls import reverse
from ninja import Field, Query, Schema

from editorial.text import safe_url
from projects.site import site_url
from search import answer
from search.backends import IndexUnavailable
from search.forms import AskForm
from search.views import UNAVAILABLE

from .base import BadRequest, api, reject_unknown


class AskQuery(Schema):
    q: str = Field(
        "", description="The question, in the reader's own words (up to 1,000 characters)."
    )
    read: bool = Field(False, description="Use the reading given below instead of the words'.")
    problem: list[str] = Field([], description="Crime problem slugs (with read).")
    strategy: list[str] = Field([], description="Strategy slugs (with read).")
    population: int | None = Field(None, description="Residents served (with read).")
    settlement: str = Field("", description="small_rural … metropolitan (with read).")
    state: str = Field("", description="A postal code (with read).")


class UnderstoodTerm(Schema):
    slug: str
    name: str
    words: str = Field(description="The words of the question it was read from.")
    how: str = Field(description="The lexicon entry or the model's similarity that read it.")


class ReadingOut(Schema):
    question: str
    understood: bool
    problems: list[UnderstoodTerm]
    strategies: list[UnderstoodTerm]
    population: int | None
    settlement: str
    state: str
    plain_search: str = Field(description="The words the ordinary search was asked.")
    ignored: list[str] = Field(description="Terms or values given that the portal does not know.")


class RatingOut(Schema):
    value: str
    label: str
    why: str
    rated_on: str | None = Field(description="The crime problem rated on, when one was asked.")


class ResultOut(Schema):
    measure: str
    value: str
    effect: str


class ProjectOut(Schema):
    slug: str
    url: str
    title: str
    agency: str
    cohort_year: int | None
    rating: RatingOut
    headline_result: ResultOut | None
    why_listed: list[str]


class LessonOut(Schema):
    title: str
    url: str


class SearchHitOut(Schema):
    kind: str
    title: str
    url: str | None


class SummaryOut(Schema):
    verdict: str
    tried: int
    comparison: int


class AskOut(Schema):
    reading: ReadingOut
    message: str
    scope: str
    summary: SummaryOut | None
    like_mine: str
    projects: list[ProjectOut]
    lessons: list[LessonOut]
    search_results: list[SearchHitOut] = Field(description="When nothing was understood.")
    rating_rule: str


class ErrorOut(Schema):
    errors: list[dict]


def _terms(found) -> list[dict]:
    return [
        {"slug": u.term.slug, "name": u.term.name, "words": u.words, "how": u.how} for u in found
    ]


def _project(item, problem, base: str) -> dict:
    project, result = item.project, item.project.lead_result
    return {
        "slug": project.slug,
        "url": base + project.get_absolute_url(),
        "title": project.name,
        "agency": project.agency.name,
        "cohort_year": project.cohort_year,
        "rating": {
            "value": item.rating.value,
            "label": item.rating.label,
            "why": item.rating.why,
            "rated_on": problem.slug if problem is not None else None,
        },
        "headline_result": {
            "measure": result.measure,
            "value": result.display_value,
            "effect": result.effect,
        }
        if result
        else None,
        "why_listed": item.reasons,
    }


def _summary(summary) -> dict | None:
    if summary is None:
        return None
    return {"verdict": summary.verdict, "tried": summary.tried, "comparison": summary.comparison}


def _hits(results, base: str) -> list[dict]:
    if results is None:
        return []
    return [
        {"kind": hit.kind, "title": str(hit.title).replace("<mark>", "").replace("</mark>", ""),
         "url": base + url if (url := safe_url(hit.url)) else None}
        for hit in results.hits
    ]  # fmt: skip


@api.get(
    "/ask/",
    response={200: AskOut, 400: ErrorOut, 503: ErrorOut},
    summary="Ask a question in plain words",
    tags=["ask"],
)
def ask(request, query: Query[AskQuery]):
    """What the portal read in the question (``reading``: each term with the words it came from
    and how), then the answer: the portal's evidence summary for that problem and strategy,
    the agencies-like-mine sentence when a size or place was asked, projects ranked by the
    reading, the words and the meaning of the question, and lessons. When nothing was
    understood, ``message`` says so and ``search_results`` holds the ordinary search."""
    reject_unknown(request, AskQuery)
    data = QueryDict(mutable=True)
    data.update(request.GET)
    form = AskForm(data)
    if not form.is_valid():
        raise BadRequest("q", " ".join(form.errors.get("q", ["The question is not valid."])))
    try:
        result = answer.ask(form.cleaned_data)
    except IndexUnavailable:
        return 503, {"errors": [{"parameter": None, "message": UNAVAILABLE}]}
    reading, base = result.reading, site_url(request)
    return {
        "reading": {
            "question": reading.question,
            "understood": reading.understood,
            "problems": _terms(reading.problems),
            "strategies": _terms(reading.strategies),
            "population": reading.population,
            "settlement": reading.settlement,
            "state": reading.state,
            "plain_search": reading.plain_search,
            "ignored": form.ignored,
        },
        "message": result.message,
        "scope": result.scope,
        "summary": _summary(result.summary),
        "like_mine": result.like_mine,
        "projects": [_project(item, reading.problem, base) for item in result.projects],
        "lessons": [
            {"title": lesson.title, "url": base + lesson.get_absolute_url()}
            for lesson in result.lessons
        ],
        "search_results": _hits(result.fallback, base),
        "rating_rule": base + reverse("projects:rating-rule"),
    }
