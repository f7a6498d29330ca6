"""The evidence matrix: projects placed after the Evidence-Based Policing Matrix (Lum, Koper and
Telep, George Mason University's Center for Evidence-Based Crime Policy).

A project sits in the cell of its target (individuals to jurisdictions), specificity (general or
focused) and proactivity (reactive to highly proactive). Placement uses only what editors
recorded on the project; a project missing any of the three is listed apart with what is
missing, never placed by guess.

Each project's result is the portal's own summary of its headline figures, by this rule: any
significant worsening makes it "harmful"; otherwise any significant improvement makes it
"significant improvement"; otherwise a figure that was tested and not significant makes it "no
significant change"; a project with no tested figure is "not tested".
"""

from dataclasses import dataclass, field

from django.db import models

from projects.models import MatrixTarget, Proactivity, Significance, Specificity


class MatrixResult(models.TextChoices):
    IMPROVEMENT = "improvement", "Significant improvement"
    NO_CHANGE = "no-change", "No significant change"
    HARMFUL = "harmful", "Harmful (significant worsening)"
    NOT_TESTED = "not-tested", "Not tested, or no result recorded"


AXES = (
    ("matrix_target", "target"),
    ("specificity", "specificity"),
    ("proactivity", "proactivity"),
)


def project_result(outcomes) -> MatrixResult:
    """The project's result on the matrix, from its headline outcomes (see the module's rule)."""
    effects = {outcome.effect for outcome in outcomes if outcome.is_headline}
    if "worsening" in effects:
        return MatrixResult.HARMFUL
    if "improvement" in effects:
        return MatrixResult.IMPROVEMENT
    if any(
        outcome.is_headline and outcome.significance == Significance.NOT_SIGNIFICANT
        for outcome in outcomes
    ):
        return MatrixResult.NO_CHANGE
    return MatrixResult.NOT_TESTED


@dataclass
class Placed:
    project: object
    result: MatrixResult


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
    result: MatrixResult
    missing: list[str]


@dataclass
class EvidenceMatrix:
    columns: list[MatrixTarget]
    rows: list[Row]
    unplaced: list[Unplaced]

    @property
    def placed_count(self) -> int:
        return sum(len(cell.projects) for row in self.rows for cell in row.cells)

    @property
    def results(self) -> list[MatrixResult]:
        return list(MatrixResult)


def build_matrix(projects) -> EvidenceMatrix:
    """Place ``projects`` (their outcomes prefetched) on the matrix, in the order given."""
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
        result = project_result(project.outcomes.all())
        missing = [words for name, words in AXES if not getattr(project, name)]
        if missing:
            unplaced.append(Unplaced(project, result, missing))
        else:
            key = (project.matrix_target, project.specificity, project.proactivity)
            cells[key].projects.append(Placed(project, result))
    return EvidenceMatrix(columns=list(MatrixTarget), rows=rows, unplaced=unplaced)
