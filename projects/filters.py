"""The filters for browsing projects: every facet a reader can narrow the case studies by.

Filter names are short and stable because they live in shared links (``?state=PA&strategy=
hot-spots-policing&significant=yes``); they follow the portal's one vocabulary
(``projects.vocabulary``).
"""

from collections import Counter

import django_filters
from django import forms
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from projects.facets import FacetedFilterSet, QFacet, ValueFacet
from projects.models import (
    CrimeProblem,
    Design,
    ExternalRating,
    MatrixTarget,
    Proactivity,
    Project,
    SettlementType,
    Specificity,
    Strategy,
    Target,
)
from projects.models.agencies import PopulationBand
from projects.models.projects import SMS_LEVELS, has_significant_result
from projects.rating_table import ratings_of, rows_of, with_comparison_design, with_rating
from projects.ratings import Rating
from projects.states import STATE_CHOICES
from projects.vocabulary import YES


def population_condition(band: str) -> Q:
    low, high = PopulationBand.bounds(band)
    condition = Q(agency__population__isnull=False)
    if low is not None:
        condition &= Q(agency__population__gte=low)
    if high is not None:
        condition &= Q(agency__population__lt=high)
    return condition


# Agencies sort as readers read them, whatever their capitals.
AGENCY_NAME = Lower("agency__name")
SORTS = {
    "newest": ("-cohort_year", AGENCY_NAME),
    "oldest": ("cohort_year", AGENCY_NAME),
    "site": (AGENCY_NAME, "-cohort_year"),
    "state": ("agency__state", AGENCY_NAME, "-cohort_year"),
    # The strongest designs first; within a level, the largest significant improvement.
    "rigor": (
        F("sms_level").desc(nulls_last=True),
        F("best_improvement").desc(nulls_last=True),
        "-cohort_year",
        AGENCY_NAME,
    ),
}
SORT_CHOICES = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("site", "Site (A to Z)"),
    ("state", "State"),
    ("rigor", "Most rigorous design first"),
]


def taxonomy_filter(relation: str, model, label: str):
    """Filter by a strategy or crime problem, named in the address by its slug."""
    return django_filters.ModelChoiceFilter(
        field_name=relation, to_field_name="slug", queryset=model.objects.all(), label=label
    )


TAXONOMY_FACETS = {
    "strategy": ValueFacet("strategies__slug", label_path="strategies__name"),
    "problem": ValueFacet("crime_problems__slug", label_path="crime_problems__name"),
}


class RatingFacet:
    """Counts by the portal's rating, worked out by its one rule (``projects.ratings``) over
    the projects' rating table (``projects.rating_table``); rated on the chosen crime problem, as
    the filter is."""

    reads_filters = True

    def counts(self, queryset, filterset) -> list[tuple[str, str, int]]:
        rated = Counter(ratings_of(queryset, filterset.rated_problem()).values())
        return [(rating.value, rating.label, rated[rating]) for rating in Rating]


class ComparisonFacet:
    """How many projects have a comparison design as the rating reads it."""

    def counts(self, queryset) -> list[tuple[str, str, int]]:
        count = sum(row.comparison for _pk, row in rows_of(queryset))
        return [(YES, "Evaluated with a comparison design", count)]


def external_rating_key(clearinghouse: str, rating: str) -> str:
    return slugify(f"{clearinghouse} {rating}")


def external_rating_choices() -> list[tuple[str, str]]:
    """Every clearinghouse's rating given to a published project, as "CrimeSolutions:
    Effective"."""
    pairs = (
        ExternalRating.objects.filter(project__in=Project.objects.published())
        .values_list("clearinghouse", "rating")
        .distinct()
        .order_by("clearinghouse", "rating")
    )
    return [(external_rating_key(c, r), f"{c}: {r}") for c, r in pairs]


class StoredChoiceFilter(django_filters.Filter):
    """A choice among values read from the database when the form is built (other
    clearinghouses' ratings), so a value no record holds is reported, not silently empty."""

    field_class = forms.ChoiceField


class ExternalRatingFacet:
    """How many projects each other clearinghouse's rating was given to."""

    def counts(self, queryset) -> list[tuple[str, str, int]]:
        rows = (
            ExternalRating.objects.filter(project__in=queryset.values("pk"))
            .values("clearinghouse", "rating")
            .annotate(n=Count("project", distinct=True))
            .order_by("clearinghouse", "rating")
        )
        return [
            (external_rating_key(row["clearinghouse"], row["rating"]),
             f"{row['clearinghouse']}: {row['rating']}", row["n"])
            for row in rows
        ]  # fmt: skip


class ProjectFilter(FacetedFilterSet):
    state = django_filters.ChoiceFilter(
        field_name="agency__state", choices=STATE_CHOICES, label="State"
    )
    year = django_filters.NumberFilter(field_name="cohort_year", label="Cohort year")
    strategy = taxonomy_filter("strategies", Strategy, "Strategy")
    problem = django_filters.ModelChoiceFilter(
        to_field_name="slug",
        queryset=CrimeProblem.objects.all(),
        method="filter_problem",
        label="Crime problem",
    )
    target = django_filters.ChoiceFilter(choices=Target.choices, label="Target")
    # A design the sources describe only as planned is no study: never found by its design.
    design = django_filters.ChoiceFilter(
        choices=Design.choices, method="filter_design", label="Study design"
    )
    sms = django_filters.ChoiceFilter(
        field_name="sms_level", choices=SMS_LEVELS, label="Rigor (Maryland scale)"
    )
    population = django_filters.ChoiceFilter(
        choices=PopulationBand.choices, method="filter_population", label="Population served"
    )
    settlement = django_filters.ChoiceFilter(
        field_name="agency__settlement_type", choices=SettlementType.choices, label="Settlement"
    )
    # A choice, not a yes/no: "?significant=on" must be reported as unusable, not read as "no".
    significant = django_filters.ChoiceFilter(
        choices=[(YES, "Significant results only")],
        method="filter_significant",
        label="Significant results only",
    )
    # The evidence matrix's axes: a cell of the matrix links to its projects with these.
    matrix_target = django_filters.ChoiceFilter(choices=MatrixTarget.choices, label="Matrix target")
    specificity = django_filters.ChoiceFilter(choices=Specificity.choices, label="Specificity")
    proactivity = django_filters.ChoiceFilter(choices=Proactivity.choices, label="Proactivity")
    # With one crime problem chosen, the rating on that problem (as its page counts it).
    rating = django_filters.ChoiceFilter(
        choices=Rating.choices, method="filter_rating", label="Evidence rating"
    )
    external = StoredChoiceFilter(
        choices=external_rating_choices,
        method="filter_external",
        label="Other clearinghouses' ratings",
    )
    comparison = django_filters.ChoiceFilter(
        choices=[(YES, "Evaluated with a comparison design")],
        method="filter_comparison",
        label="Evaluated with a comparison design",
    )
    # Not a facet: the findings table opens on the projects that reported a result.
    outcomes = django_filters.ChoiceFilter(
        choices=[
            ("reported", "Outcomes reported"),
            ("none", "No outcome reported"),
            ("any", "All projects"),
        ],
        method="filter_outcomes",
        label="Outcomes",
    )
    # Not shown as a facet: lets a download link select one case study's data.
    project = django_filters.CharFilter(field_name="slug", label="Project")
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="sort_by", label="Sort by")

    ordering_filters = ("sort",)
    facets = {
        **TAXONOMY_FACETS,
        "state": ValueFacet("agency__state", choices=STATE_CHOICES),
        "year": ValueFacet("cohort_year", order="value-desc"),
        "target": ValueFacet("target", choices=Target.choices),
        "matrix_target": ValueFacet("matrix_target", choices=MatrixTarget.choices),
        "specificity": ValueFacet("specificity", choices=Specificity.choices),
        "proactivity": ValueFacet("proactivity", choices=Proactivity.choices),
        "design": QFacet({d.value: (d.label, Q(design=d, design_planned=False)) for d in Design}),
        "sms": ValueFacet("sms_level", choices=[(str(k), v) for k, v in SMS_LEVELS]),
        "population": QFacet(
            {band.value: (band.label, population_condition(band)) for band in PopulationBand}
        ),
        "settlement": ValueFacet("agency__settlement_type", choices=SettlementType.choices),
        "significant": QFacet({YES: ("At least one significant result", has_significant_result())}),
        "rating": RatingFacet(),
        "external": ExternalRatingFacet(),
        "comparison": ComparisonFacet(),
    }
    flag_facets = ("significant", "comparison")

    class Meta:
        model = Project
        fields = []

    def filter_population(self, queryset, name, value):
        return queryset.filter(population_condition(value))

    def filter_significant(self, queryset, name, value):
        return queryset.with_significant_results() if value else queryset

    def filter_design(self, queryset, name, value):
        return queryset.filter(design=value, design_planned=False) if value else queryset

    def rated_problem(self) -> str | None:
        problem = self.form.cleaned_data.get("problem")
        return problem.slug if problem else None

    def filter_rating(self, queryset, name, value):
        return with_rating(queryset, value, self.rated_problem()) if value else queryset

    def filter_external(self, queryset, name, value):
        if not value:
            return queryset
        pairs = ExternalRating.objects.values_list("clearinghouse", "rating").distinct()
        condition = Q(pk__in=[])
        for clearinghouse, rating in pairs:
            if external_rating_key(clearinghouse, rating) == value:
                condition |= Q(clearinghouse=clearinghouse, rating=rating)
        rated = ExternalRating.objects.filter(condition).values("project")
        return queryset.filter(pk__in=rated)

    def filter_comparison(self, queryset, name, value):
        return with_comparison_design(queryset) if value else queryset

    def filter_outcomes(self, queryset, name, value):
        if value in ("reported", "none"):
            return queryset.with_outcomes_reported(value == "reported")
        return queryset

    def filter_problem(self, queryset, name, value):
        return queryset.for_crime_problem(value) if value else queryset

    def sort_by(self, queryset, name, value):
        if value == "rigor":
            queryset = queryset.with_best_improvement()
        return queryset.complete_first(*SORTS[value])
