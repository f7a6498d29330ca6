"""Turn the search URL's parameters into a ``SearchRequest``, or into clear messages.

Control characters are stripped before anything else looks at the text; a query longer than
``MAX_LENGTH`` or a page that is not a whole number is an error the page explains; a facet value
the portal does not know (an old link, a typo) is dropped and named in a note, never an error.
"""

import re

from django import forms

from projects.models import CrimeProblem, SettlementType, Strategy
from projects.states import US_STATES
from projects.vocabulary import YES

from .documents import FACET_NAMES, KINDS
from .query import SORTS, SearchRequest

MAX_LENGTH = 200
MAX_PAGE = 1000
PER_PAGE = 10
# Tabs and line breaks become spaces; every other control or format character goes.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")

FACET_LABELS = {
    "kind": "Kind",
    "strategy": "Strategy",
    "problem": "Crime problem",
    "state": "State",
    "year": "Cohort year",
    "significant": "Results",
}


def strip_control(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


class QueryField(forms.CharField):
    def to_python(self, value):
        return strip_control(super().to_python(value))


def facet_value_labels() -> dict[str, dict[str, str]]:
    """Every value each facet can take, with the label a reader sees (two queries)."""
    return {
        "kind": {name: kind.label for name, kind in KINDS.items()},
        "strategy": dict(Strategy.objects.values_list("slug", "name")),
        "problem": dict(CrimeProblem.objects.values_list("slug", "name")),
        "state": dict(US_STATES),
        "significant": {YES: "With a significant result"},
    }


def _is_year(value: str) -> bool:
    return value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100


class SearchForm(forms.Form):
    q = QueryField(
        label="Search case studies, lessons, strategies and agencies",
        required=False,
        max_length=MAX_LENGTH,
        error_messages={
            "max_length": (
                f"Please shorten your search to {MAX_LENGTH} characters or fewer "
                "(it has %(show_value)d). A few distinctive words work best."
            )
        },
    )
    sort = forms.ChoiceField(
        choices=[("relevance", "Best match"), ("newest", "Newest cohort first")],
        required=False,
        error_messages={"invalid_choice": "Sort by best match or by newest cohort."},
    )
    exact = forms.BooleanField(
        required=False, help_text="Search for exactly what was typed, without correcting it."
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": "The page number must be a whole number, like 2.",
            "min_value": "The page number must be 1 or more.",
            "max_value": f"Only the first {MAX_PAGE} pages of results can be shown.",
        },
    )

    def __init__(self, data, labels: dict[str, dict[str, str]]):
        super().__init__(data)
        self.labels = labels
        self.ignored: list[str] = []

    def clean(self):
        cleaned = super().clean()
        filters = {}
        for name in FACET_NAMES:
            known = []
            for value in self.data.getlist(name):
                value = strip_control(value)[:120]
                valid = _is_year(value) if name == "year" else value in self.labels[name]
                if valid and value not in known:
                    known.append(value)
                elif not valid and value:
                    self.ignored.append(f"{FACET_LABELS[name]} “{value}”")
            if known:
                filters[name] = tuple(known)
        cleaned["filters"] = filters
        return cleaned

    def search_request(self) -> SearchRequest:
        data = self.cleaned_data
        return SearchRequest(
            text=data["q"],
            filters=data["filters"],
            sort=data["sort"] if data["sort"] in SORTS else "relevance",
            page=data["page"] or 1,
            per_page=PER_PAGE,
            correct=not data["exact"],
        )


ASK_MAX_LENGTH = 1000


class AskForm(forms.Form):
    """A question in the reader's own words (``q``), and, once the page has shown its reading,
    the reader's changes to it: with ``read`` set, the crime problems, strategies, settlement
    and state given here replace what was read from the words (an empty list removes them).
    A term or value the portal does not know is dropped and named, never an error."""

    q = QueryField(
        label="Ask a question about what worked",
        required=False,
        max_length=ASK_MAX_LENGTH,
        error_messages={
            "max_length": (
                f"Please shorten your question to {ASK_MAX_LENGTH} characters or fewer (it has "
                "%(show_value)d). One sentence naming the crime problem works best."
            )
        },
    )
    read = forms.BooleanField(required=False)
    population = forms.IntegerField(required=False, min_value=1, max_value=50_000_000)
    settlement = forms.CharField(required=False)
    state = forms.CharField(required=False)

    def __init__(self, data):
        super().__init__(data)
        self.ignored: list[str] = []

    def _known(self, name: str, model) -> list:
        slugs = [strip_control(v)[:120] for v in self.data.getlist(name)]
        terms = model.objects.in_bulk([s for s in slugs if s], field_name="slug")
        self.ignored += [f"“{slug}”" for slug in slugs if slug and slug not in terms]
        return [terms[s] for s in dict.fromkeys(slugs) if s in terms]

    def clean(self):
        cleaned = super().clean()
        if "population" in self.errors:
            self.ignored.append("a population that is not a whole number of residents")
            del self.errors["population"]
            cleaned["population"] = None
        cleaned["problems"] = self._known("problem", CrimeProblem)
        cleaned["strategies"] = self._known("strategy", Strategy)
        if cleaned.get("settlement") not in (*SettlementType.values, "", None):
            self.ignored.append(f"settlement “{strip_control(cleaned['settlement'])[:40]}”")
            cleaned["settlement"] = ""
        if cleaned.get("state") not in (*US_STATES, "", None):
            self.ignored.append(f"state “{strip_control(cleaned['state'])[:40]}”")
            cleaned["state"] = ""
        return cleaned
