"""Filters for the lessons learned: by core practice, audience, strategy and crime problem."""

import django_filters
from django.db.models import Q

from lessons.models import Audience, CorePractice, Lesson
from projects.facets import FacetedFilterSet, QFacet, ValueFacet
from projects.filters import TAXONOMY_FACETS, taxonomy_filter
from projects.models import CrimeProblem, Strategy


def audience_condition(audience: str) -> Q:
    # Same test as LessonQuerySet.for_audience, as a condition a count can use.
    return Q(audiences__icontains=f'"{audience}"')


class LessonFilter(FacetedFilterSet):
    practice = django_filters.ModelChoiceFilter(
        field_name="core_practice",
        to_field_name="slug",
        queryset=CorePractice.objects.all(),
        label="Core practice",
    )
    audience = django_filters.ChoiceFilter(
        choices=Audience.choices, method="filter_audience", label="Audience"
    )
    strategy = taxonomy_filter("strategies", Strategy, "Strategy")
    problem = taxonomy_filter("crime_problems", CrimeProblem, "Crime problem")

    facets = {
        "practice": ValueFacet("core_practice__slug", label_path="core_practice__name"),
        "audience": QFacet({a.value: (a.label, audience_condition(a)) for a in Audience}),
        **TAXONOMY_FACETS,
    }

    class Meta:
        model = Lesson
        fields = []

    def filter_audience(self, queryset, name, value):
        return queryset.for_audience(value)
