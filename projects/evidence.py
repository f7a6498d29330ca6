"""Evidence summaries: how many SPI projects tried a strategy or took on a crime problem, and
what their headline outcomes show, counted by one written rule (``RULE``).

These are the portal's own counts of SPI projects, not a systematic review: they weigh no study
against another and read only the outcomes the portal records.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import Lower

from projects.models.projects import COMPARISON_DESIGN, Project, Result, project_result
from projects.vocabulary import YES

RULE = (
    "Each published SPI project counts once. It counts as a significant improvement when at "
    "least one of its headline outcomes improved and the change was statistically "
    "significant; otherwise as a significant worsening, then as no significant change when an "
    "outcome was tested, and as untested when no outcome was tested or none was reported. "
    "A comparison design is level 3 or higher on the Maryland Scientific Methods Scale: the "
    "result was compared with places or people that did not get the intervention."
)


# The summary's count of each result.
_RESULT_FIELDS = {
    Result.IMPROVEMENT: "improvement",
    Result.WORSENING: "worsening",
    Result.NO_CHANGE: "no_change",
    Result.UNTESTED: "untested",
}


@dataclass(frozen=True)
class EvidenceSummary:
    tried: int
    comparison: int
    improvement: int
    worsening: int
    no_change: int
    untested: int
    comparison_improvement: int

    @property
    def verdict(self) -> str:
        """One sentence, from the counts alone, by ``RULE``."""
        if not self.tried:
            return "No published SPI project yet."
        projects = "project" if self.tried == 1 else "projects"
        if not self.comparison:
            return f"Not yet evaluated with a comparison design in the {self.tried} SPI {projects}."
        if self.comparison == 1:
            found = "found" if self.comparison_improvement else "did not find"
            return (
                f"Evaluated with a comparison design in 1 of {self.tried} SPI {projects}, "
                f"which {found} a significant improvement."
            )
        return (
            f"Evaluated with a comparison design in {self.comparison} of {self.tried} SPI "
            f"{projects}; {self.comparison_improvement} of these found a significant improvement."
        )

    def counts(self) -> list[tuple[str, int, dict[str, str]]]:
        """(label, count, the list filters that show those projects), in reading order."""
        rows = [
            ("Tried it", self.tried, {}),
            ("Evaluated with a comparison design", self.comparison, {"comparison": YES}),
            (Result.IMPROVEMENT.label, self.improvement, {"result": Result.IMPROVEMENT}),
            (Result.NO_CHANGE.label, self.no_change, {"result": Result.NO_CHANGE}),
            (Result.WORSENING.label, self.worsening, {"result": Result.WORSENING}),
            ("Untested or no outcome reported", self.untested, {"result": Result.UNTESTED}),
        ]
        # A worsening is rare; its row appears only when a project found one.
        return [row for row in rows if row[2].get("result") != Result.WORSENING or row[1]]


def summarise(projects) -> EvidenceSummary:
    """The summary for ``projects`` (a queryset of published projects), in one query: the
    projects counted by result and by design, each project's result worked out once."""
    groups = (
        Project.objects.filter(pk__in=projects.values("pk"))
        .annotate(
            result=project_result(),
            comparison=ExpressionWrapper(COMPARISON_DESIGN, output_field=BooleanField()),
        )
        .values("result", "comparison")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = dict.fromkeys(["tried", "comparison", "comparison_improvement"], 0)
    totals |= dict.fromkeys(_RESULT_FIELDS.values(), 0)
    for group in groups:
        totals["tried"] += group["n"]
        totals[_RESULT_FIELDS[group["result"]]] += group["n"]
        if group["comparison"]:
            totals["comparison"] += group["n"]
            if group["result"] == Result.IMPROVEMENT:
                totals["comparison_improvement"] += group["n"]
    return EvidenceSummary(**totals)


def summarise_by_term(projects, terms, relation: str) -> list[tuple[object, EvidenceSummary]]:
    """The summary per term of ``terms`` (strategies or crime problems) among ``projects``, in
    one query: which strategies SPI projects used against a crime problem, and what they found.
    ``relation`` is the name of the terms' reverse relation to projects ("projects"). Terms
    no project in ``projects`` uses are left out; the most tried come first."""
    subsets = {
        "tried": projects,
        "comparison": projects.filter(COMPARISON_DESIGN),
        "improvement": projects.with_result(Result.IMPROVEMENT),
        "worsening": projects.with_result(Result.WORSENING),
        "no_change": projects.with_result(Result.NO_CHANGE),
        "untested": projects.with_result(Result.UNTESTED),
        "comparison_improvement": projects.filter(COMPARISON_DESIGN).with_result(
            Result.IMPROVEMENT
        ),
    }
    annotated = (
        terms.annotate(
            **{
                f"evidence_{name}": Count(
                    relation,
                    filter=Q(**{f"{relation}__in": subset.values("pk")}),
                    distinct=True,
                )
                for name, subset in subsets.items()
            }
        )
        .filter(evidence_tried__gt=0)
        .order_by("-evidence_improvement", "-evidence_tried", Lower("name"))
    )
    return [
        (term, EvidenceSummary(**{name: getattr(term, f"evidence_{name}") for name in subsets}))
        for term in annotated
    ]
