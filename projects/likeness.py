"""Agencies like mine: SPI projects ranked by how close their jurisdiction is to a reader's.

Closeness counts three things, each explained in words beside the result:

- size: how many times larger or smaller the population is (a project within 2x counts as
  "similar size"); the distance is the base-2 logarithm of that ratio, so 2x costs 1, 4x costs 2;
- settlement type, when the reader gives one: a different or unknown type costs 1;
- Census region, when the reader gives one: another region costs 1.

A project whose population is not known is ranked as if it were 8x away and says so, rather
than being guessed closer or dropped.
"""

import math
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma

from projects.models import SettlementType
from projects.states import REGION_OF_STATE

UNKNOWN_SIZE_DISTANCE = 3  # as far as a jurisdiction 8x larger or smaller
SIMILAR_RATIO = 2


@dataclass
class Profile:
    """What the reader told us about their agency."""

    population: int | None
    settlement: str = ""
    region: str = ""
    agency: object = None  # the SPI agency they started from, left out of the results

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
        return cls(population, settlement, region, agency)


@dataclass
class Match:
    project: object
    distance: float
    reasons: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)


def jurisdiction_population(project) -> int | None:
    return project.agency.population


def jurisdiction_settlement(project) -> str:
    return project.agency.settlement_type


def _size(profile: Profile, project) -> tuple[float, str]:
    population = jurisdiction_population(project)
    if not profile.population:
        return 0, ""
    if not population:
        return UNKNOWN_SIZE_DISTANCE, "population not known"
    ratio = max(population, profile.population) / min(population, profile.population)
    served = f"{intcomma(population)} residents"
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


def closest_projects(profile: Profile, projects, limit: int) -> list[Match]:
    """The ``limit`` projects closest to ``profile``, nearest first (ties: newest first)."""
    matches = []
    for project in projects:
        if profile.agency is not None and project.agency_id == profile.agency.pk:
            continue
        parts = [part(profile, project) for part in (_size, _settlement, _region)]
        matches.append(
            Match(
                project,
                round(sum(distance for distance, _ in parts), 3),
                [reason for _, reason in parts if reason],
            )
        )
    matches.sort(key=lambda m: (m.distance, -(m.project.cohort_year or 0), m.project.agency.name))
    return matches[:limit]
