"""The filters for browsing projects: every facet a reader can narrow the case studies by.

Filter names are short and stable because they live in shared links (``?state=PA&strategy=
hot-spots-policing&significant=yes``); they follow the portal's one vocabulary
(``projects.vocabulary``).
"""

import django_filters
from django.db.models import F, Q
from django.db.models.functions import Lower

from projects.facets import FacetedFilterSet, QFacet, ValueFacet
from projects.models import (
    CrimeProblem,
    Design,
    MatrixTarget,
    Proactivity,
    Project,
    SettlementType,
    Specificity,
    Strategy,
    Target,
)
from projects.models.agencies import PopulationBand
from projects.models.projects import (
    COMPARISON_DESIGN,
    SMS_LEVELS,
    Result,
    has_significant_result,
    project_result,
)
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
    design = django_filters.ChoiceFilter(choices=Design.choices, label="Study design")
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
    result = django_filters.ChoiceFilter(
        choices=Result.choices, method="filter_result", label="What the outcomes show"
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

    facets = {
        **TAXONOMY_FACETS,
        "state": ValueFacet("agency__state", choices=STATE_CHOICES),
        "year": ValueFacet("cohort_year", order="value-desc"),
        "target": ValueFacet("target", choices=Target.choices),
        "matrix_target": ValueFacet("matrix_target", choices=MatrixTarget.choices),
        "specificity": ValueFacet("specificity", choices=Specificity.choices),
        "proactivity": ValueFacet("proactivity", choices=Proactivity.choices),
        "design": ValueFacet("design", choices=Design.choices),
        "sms": ValueFacet("sms_level", choices=[(str(k), v) for k, v in SMS_LEVELS]),
        "population": QFacet(
            {band.value: (band.label, population_condition(band)) for band in PopulationBand}
        ),
        "settlement": ValueFacet("agency__settlement_type", choices=SettlementType.choices),
        "significant": QFacet({YES: ("At least one significant result", has_significant_result())}),
        "result": ValueFacet(
            "evidence_result", choices=Result.choices, expression=project_result()
        ),
        "comparison": QFacet({YES: ("Evaluated with a comparison design", COMPARISON_DESIGN)}),
    }
    flag_facets = ("significant", "comparison")

    class Meta:
        model = Project
        fields = []

    def filter_population(self, queryset, name, value):
        return queryset.filter(population_condition(value))

    def filter_significant(self, queryset, name, value):
        return queryset.with_significant_results() if value else queryset

    def filter_result(self, queryset, name, value):
        return queryset.with_result(value) if value else queryset

    def filter_comparison(self, queryset, name, value):
        return queryset.filter(COMPARISON_DESIGN) if value else queryset

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
