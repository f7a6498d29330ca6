"""Faceted browsing: each filter shows how many records each of its values would give, given
every *other* filter the reader has chosen. The list pages count with django-filter (below);
search counts in its engine; both hand the page the same ``FacetGroup``.

Counting one facet takes one aggregate query however many records or values there are, so a
list page's query count depends on the number of facets, never on the data.
"""

from dataclasses import dataclass

import django_filters
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    # The page's query with this value switched on (or off, when selected), for
    # ``{% querystring option.query %}``.
    query: QueryDict


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[Option]
    is_flag: bool = False

    @property
    def selected(self) -> Option | None:
        return next((o for o in self.options if o.selected), None)


def toggled(
    params: QueryDict, name: str, value: str, *, selected: bool, several: bool
) -> QueryDict:
    """``params`` with one facet value switched: off when selected, otherwise on (beside the
    values already chosen when the facet takes ``several``, instead of them otherwise), and
    back on page 1, since the results change."""
    query = params.copy()
    query.pop("page", None)
    values = query.pop(name, [])
    if selected:
        values = [v for v in values if v != value] if several else []
    else:
        values = [*values, value] if several else [value]
    if values:
        query.setlist(name, values)
    return query


class ValueFacet:
    """Counts by the values of one field (``agency__state``, ``strategies__slug``), labelled by
    the field's choices or by a second field (``strategies__name``); or by the values of an
    ``expression`` worked out per record (a project's result), annotated as ``path``."""

    def __init__(
        self, path: str, *, choices=None, label_path: str | None = None, order=None, expression=None
    ):
        self.path = path
        self.choices = dict(choices) if choices is not None else None
        self.label_path = label_path
        self.order = order  # "value-desc" for years, newest first; labels otherwise
        self.expression = expression

    def counts(self, queryset: QuerySet) -> list[tuple[str, str, int]]:
        if self.expression is not None:
            queryset = queryset.annotate(**{self.path: self.expression})
        fields = [self.path] + ([self.label_path] if self.label_path else [])
        rows = queryset.values(*fields).annotate(n=Count("pk", distinct=True)).order_by()
        found = []
        for row in rows:
            value = row[self.path]
            if value in (None, ""):
                continue  # records without a value are simply not counted under any option
            if self.label_path:
                label = row[self.label_path]
            elif self.choices is not None:
                label = self.choices.get(value, str(value))
            else:
                label = str(value)
            found.append((str(value), str(label), row["n"]))
        if self.order == "value-desc":
            found.sort(key=lambda item: item[0], reverse=True)
        elif self.choices is not None:
            rank = {str(key): i for i, key in enumerate(self.choices)}
            found.sort(key=lambda item: rank.get(item[0], len(rank)))
        else:
            found.sort(key=lambda item: item[1].casefold())
        return found


class QFacet:
    """Counts for values that are conditions rather than stored values (a population band,
    "significant results only", an audience in a JSON list): one conditional count each, all
    in a single query."""

    def __init__(self, conditions: dict[str, tuple[str, Q]]):
        self.conditions = conditions

    def counts(self, queryset: QuerySet) -> list[tuple[str, str, int]]:
        totals = queryset.aggregate(
            **{
                f"c{i}": Count("pk", filter=condition, distinct=True)
                for i, (_, condition) in enumerate(self.conditions.values())
            }
        )
        return [
            (value, label, totals[f"c{i}"])
            for i, (value, (label, _)) in enumerate(self.conditions.items())
        ]


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose ``facets`` maps a filter name to a ValueFacet or QFacet. Flags (shown as
    one checkbox) are listed in ``flag_facets``."""

    facets: dict = {}
    flag_facets: tuple[str, ...] = ()
    # Filters that only put the results in order: a count leaves them out (a sort by the best
    # result would otherwise work out each record's best result inside every count).
    ordering_filters: tuple[str, ...] = ()

    def _without(self, name: str) -> QuerySet:
        """The results with every chosen filter but ``name``, reusing the validated values (no
        second round of validation queries), in no order."""
        queryset = self.queryset.all()
        for other, value in self.form.cleaned_data.items():
            if other != name and other not in self.ordering_filters:
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    def facet_groups(self, params: QueryDict) -> list[FacetGroup]:
        """The facets with their counts; ``params`` is the page's own query, which each
        option's link changes."""
        self.errors  # noqa: B018 - cleaned_data exists only after validation
        cleaned = self.form.cleaned_data
        groups = []
        for name, facet in self.facets.items():
            current = cleaned.get(name)
            current = getattr(current, "slug", current)
            chosen = "" if current in (None, "") else str(current).lower()
            options = []
            # A facet that counts by the other filters' meaning (a rating on the chosen crime
            # problem) is handed the filter set.
            others = self._without(name)
            found = (
                facet.counts(others, self)
                if getattr(facet, "reads_filters", False)
                else facet.counts(others)
            )
            for value, label, count in found:
                selected = value.lower() == chosen
                if count or selected:
                    query = toggled(params, name, value, selected=selected, several=False)
                    options.append(Option(value, label, count, selected, query))
            label = self.filters[name].label or name
            groups.append(FacetGroup(name, label, options, is_flag=name in self.flag_facets))
        return groups

    def error_messages(self) -> list[str]:
        """Plain sentences for values that made no sense; those filters are left out."""
        messages = []
        for name, errors in self.errors.items():
            label = self.filters[name].label if name in self.filters else name
            raw = self.data.get(name, "")
            for error in errors:
                messages.append(f"{label} “{raw}” was ignored: {error}")
        return messages
