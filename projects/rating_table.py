"""Every project's rating as a small table, worked out once per content version and shared by
every page that counts or filters by rating: facet counts, evidence summaries, the matrix, the
rating rule's page.

Rating a project runs the rule of ``projects.ratings`` on its headline outcomes, which means
loading every project's outcomes: at ten thousand projects that is seconds, and a page that
counts ratings over a selection (a crime problem's page, the findings table's facets) would pay
it for every visitor the page cache has not seen, and every combination of filters is a page of
its own. The table holds, per project, what those counts read: its rating (with the reason and
the Maryland level it rests on, which the downloads write), its rating on each crime problem its
headline outcomes measure, whether its design has a comparison, and its non-crime headline
outcomes. A page then reads its selection's ids (one indexed query)
and counts from the table.

The table is kept under the content version (``editorial.kept``), which every committed change
to public content moves on, scheduled go-lives included: a change is seen by the next request,
as the page cache sees it.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from editorial.kept import kept
from projects.models import Outcome, Project
from projects.ratings import (
    OutcomeKind,
    Rating,
    measured_problems,
    outcome_kind,
    rate,
)


@dataclass(frozen=True)
class RatedRow:
    """One project as the counts read it."""

    rating: Rating
    why: str
    # The Maryland level the rating reads, and whether it has a comparison.
    level: int | None
    comparison: bool
    # The rating on each crime problem a headline outcome measures; on any other, not rated.
    on_problem: dict
    # Ids of headline outcomes of a non-crime kind, with the problems each measures.
    non_crime: tuple

    def rating_on(self, problem: str | None) -> Rating:
        if problem is None:
            return self.rating
        return self.on_problem.get(problem, Rating.NOT_RATED)

    @property
    def measures(self) -> set:
        return set(self.on_problem)


def _row(project: Project) -> RatedRow:
    problems = set().union(*(measured_problems(o) for o in project.headline_outcomes))
    rating = rate(project)
    return RatedRow(
        rating=rating.rating,
        why=rating.why,
        level=rating.strength.level,
        comparison=rating.strength.comparison,
        on_problem={slug: rate(project, problem=slug).rating for slug in sorted(problems)},
        non_crime=tuple(
            (outcome.pk, frozenset(measured_problems(outcome)))
            for outcome in project.headline_outcomes
            if outcome_kind(outcome) != OutcomeKind.CRIME
        ),
    )


# What the rule reads of a project and of its headline outcomes, and no more: reading every
# project is the table's whole cost.
PROJECT_READS = ("pk", "design", "design_planned", "sms_level", "study_design")
OUTCOME_READS = (
    "project", "measure", "category", "crime_problem__slug", "unit", "value", "direction",
    "significance", "is_headline", "order",
)  # fmt: skip


def build_table() -> dict[int, RatedRow]:
    """Every project's row (published or not: a rating does not depend on it), worked out
    afresh, in two queries."""
    headlines = (
        Outcome.objects.filter(is_headline=True)
        .select_related("crime_problem")
        .only(*OUTCOME_READS)
    )
    projects = (
        Project.objects.only(*PROJECT_READS)
        .order_by()
        .prefetch_related(Prefetch("outcomes", queryset=headlines, to_attr="headline_outcomes"))
    )
    return {project.pk: _row(project) for project in projects}


def table() -> dict[int, RatedRow]:
    """The rating table of the current content version (``editorial.kept``)."""
    return kept("rating-table", build_table)


def rows_of(projects) -> list[tuple[int, RatedRow]]:
    """(id, row) of each project of the queryset ``projects``, by id: one query for the ids."""
    rows = table()
    ids = projects.order_by().values_list("pk", flat=True)
    return [(pk, rows[pk]) for pk in sorted(ids)]


def ratings_of(projects, problem: str | None = None) -> dict[int, Rating]:
    """The rating of each project of ``projects`` (on ``problem``, a crime problem's slug,
    when given), by id."""
    return {pk: row.rating_on(problem) for pk, row in rows_of(projects)}


def with_rating(projects, rating: str, problem: str | None = None):
    """``projects`` narrowed to those rated ``rating`` (on ``problem`` when given)."""
    rated = ratings_of(projects, problem)
    return projects.filter(pk__in=[pk for pk, r in rated.items() if r == rating])


def with_comparison_design(projects):
    """``projects`` narrowed to those whose design, as the rating reads it, has a comparison."""
    return projects.filter(pk__in=[pk for pk, row in rows_of(projects) if row.comparison])


def non_crime_outcomes(
    rows: list[tuple[int, RatedRow]], problem: str, limit: int
) -> tuple[list[Outcome], int]:
    """The first ``limit`` non-crime headline outcomes of ``rows`` that do not measure
    ``problem``, in the projects' order, with their projects (one query); and how many there
    are in all."""
    wanted = [
        pk for _project, row in rows for pk, measures in row.non_crime if problem not in measures
    ]
    shown = wanted[:limit]
    found = Outcome.objects.filter(pk__in=shown).select_related("project__agency")
    return sorted(found, key=lambda o: (o.project_id, o.order, o.pk)), len(wanted)
