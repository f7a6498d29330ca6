"""Evidence summaries: how many SPI projects tried a strategy or took on a crime problem, and how
the portal rates what they found (``projects.ratings``), counted by one written rule (``RULE``).

A strategy page counts each project's rating. A crime-problem page counts each project's rating
on that problem: only the outcomes that measure it count, so a complaints result is never an
improvement against domestic violence; the non-crime results of its projects are listed apart.

These are the portal's own counts of SPI projects, not a systematic review: they weigh no study
against another and read only the outcomes the portal records.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from projects.models import CrimeProblem, Project
from projects.rating_table import RatedRow, non_crime_outcomes, rows_of
from projects.ratings import OutcomeKind, Rating, outcome_kind
from projects.vocabulary import YES

RULE = (
    "Each published SPI project counts once, under the portal's rating of its evidence (see "
    "“How the portal rates evidence”). On a crime problem's page a project is rated on that "
    "problem alone: only its outcomes that measure the problem count, and results of another "
    "kind (complaints, clearance, cost, officers' activity, perception, process) are listed "
    "apart, never as a change in crime. A comparison design is level 3 or higher on the "
    "Maryland Scientific Methods Scale as published: the result was compared with places or "
    "people that did not get the intervention. A design the sources describe only as planned "
    "counts as no design."
)

# A crime problem's page lists this many of its projects' non-crime results, so it stays the same
# size however many projects SPI adds; the outcomes download of the same projects holds them all.
NON_CRIME_SHOWN = 12

# How the verdict words each rating among the projects evaluated with a comparison design;
# only a tested result "found no significant improvement".
_COMPARED_WORDS = {
    Rating.EFFECT: "found evidence of effect{on}",
    Rating.MIXED: "found mixed evidence{on}",
    Rating.NO_EFFECT: "tested and found no significant improvement{on}",
    Rating.PROMISING: "reported an improvement{on} that was not tested for significance",
    Rating.NOT_RATED: "reported no tested or improving result{on}",
}


@dataclass(frozen=True)
class NonCrimeResult:
    """A result of a project under a crime problem that measures something other than crime."""

    project: Project
    outcome: object
    kind: OutcomeKind


@dataclass(frozen=True)
class EvidenceSummary:
    tried: int
    comparison: int
    ratings: dict = field(default_factory=dict)  # Rating -> projects so rated
    compared_ratings: dict = field(default_factory=dict)  # the same, among the compared
    problem_name: str = ""  # the crime problem rated on, on its page
    non_crime: tuple = ()  # the first NON_CRIME_SHOWN of them
    non_crime_total: int = 0

    def count(self, rating: Rating) -> int:
        return self.ratings.get(rating, 0)

    @property
    def effect(self) -> int:
        return self.count(Rating.EFFECT)

    @property
    def verdict(self) -> str:
        """One sentence, from the counts alone, by ``RULE``."""
        if not self.tried:
            return "No published SPI project yet."
        on = f" on {self.problem_name.lower()}" if self.problem_name else ""
        projects = "1 SPI project" if self.tried == 1 else f"{self.tried} SPI projects"
        if not self.comparison:
            subject = "The" if self.tried == 1 else "None of the"
            verb = "was not" if self.tried == 1 else "was"
            return (
                f"{subject} {projects} {verb} evaluated with a comparison design, so none "
                f"shows evidence of effect{on}."
            )
        parts = [
            f"{n} {_COMPARED_WORDS[rating].format(on=on)}"
            for rating in Rating
            if (n := self.compared_ratings.get(rating, 0))
        ]
        compared = f"{self.comparison} of the {projects}"
        if self.comparison == self.tried:
            compared = "The 1 SPI project" if self.tried == 1 else f"All {projects}"
        verb = "was" if self.comparison == 1 else "were"
        return f"{compared} {verb} evaluated with a comparison design: {'; '.join(parts)}."

    def counts(self) -> list[tuple[str, int, dict[str, str]]]:
        """(label, count, the list filters that show exactly those projects), in reading
        order."""
        rows = [
            ("Tried it", self.tried, {}),
            ("Evaluated with a comparison design", self.comparison, {"comparison": YES}),
        ]
        return rows + [
            (rating.label, self.count(rating), {"rating": rating.value}) for rating in Rating
        ]


def _summary(
    rows: list[tuple[int, RatedRow]], problem: CrimeProblem | None, list_non_crime: bool = True
) -> EvidenceSummary:
    slug = problem.slug if problem else None
    ratings = [row.rating_on(slug) for _pk, row in rows]
    compared = [row.rating_on(slug) for _pk, row in rows if row.comparison]
    non_crime, non_crime_total = (), 0
    if problem is not None and list_non_crime:
        outcomes, non_crime_total = non_crime_outcomes(rows, slug, NON_CRIME_SHOWN)
        non_crime = tuple(
            NonCrimeResult(outcome.project, outcome, outcome_kind(outcome)) for outcome in outcomes
        )
    return EvidenceSummary(
        tried=len(ratings),
        comparison=len(compared),
        ratings=dict(Counter(ratings)),
        compared_ratings=dict(Counter(compared)),
        problem_name=problem.name if problem else "",
        non_crime=non_crime,
        non_crime_total=non_crime_total,
    )


def summarise(projects, problem: CrimeProblem | None = None) -> EvidenceSummary:
    """The summary for ``projects`` (a queryset of published projects), rated on ``problem``
    when given, from the rating table (``projects.rating_table``)."""
    return _summary(rows_of(projects), problem)


def summarise_by_term(
    projects, terms, relation: str, problem: CrimeProblem | None = None
) -> list[tuple[object, EvidenceSummary]]:
    """The summary per term of ``terms`` (strategies or crime problems, ``relation`` naming
    the project field that links them) among ``projects``: which strategies SPI projects used
    against a crime problem, and how they are rated. Projects are rated on ``problem`` when
    given, else on each crime problem of the breakdown, and listed under a crime problem as the
    case-study list's ``problem`` filter lists them (filed under it, or measuring it). Terms no
    project uses are left out; the most with evidence of effect come first. A breakdown row
    counts, so its summary lists no non-crime results. Three queries and the rating table's."""
    loaded = dict(rows_of(projects))
    field = Project._meta.get_field(relation)
    target = field.m2m_reverse_field_name()
    members: dict[int, set[int]] = {}
    for project_id, term_id in field.remote_field.through.objects.filter(
        project__in=projects.order_by().values("pk")
    ).values_list("project", target):
        members.setdefault(term_id, set()).add(project_id)
    term_list = list(terms.order_by(Lower("name")))
    by_problem = field.related_model is CrimeProblem
    if by_problem:
        slugs = {term.slug: term.pk for term in term_list}
        for pk, row in loaded.items():
            for slug in row.measures & slugs.keys():
                members.setdefault(slugs[slug], set()).add(pk)
    rows = []
    for term in term_list:
        chosen = [(pk, loaded[pk]) for pk in sorted(members.get(term.pk, ())) if pk in loaded]
        if chosen:
            summary = _summary(chosen, term if by_problem else problem, list_non_crime=False)
            rows.append((term, summary))
    rows.sort(key=lambda row: (-row[1].effect, -row[1].tried))
    return rows
