"""The question box's answer page (/ask/): what the portal read in the question, then the
evidence, the projects and the lessons (``search.reading``, ``search.answer``). It shows
projects and lessons, so the site serves it. When the portal cannot tell what was asked it says
so and shows the ordinary search for the same words."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from projects.evidence import RULE
from projects.models import CrimeProblem, SettlementType, Strategy
from projects.states import STATE_CHOICES
from search import answer
from search.backends import IndexUnavailable
from search.forms import AskForm
from search.reading import Reading, read
from search.views import UNAVAILABLE, retry_later


@dataclass
class Chip:
    """One thing the portal read, with the address of the same answer without it."""

    label: str
    value: str
    how: str
    remove: str


def reading_query(reading: Reading) -> QueryDict:
    """The address parameters that ask the question again with exactly this reading."""
    query = QueryDict(mutable=True)
    query["q"] = reading.question
    query["read"] = "1"
    query.setlist("problem", [u.term.slug for u in reading.problems])
    query.setlist("strategy", [u.term.slug for u in reading.strategies])
    for name, value in (
        ("population", reading.population),
        ("settlement", reading.settlement),
        ("state", reading.state),
    ):
        if value:
            query[name] = str(value)
    return query


def _without(query: QueryDict, name: str, value: str = "") -> str:
    changed = query.copy()
    if value:
        changed.setlist(name, [v for v in changed.getlist(name) if v != value])
    else:
        changed.pop(name, None)
    return changed.urlencode()


def chips(reading: Reading) -> list[Chip]:
    query = reading_query(reading)
    found = [
        Chip("Crime problem", u.term.name, f"from “{u.words}”, {u.how}",
             _without(query, "problem", u.term.slug))
        for u in reading.problems
    ] + [
        Chip("Strategy", u.term.name, f"from “{u.words}”, {u.how}",
             _without(query, "strategy", u.term.slug))
        for u in reading.strategies
    ]  # fmt: skip
    if reading.population:
        size = f"{reading.population:,} residents"
        found.append(Chip("Agency size", size, "", _without(query, "population")))
    if reading.settlement:
        how = f"from “{reading.settlement_words}”" if reading.settlement_words else ""
        found.append(
            Chip("Settlement", reading.settlement_label, how, _without(query, "settlement"))
        )
    if reading.state:
        found.append(Chip("Place", reading.state_name, "", _without(query, "state")))
    return found


def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.GET)
    context = {"form": form, "rule": RULE}
    if not form.is_valid():
        return render(request, "spi_portal/ask.html", context, status=400)
    if not form.cleaned_data["q"]:
        return render(request, "spi_portal/ask.html", context)
    try:
        result = answer.ask(form.cleaned_data)
    except IndexUnavailable:
        reading = read(form.cleaned_data["q"])
        result, context["unavailable"] = answer.Answer(reading), UNAVAILABLE
    context |= {
        "reading": result.reading,
        "answer": result,
        "chips": chips(result.reading),
        "choices": {
            "problems": CrimeProblem.objects.all(),
            "strategies": Strategy.objects.all(),
            "settlements": SettlementType.choices,
            "states": STATE_CHOICES,
        },
    }
    status = 503 if "unavailable" in context else 200
    return retry_later(render(request, "spi_portal/ask.html", context, status=status))
