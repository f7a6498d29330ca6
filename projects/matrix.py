"""The evidence matrix: projects placed after the Evidence-Based Policing Matrix (Lum, Koper and
Telep, George Mason University's Center for Evidence-Based Crime Policy).

A project sits in the cell of its target (individuals to jurisdictions), specificity (general or
focused) and proactivity (reactive to highly proactive). Placement uses only what editors
recorded on the project; a project missing any of the three is listed apart with what is
missing, never placed by guess.

Each marker says two things: its shape is the project's design strength
(``projects.strength``: randomized, comparison group, no comparison group, not rated, planned),
so a randomized trial and a before-and-after study never look alike; its fill is the portal's
rating of the project's evidence, the one the whole portal uses (``projects.ratings``).
"""

from dataclasses import dataclass, field

from projects.models import MatrixTarget, Proactivity, Specificity
from projects.rating_table import ratings_of
from projects.ratings import Rating
from projects.strength import Strength, legend, strength_of

RESULT_LABELS = {rating: rating.label for rating in Rating}

# The result legend's marker: a swatch no design strength uses, so it shows only the fill.
SWATCH = "M-7,-4H7V4H-7Z"

AXES = (
    ("matrix_target", "target"),
    ("specificity", "specificity"),
    ("proactivity", "proactivity"),
)


def with_results(projects) -> list:
    """``projects`` (a queryset) as a list, each with its rating's value as ``matrix_result``,
    in three queries."""
    ratings = ratings_of(projects)
    found = list(projects)
    for project in found:
        project.matrix_result = ratings[project.pk].value
    return found


@dataclass
class Placed:
    project: object
    result: str
    strength: Strength

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[self.result]


@dataclass
class Cell:
    target: str
    specificity: str
    proactivity: str
    projects: list[Placed] = field(default_factory=list)

    @property
    def target_label(self) -> str:
        return MatrixTarget(self.target).label


@dataclass
class Row:
    specificity: Specificity
    proactivity: Proactivity
    cells: list[Cell]


@dataclass
class Unplaced(Placed):
    missing: list[str] = field(default_factory=list)


@dataclass
class EvidenceMatrix:
    columns: list[MatrixTarget]
    rows: list[Row]
    unplaced: list[Unplaced]

    @property
    def placed_count(self) -> int:
        return sum(len(cell.projects) for row in self.rows for cell in row.cells)

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(result.value, label) for result, label in RESULT_LABELS.items()]

    @property
    def swatch(self) -> str:
        return SWATCH

    @property
    def strength_legend(self) -> list[tuple[str, str, str]]:
        """(class, shape, words) of the design strengths on the page, strongest first."""
        placed = [item for row in self.rows for cell in row.cells for item in cell.projects]
        return legend(item.strength for item in [*placed, *self.unplaced])


def build_matrix(projects) -> EvidenceMatrix:
    """Place ``projects`` (annotated by :func:`with_results`) on the matrix, in the order
    given."""
    rows = [
        Row(
            specificity,
            proactivity,
            [Cell(target, specificity, proactivity) for target in MatrixTarget],
        )
        for specificity in Specificity
        for proactivity in Proactivity
    ]
    cells = {
        (cell.target, cell.specificity, cell.proactivity): cell
        for row in rows
        for cell in row.cells
    }
    unplaced = []
    for project in projects:
        result, strength = project.matrix_result, strength_of(project)
        missing = [words for name, words in AXES if not getattr(project, name)]
        if missing:
            unplaced.append(Unplaced(project, result, strength, missing))
        else:
            key = (project.matrix_target, project.specificity, project.proactivity)
            cells[key].projects.append(Placed(project, result, strength))
    return EvidenceMatrix(columns=list(MatrixTarget), rows=rows, unplaced=unplaced)
