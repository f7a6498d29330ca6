"""The portal's own rating of the evidence: the one rule every page, download and API record
reads a project's verdict from (``rate``, ``rate_many``).

Each headline outcome is assessed by what it measures (a crime problem of the taxonomy, or a
non-crime kind such as complaints or cost), the strength of the project's design on the Maryland
Scientific Methods Scale as published (Sherman et al., 1997), whether it was tested for
significance, and which way it moved. The project's rating rests on the outcomes that measure a
problem it took on (a crime problem, or the clearance and complaints problems of the taxonomy),
and names them:

- **Evidence of effect**: a comparison design (level 3 or higher) and a significant improvement.
- **Mixed evidence**: a comparison design, a significant improvement, and another tested figure
  of the same problem that did not improve (one arm of an experiment worked, another did not).
- **Promising, not tested with a comparison**: an improvement that was significant but from a
  weaker, unknown or planned design, or that was not tested for significance at all.
- **No evidence of effect**: tested, and no significant improvement.
- **Not rated**: no outcome that measures a problem was tested or moved the hoped-for way.

A study that ran no test "did not test"; only a tested one ever "did not find". The words are the
portal's judgement, not a clearinghouse's; ``/evidence/`` publishes the rule.
"""

import re
from dataclasses import dataclass

from django.db import models

from projects.models import Design, Outcome, OutcomeCategory, Project, Significance
from projects.models.projects import (
    COMPARISON_LEVEL,
    CRIME_CATEGORIES,
    CRIME_PROBLEM_OUTCOMES,
    headline_outcomes_prefetch,
)

# Designs whose own name says there is no comparison group; such a design is level 2 at most
# unless the facts name a comparison group (an interrupted time series compared with other
# places is a level 3).
UNCOMPARED_DESIGNS = {Design.TIME_SERIES, Design.PRE_POST}
_COMPARISON_GROUP = re.compile(
    r"\b(?:comparison|control|matched)\s+(?:groups?|areas?|places?|sites?|neighbou?rhoods?"
    r"|precincts?|squads?|districts?|beats?|cities|city|hot\s*spots?|units?|series)\b",
    re.IGNORECASE,
)


class Rating(models.TextChoices):
    """The portal's verdict on a project, from the strongest to none."""

    EFFECT = "effect", "Evidence of effect"
    MIXED = "mixed", "Mixed evidence"
    PROMISING = "promising", "Promising but not tested with a comparison"
    NO_EFFECT = "no-effect", "No evidence of effect"
    NOT_RATED = "not-rated", "Not rated"


class OutcomeKind(models.TextChoices):
    """What an outcome measures: crime, or one of the non-crime kinds that are never read as
    a change in crime."""

    CRIME = "crime", "Crime"
    COMPLAINTS = "complaints", "Complaints and use of force"
    CLEARANCE = "clearance", "Clearance"
    COST = "cost", "Cost"
    OFFICER_ACTIVITY = "officer_activity", "Officer activity"
    PERCEPTION = "perception", "Community perception"
    PROCESS = "process", "Process"


KIND_OF_CATEGORY = {
    OutcomeCategory.CRIME: OutcomeKind.CRIME,
    OutcomeCategory.DISORDER: OutcomeKind.CRIME,
    OutcomeCategory.CLEARANCE: OutcomeKind.CLEARANCE,
    OutcomeCategory.COMPLAINTS_FORCE: OutcomeKind.COMPLAINTS,
    OutcomeCategory.COST_EFFICIENCY: OutcomeKind.COST,
    OutcomeCategory.OFFICER_ACTIVITY: OutcomeKind.OFFICER_ACTIVITY,
    OutcomeCategory.PERCEPTION: OutcomeKind.PERCEPTION,
    OutcomeCategory.IMPLEMENTATION: OutcomeKind.PROCESS,
}

# Which crime problem of the taxonomy a non-crime kind of figure measures (clearance, complaints).
PROBLEM_OF_CATEGORY = {category: slug for slug, category in CRIME_PROBLEM_OUTCOMES.items()}


def outcome_kind(outcome: Outcome) -> OutcomeKind:
    return KIND_OF_CATEGORY.get(outcome.category, OutcomeKind.PROCESS)


def measured_problems(outcome: Outcome) -> set[str]:
    """The slugs of the crime problems ``outcome`` measures (the database side is
    ``measures_problem``): its crime problem for a crime or disorder figure, the kind's own
    problem for a clearance or complaints figure, none otherwise. A clearance figure about
    homicide measures clearance, never homicide."""
    if outcome.category in CRIME_CATEGORIES:
        return {outcome.crime_problem.slug} if outcome.crime_problem_id else set()
    slug = PROBLEM_OF_CATEGORY.get(outcome.category)
    return {slug} if slug else set()


@dataclass(frozen=True)
class DesignStrength:
    """A project's design as the rating reads it: the Maryland level as published, lowered
    when the design cannot reach it, and none for a design that is only planned."""

    level: int | None
    recorded: int | None
    planned: bool
    reason: str = ""

    @property
    def comparison(self) -> bool:
        return self.level is not None and self.level >= COMPARISON_LEVEL

    @property
    def label(self) -> str:
        if self.planned:
            return "Planned, not carried out"
        if self.level is None:
            return "Design not rated"
        return f"Maryland level {self.level} of 5"


def names_comparison_group(text: str) -> bool:
    return bool(_COMPARISON_GROUP.search(text or ""))


def design_strength(project: Project) -> DesignStrength:
    """The level the rating uses. Where the facts do not say whether a time series or a
    before-and-after study had a comparison group, the weaker reading: none, so level 2."""
    recorded = project.sms_level
    if project.design_planned:
        return DesignStrength(None, recorded, True, "The sources describe the design as planned.")
    if (
        project.design in UNCOMPARED_DESIGNS
        and recorded is not None
        and recorded >= COMPARISON_LEVEL
        and not names_comparison_group(project.study_design)
    ):
        return DesignStrength(
            2,
            recorded,
            False,
            f"{project.get_design_display()} with no comparison group named in the sources: "
            "level 2 on the Maryland scale as published, not level "
            f"{recorded}.",
        )
    return DesignStrength(recorded, recorded, False)


@dataclass(frozen=True)
class OutcomeAssessment:
    """One headline outcome as the rating reads it."""

    outcome: Outcome
    kind: OutcomeKind
    problems: frozenset
    tested: bool
    significant: bool
    improved: bool
    hoped_for: bool

    @property
    def describe(self) -> str:
        """How the rating names the outcome: "robbery (-19%, significant improvement)"."""
        outcome = self.outcome
        value = ""
        if outcome.value is not None:
            value = f"{outcome.display_value}, "
        elif outcome.direction:  # a change reported without a figure: its direction
            value = f"{outcome.display_value.lower()}, "
        if not self.tested:
            effect = "not tested"
        elif self.improved:
            effect = "significant improvement"
        elif outcome.effect == "worsening":
            effect = "significant worsening"
        else:
            effect = "no significant change"
        return f"{outcome.measure} ({value}{effect})"


def assess(outcome: Outcome) -> OutcomeAssessment:
    tested = outcome.significance != Significance.NOT_TESTED
    return OutcomeAssessment(
        outcome=outcome,
        kind=outcome_kind(outcome),
        problems=frozenset(measured_problems(outcome)),
        tested=tested,
        significant=outcome.significance == Significance.SIGNIFICANT,
        improved=outcome.effect == "improvement",
        hoped_for=outcome.hoped_for,
    )


@dataclass(frozen=True)
class ProjectRating:
    rating: Rating
    why: str
    strength: DesignStrength
    rests_on: tuple

    @property
    def label(self) -> str:
        return self.rating.label

    @property
    def value(self) -> str:
        return self.rating.value

    def __str__(self):
        return self.label


def _list(assessments) -> str:
    return "; ".join(a.describe for a in assessments)


def _design_words(strength: DesignStrength, design_label: str) -> str:
    design = design_label.lower() if design_label else "design not described"
    if strength.level is None:
        return f"{design}, not rated on the Maryland scale"
    return f"{design}, Maryland level {strength.level}"


def rate(project: Project, outcomes=None, problem: str | None = None) -> ProjectRating:
    """The rating of ``project`` from its headline ``outcomes`` (``headline_outcomes`` from
    ``with_cards()`` when not given). With ``problem`` (a crime problem's slug), the rating on
    that problem alone: only outcomes that measure it count."""
    if outcomes is None:
        outcomes = getattr(project, "headline_outcomes", None)
        if outcomes is None:
            outcomes = project.outcomes.filter(is_headline=True).select_related("crime_problem")
    strength = design_strength(project)
    assessments = [assess(o) for o in outcomes if o.is_headline]
    if problem is None:
        targets = [a for a in assessments if a.problems]
    else:
        targets = [a for a in assessments if problem in a.problems]
    design = _design_words(strength, project.get_design_display())

    def result(rating, why, rests_on):
        return ProjectRating(rating, why, strength, tuple(rests_on))

    tested = [a for a in targets if a.tested]
    improved = [a for a in tested if a.improved]
    if improved and strength.comparison:
        improved_problems = set().union(*(a.problems for a in improved))
        contrary = [a for a in tested if not a.improved and a.problems & improved_problems]
        if contrary:
            return result(
                Rating.MIXED,
                f"A comparison design ({design}) found: {_list(improved)}; but in the same "
                f"problem: {_list(contrary)}.",
                improved + contrary,
            )
        return result(
            Rating.EFFECT, f"A comparison design ({design}) found: {_list(improved)}.", improved
        )
    if improved:
        return result(
            Rating.PROMISING,
            f"Improved in a design without a comparison ({design}): {_list(improved)}.",
            improved,
        )
    if tested:
        return result(
            Rating.NO_EFFECT,
            f"Tested ({design}) and found no significant improvement: {_list(tested)}.",
            tested,
        )
    hoped = [a for a in targets if a.hoped_for]
    if hoped:
        return result(
            Rating.PROMISING,
            f"Moved the hoped-for way but was not tested for significance ({design}): "
            f"{_list(hoped)}.",
            hoped,
        )
    if strength.planned:
        planned = project.get_design_display().lower() or "evaluation"
        why = f"The {planned} is described only as planned; no results are reported."
    elif targets:
        why = f"No result was tested or moved the hoped-for way: {_list(targets)}."
    elif assessments:
        kinds = sorted({a.kind.label.lower() for a in assessments})
        why = f"No outcome measures a crime problem (only {', '.join(kinds)})."
    else:
        why = "No outcome reported in the sources."
    return result(Rating.NOT_RATED, why, targets)


# The project fields ``rate`` reads, and what a summary names a project by.
RATED_FIELDS = ("pk", "design", "design_planned", "sms_level", "study_design", "slug")
NAMED_BY = ("cohort_year", "agency__name", "agency__city", "agency__state")


def rated_projects(projects) -> list[Project]:
    """The projects of the queryset ``projects`` with what ``rate`` reads of them, in two
    queries whatever their number."""
    rows = Project.objects.filter(pk__in=projects.values("pk")).select_related("agency")
    rows = rows.only(*RATED_FIELDS, *NAMED_BY).order_by("pk")
    return list(rows.prefetch_related(headline_outcomes_prefetch()))


def rate_many(projects, problem: str | None = None) -> dict[int, ProjectRating]:
    """The rating of every project of the queryset ``projects`` (on ``problem`` when given),
    by id, in two queries (the rule runs in Python, once per project)."""
    return {project.pk: rate(project, problem=problem) for project in rated_projects(projects)}


# Another clearinghouse's words read on the portal's scale, the first that matches: "No
# Effects" and "Ineffective" before "Effective".
_EXTERNAL_WORDS = (
    (
        re.compile(r"\bno\b.*\beffects?\b|\bineffective\b|\bnegative\b|\bbackfire", re.I),
        Rating.NO_EFFECT,
    ),
    (re.compile(r"\bmixed\b", re.I), Rating.MIXED),
    (re.compile(r"\bpromising\b", re.I), Rating.PROMISING),
    (re.compile(r"\beffective\b", re.I), Rating.EFFECT),
)


def external_reading(words: str) -> Rating | None:
    """The portal's rating nearest to another clearinghouse's ``words``; None when they name
    none of them."""
    return next((rating for pattern, rating in _EXTERNAL_WORDS if pattern.search(words)), None)


@dataclass(frozen=True)
class ExternalComparison:
    """An external rating beside the portal's, with where they differ said plainly."""

    external: object
    agrees: bool
    statement: str


def compare_external(rating: ProjectRating, external) -> ExternalComparison:
    theirs = external_reading(external.rating)
    covers = f" Their rating covers {external.covers}." if external.covers else ""
    if theirs is None:
        return ExternalComparison(
            external,
            False,
            f"{external.clearinghouse}'s “{external.rating}” has no match on the portal's "
            f"scale; the portal rates the project {rating.label.lower()}.{covers}",
        )
    if theirs == rating.rating:
        return ExternalComparison(
            external, True, f"Agrees with the portal's rating ({rating.label.lower()}).{covers}"
        )
    return ExternalComparison(
        external,
        False,
        f"Disagrees: {external.clearinghouse} says “{external.rating}”, where the portal "
        f"rates the project {rating.label.lower()}.{covers}",
    )
