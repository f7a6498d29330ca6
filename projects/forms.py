"""Forms of the researchers' tools: each turns the address's query into domain values or says
in plain words what it cannot use."""

from django import forms

from projects.models import CrimeProblem, SettlementType, Strategy
from projects.states import CENSUS_REGIONS

COMPARE_MIN, COMPARE_MAX = 2, 4


class CompareForm(forms.Form):
    """Two to four published case studies, named by their addresses (``?p=slug&p=slug``)."""

    p = forms.ModelMultipleChoiceField(
        queryset=None,
        to_field_name="slug",
        label="Case studies to compare",
        error_messages={
            "invalid_choice": "There is no published case study at “%(value)s”.",
            "required": f"Choose {COMPARE_MIN} to {COMPARE_MAX} case studies to compare.",
        },
    )

    def __init__(self, data, *, projects):
        super().__init__(data)
        self.fields["p"].queryset = projects

    def clean_p(self):
        chosen = self.cleaned_data["p"]
        count = len({project.pk for project in chosen})
        if not COMPARE_MIN <= count <= COMPARE_MAX:
            raise forms.ValidationError(
                f"Choose {COMPARE_MIN} to {COMPARE_MAX} different case studies to compare; "
                f"you chose {count}."
            )
        # In the order the reader chose them, so a shared address shows the same columns.
        order = {slug: i for i, slug in enumerate(self.data.getlist("p"))}
        return sorted(chosen, key=lambda project: order[project.slug])


def _term_field(model, label: str, noun: str) -> forms.ModelChoiceField:
    """A strategy or crime problem, named in the address by its slug as every list names it."""
    return forms.ModelChoiceField(
        queryset=model.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        label=label,
        empty_label="Any",
        error_messages={"invalid_choice": f"There is no {noun} “%(value)s”."},
    )


class LikeMineForm(forms.Form):
    """The reader's question: a crime problem and optionally a strategy (named by slug, as
    every list names them: ``problem``, ``strategy``), and an agency's profile: a population
    (typed, or taken from a chosen agency), a settlement type and a region. It needs a problem,
    a strategy, a population or an agency to answer anything."""

    problem = _term_field(CrimeProblem, "Crime problem", "crime problem")
    strategy = _term_field(Strategy, "Strategy (optional)", "strategy")
    population = forms.IntegerField(
        required=False, min_value=1, max_value=50_000_000, label="Population served"
    )
    agency = forms.ModelChoiceField(
        queryset=None,
        required=False,
        to_field_name="slug",
        label="Or start from an SPI agency",
        empty_label="None chosen",
        error_messages={"invalid_choice": "There is no SPI agency at “%(value)s”."},
    )
    settlement = forms.ChoiceField(
        choices=[("", "Any"), *SettlementType.choices], required=False, label="Settlement type"
    )
    region = forms.ChoiceField(
        choices=[("", "Any"), *((name, name) for name in CENSUS_REGIONS)],
        required=False,
        label="Census region",
    )

    def __init__(self, data, *, agencies):
        super().__init__(data)
        self.fields["agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not any(cleaned.get(name) for name in ("problem", "strategy", "population", "agency")):
            raise forms.ValidationError(
                "Choose a crime problem, or enter a population, or choose an agency to start from."
            )
        return cleaned
