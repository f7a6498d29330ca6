"""How strong a project's study design is, in the few classes a reader's eye can tell apart at a
glance: the marker shape of the forest plot and the evidence matrix, the order of the plot's
rows, and what "tested with a comparison design" means on agencies like mine.

The classes follow the Maryland Scientific Methods Scale as published (Sherman et al., 1997):
random assignment (5); a comparison group (3 and 4); before and after, or correlation, with no
comparison group (1 and 2); a design too thinly described to rate; and a design a source
describes only as planned, which is kept apart and never counts as a study done.

The level and whether a design is only planned come from the portal's rating
(``projects.ratings.design_strength``), the one reading of a design every page shares: an
interrupted time series with no comparison group named is level 2 there, a planned design has
no level. This module only gives those readings their classes, shapes and words.
"""

from dataclasses import dataclass

from django.db import models

from projects import ratings

RANDOMIZED_LEVEL = 5


class StrengthClass(models.TextChoices):
    """The classes, strongest first; the order is the plot's row order."""

    RANDOMIZED = "randomized", "Randomized (Maryland 5)"
    COMPARISON = "comparison", "Comparison group (Maryland 3 or 4)"
    NO_COMPARISON = "no_comparison", "No comparison group (Maryland 1 or 2)"
    NOT_RATED = "not_rated", "Design not rated"
    PLANNED = "planned", "Planned, not yet done"


# Each class's marker, as an SVG path around (0, 0) that fits in a 14-pixel square: round for
# the strongest, fewer corners as the design weakens, the planned one a cross (nothing measured).
SHAPES = {
    StrengthClass.RANDOMIZED: "M-6,0a6,6 0 1,0 12,0a6,6 0 1,0 -12,0Z",  # circle
    StrengthClass.COMPARISON: "M-5.5,-5.5H5.5V5.5H-5.5Z",  # square
    StrengthClass.NO_COMPARISON: "M0,-7L6.5,5.5H-6.5Z",  # triangle
    StrengthClass.NOT_RATED: "M0,-7L7,0L0,7L-7,0Z",  # diamond
    StrengthClass.PLANNED: "M-6,-2H-2V-6H2V-2H6V2H2V6H-2V2H-6Z",  # cross
}
ORDER = {value: rank for rank, value in enumerate(StrengthClass.values)}


@dataclass(frozen=True)
class Strength:
    """A project's design strength as shown: its Maryland level as the rating reads it (None
    when not rated or only planned) and whether the design is only planned."""

    level: int | None
    planned: bool

    @property
    def kind(self) -> StrengthClass:
        if self.planned:
            return StrengthClass.PLANNED
        if self.level is None:
            return StrengthClass.NOT_RATED
        if self.level >= RANDOMIZED_LEVEL:
            return StrengthClass.RANDOMIZED
        if self.level >= ratings.COMPARISON_LEVEL:
            return StrengthClass.COMPARISON
        return StrengthClass.NO_COMPARISON

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def words(self) -> str:
        """The class in words with the exact level: "comparison group (Maryland 4)"."""
        if self.kind in (StrengthClass.PLANNED, StrengthClass.NOT_RATED):
            return self.kind.label.lower()
        name = self.kind.label.split(" (")[0].lower()
        return f"{name} (Maryland {self.level})"

    @property
    def shape(self) -> str:
        return SHAPES[self.kind]

    @property
    def is_comparison(self) -> bool:
        """A completed study that compared with places or people left without the
        intervention: what lets it say the intervention caused the change."""
        return (
            not self.planned and self.level is not None and self.level >= ratings.COMPARISON_LEVEL
        )

    @property
    def sort_key(self) -> tuple[int, int]:
        """Strongest first: by class, then by level within it."""
        return ORDER[self.kind], -(self.level or 0)


def strength_of(project) -> Strength:
    """``project``'s design strength, as the rating reads it."""
    reading = ratings.design_strength(project)
    return Strength(level=reading.level, planned=reading.planned)


def legend(strengths) -> list[tuple[str, str, str]]:
    """(class, shape, label) of each class among ``strengths``, strongest first."""
    kinds = sorted({strength.kind for strength in strengths}, key=ORDER.__getitem__)
    return [(kind.value, SHAPES[kind], kind.label) for kind in kinds]
