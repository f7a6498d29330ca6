"""Agencies like mine: what SPI agencies like the reader's found against the reader's crime
problem, ranked by how close they are, with the plain answer first.

The reader may name a crime problem (``problem``, as every list names it) and a strategy
(``strategy``); the candidates are then exactly the projects the case-study list shows for those
filters: projects that took on that problem, with that strategy. They are ranked by:

- the problem: a project with an outcome that measures the problem (as the rating reads what an
  outcome measures) comes before one that only lists it;
- size: how many times larger or smaller the jurisdiction's population was at the award (the
  project's own figure; the agency's current one where the award's is not known, and it says
  so). Within 2x counts as "your size"; the distance is the base-2 logarithm of the ratio, so
  2x costs 1, 4x costs 2, and an unknown population costs as much as 8x;
- settlement type, when the reader gives one: a different or unknown type costs 1;
- Census region, when the reader gives one: another region costs 1.

The answer is one sentence about agencies, not projects (an agency with two awards counts
once): of the agencies the reader's size that took on the problem, how many tested their
strategy with a comparison design: a completed design at Maryland level 3 or higher as the
rating reads it (``projects.strength``), with an outcome that measures the problem. A planned
design, a time series with no comparison group, or a comparison study that measured another
thing (homicide clearance, not homicide) does not count. Each agency that did is named with the
rating of its project on that problem.
"""

import math
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma

from projects import ratings
from projects.models import SettlementType
from projects.states import REGION_OF_STATE
from projects.strength import strength_of

UNKNOWN_SIZE_DISTANCE = 3  # as far as a jurisdiction 8x larger or smaller
SIMILAR_RATIO = 2
UNMEASURED_PROBLEM_DISTANCE = 100  # after every project that measured the problem


@dataclass
class Profile:
    """What the reader told us about their agency and what it is up against."""

    population: int | None
    settlement: str = ""
    region: str = ""
    agency: object = None  # the SPI agency they started from, left out of the results
    problem: object = None  # a CrimeProblem
    strategy: object = None  # a Strategy

    @classmethod
    def from_form(cls, cleaned: dict) -> "Profile":
        """Typed values win; a chosen agency fills in what was left empty."""
        agency = cleaned.get("agency")
        population, settlement, region = (
            cleaned.get("population"),
            cleaned.get("settlement", ""),
            cleaned.get("region", ""),
        )
        if agency is not None:
            population = population or agency.population
            settlement = settlement or agency.settlement_type
            region = region or REGION_OF_STATE.get(agency.state, "")
        return cls(
            population,
            settlement,
            region,
            agency,
            cleaned.get("problem"),
            cleaned.get("strategy"),
        )


@dataclass
class Match:
    project: object
    distance: float
    reasons: list[str] = field(default_factory=list)
    similar_size: bool = False

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)


def jurisdiction_settlement(project) -> str:
    return project.settlement_type or project.agency.settlement_type


def measures(project, problem) -> bool:
    """Whether a headline outcome of ``project`` (from ``with_cards()``) measures ``problem``."""
    return any(problem.slug in ratings.measured_problems(o) for o in project.headline_outcomes)


def tested_with_comparison(project, problem=None) -> bool:
    """A completed comparison design that measured ``problem`` (when given): a comparison study
    of something else tested nothing about it."""
    if not strength_of(project).is_comparison:
        return False
    return problem is None or measures(project, problem)


def _problem(profile: Profile, project) -> tuple[float, str]:
    if profile.problem is None:
        return 0, ""
    name = profile.problem.name_in_sentence
    if measures(project, profile.problem):
        return 0, f"measured {name}"
    return UNMEASURED_PROBLEM_DISTANCE, f"took on {name}, no outcome measures it"


def _size(profile: Profile, project) -> tuple[float, str]:
    if not profile.population:
        return 0, ""
    population, which = project.jurisdiction_population
    if not population:
        return UNKNOWN_SIZE_DISTANCE, "population not known"
    ratio = max(population, profile.population) / min(population, profile.population)
    served = f"{intcomma(population)} residents, {which}"
    if ratio <= SIMILAR_RATIO:
        return math.log2(ratio), f"similar size (within {SIMILAR_RATIO}x: {served})"
    side = "larger" if population > profile.population else "smaller"
    return math.log2(ratio), f"about {ratio:.0f}x {side} ({served})"


def _settlement(profile: Profile, project) -> tuple[float, str]:
    if not profile.settlement:
        return 0, ""
    theirs = jurisdiction_settlement(project)
    if not theirs:
        return 1, "settlement type not known"
    label = SettlementType(theirs).label.lower()
    if theirs == profile.settlement:
        return 0, f"same settlement type ({label})"
    return 1, f"different settlement type ({label})"


def _region(profile: Profile, project) -> tuple[float, str]:
    if not profile.region:
        return 0, ""
    theirs = REGION_OF_STATE.get(project.agency.state)
    if theirs == profile.region:
        return 0, f"same region ({theirs})"
    return 1, f"other region ({theirs or 'outside the four Census regions'})"


def is_similar_size(profile: Profile, project) -> bool:
    population, _which = project.jurisdiction_population
    if not profile.population or not population:
        return False
    return max(population, profile.population) / min(population, profile.population) <= (
        SIMILAR_RATIO
    )


def rank(profile: Profile, projects) -> list[Match]:
    """Every project of ``projects`` (from ``with_cards()``) but the reader's own agency's,
    nearest first (ties: newest first)."""
    matches = []
    for project in projects:
        if profile.agency is not None and project.agency_id == profile.agency.pk:
            continue
        parts = [part(profile, project) for part in (_problem, _size, _settlement, _region)]
        matches.append(
            Match(
                project,
                round(sum(distance for distance, _ in parts), 3),
                [reason for _, reason in parts if reason],
                is_similar_size(profile, project),
            )
        )
    matches.sort(key=lambda m: (m.distance, -(m.project.cohort_year or 0), m.project.agency.name))
    return matches


def _scope(profile: Profile) -> str:
    """ "took on gun violence with focused deterrence", or "" with neither given."""
    problem, strategy = profile.problem, profile.strategy
    if problem is not None and strategy is not None:
        return f"took on {problem.name_in_sentence} with {strategy.name_in_sentence}"
    if problem is not None:
        return f"took on {problem.name_in_sentence}"
    if strategy is not None:
        return f"used {strategy.name_in_sentence}"
    return ""


def _agencies(matches: list[Match]) -> dict[int, list[Match]]:
    by_agency: dict[int, list[Match]] = {}
    for match in matches:
        by_agency.setdefault(match.project.agency_id, []).append(match)
    return by_agency


def _named(agency_matches: list[Match], profile: Profile) -> str:
    """ "Boston (MA), 2009: evidence of effect", from the agency's compared projects."""
    slug = profile.problem.slug if profile.problem is not None else None
    compared = [m for m in agency_matches if tested_with_comparison(m.project, profile.problem)]
    parts = []
    for match in compared:
        verdict = ratings.rate(match.project, problem=slug).label.lower()
        parts.append(f"{match.project.agency.place}, {match.project.cohort_label}: {verdict}")
    return "; ".join(parts)


def answer(profile: Profile, matches: list[Match]) -> str:
    """The one sentence that answers the reader's question, from every ranked match (not just
    those shown)."""
    phrase = _scope(profile)
    if not matches:
        return f"No published SPI project {phrase or 'to compare with'} yet."
    scope = f" that {phrase}" if phrase else ""
    sized = bool(profile.population)
    pool = [m for m in matches if m.similar_size] if sized else matches
    who = "agencies your size" if sized else "SPI agencies"
    if not pool:
        total = len(_agencies(matches))
        agencies = "agency" if total == 1 else "agencies"
        return (
            f"None of the {total} SPI {agencies}{scope} is your size (within {SIMILAR_RATIO}x "
            f"of {intcomma(profile.population)} residents); the closest are listed below."
        )
    by_agency = _agencies(pool)
    tested = {
        agency: agency_matches
        for agency, agency_matches in by_agency.items()
        if any(tested_with_comparison(m.project, profile.problem) for m in agency_matches)
    }
    total = len(by_agency)
    if not tested:
        if total == 1:
            one = "agency your size" if sized else "SPI agency"
            return f"The one {one}{scope} did not test its strategy with a comparison design."
        return f"None of the {total} {who}{scope} tested their strategy with a comparison design."
    names = "; ".join(_named(agency_matches, profile) for agency_matches in tested.values())
    count = "The one" if total == 1 else f"{len(tested)} of the {total}"
    noun = who.replace("agencies", "agency") if total == 1 else who
    verb = "tested its" if total == 1 else "tested their"
    return f"{count} {noun}{scope} {verb} strategy with a comparison design ({names})."
