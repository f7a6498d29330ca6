"""The evidence matrix: projects placed after the Evidence-Based Policing Matrix (Lum, Koper and
Telep, George Mason University's Center for Evidence-Based Crime Policy).

A project sits in the cell of its target (individuals to jurisdictions), specificity (general or
focused) and proactivity (reactive to highly proactive). Placement uses only what editors
recorded on the project; a project missing any of the three is listed apart with what is
missing, never placed by guess.

Each project's result is the portal's rating of its evidence, the one the whole portal uses
(``projects.ratings``).
"""

from dataclasses import dataclass, field

from projects.models import MatrixTarget, Proactivity, Specificity
from projects.ratings import Rating, rate_many

RESULT_LABELS = {rating: rating.label for rating in Rating}

AXES = (
    ("matrix_target", "target"),
    ("specificity", "specificity"),
    ("proactivity", "proactivity"),
)


def with_results(projects) -> list:
    """``projects`` (a queryset) as a list, each with its rating's value as ``matrix_result``,
    in three queries."""
    ratings = rate_many(projects)
    found = list(projects)
    for project in found:
        project.matrix_result = ratings[project.pk].value
    return found


@dataclass
class Placed:
    project: object
    result: str

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[self.result]


@dataclass
class Cell:
    target: str
    specificity: str
    proactivity: str
    projects: list[Placed] = field(default_factory=list)


@dataclass
class Row:
    specificity: Specificity
    proactivity: Proactivity
    cells: list[Cell]


@dataclass
class Unplaced:
    project: object
    result: str
    missing: list[str]

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[self.result]


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
        result = project.matrix_result
        missing = [words for name, words in AXES if not getattr(project, name)]
        if missing:
            unplaced.append(Unplaced(project, result, missing))
        else:
            key = (project.matrix_target, project.specificity, project.proactivity)
            cells[key].projects.append(Placed(project, result))
    return EvidenceMatrix(columns=list(MatrixTarget), rows=rows, unplaced=unplaced)
