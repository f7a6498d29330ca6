"""The forest plot: every outcome of a set of projects drawn as its change on one axis.

Pure geometry, no database and no HTML: :func:`forest_plot` turns projects (with their outcomes
prefetched) into panels of marks with coordinates, and ``projects/includes/forest_plot.html``
draws them as SVG on the server, so the plot needs no JavaScript and prints like the rest of the
page.

The rules it keeps:

- Units are never mixed on one axis: each unit (relative percent, percentage points, counts,
  rates, odds ratios, effect sizes) gets its own panel with its own scale and reference line
  (no change: 0, or 1 for an odds ratio).
- A figure without a number is listed under the plot, never placed on it.
- The marker's shape is the project's study design; a filled marker is a statistically
  significant result, a hollow one is not, a dashed hollow one was not tested. Every row also
  says so in words, so nothing rests on shape or colour alone.
- Where sources give several figures for one result, all are drawn and the headline is marked.
- The plot is bounded: after ``max_rows`` outcomes it stops and says how many it left out, so a
  page with hundreds of outcomes stays readable (the findings view lists every one).
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from projects.case_study import group_outcomes
from projects.models import Design, Significance, Unit

WIDTH = 800
LABEL_X = 8  # project names and measures, left-aligned
PLOT_X0 = 300  # the axis runs from here...
PLOT_X1 = 590  # ...to here
TEXT_X = 604  # the figure in words, right of the axis
TOP = 8
ROW_HEIGHT = 22
GROUP_HEIGHT = 24
AXIS_HEIGHT = 52
MAX_LABEL = 44  # characters of a measure drawn in the plot; the table has the full text
MAX_ROWS = 60

# Each design's marker, as an SVG path around (0, 0) that fits in a 14-pixel square.
SHAPES = {
    Design.RCT: "M-6,0a6,6 0 1,0 12,0a6,6 0 1,0 -12,0Z",  # circle
    Design.QUASI_EXPERIMENTAL: "M-5.5,-5.5H5.5V5.5H-5.5Z",  # square
    Design.TIME_SERIES: "M0,-7L7,0L0,7L-7,0Z",  # diamond
    Design.PRE_POST: "M0,-7L6.5,5.5H-6.5Z",  # triangle, point up
    Design.DESCRIPTIVE: "M0,7L6.5,-5.5H-6.5Z",  # triangle, point down
    Design.PROCESS: "M-6,-3.5L0,-7L6,-3.5V3.5L0,7L-6,3.5Z",  # hexagon
}
UNCLASSIFIED_SHAPE = "M0,-7L6.7,-2.2L4.1,5.7H-4.1L-6.7,-2.2Z"  # pentagon
UNCLASSIFIED_LABEL = "Design not classified"

# The value at which a unit means "no change": where the reference line is drawn.
REFERENCE = {Unit.ODDS_RATIO: 1}
# The panels in reading order: the units most results use first.
UNIT_ORDER = [unit.value for unit in Unit]

SIGNIFICANCE_WORDS = {
    Significance.SIGNIFICANT: "significant",
    Significance.NOT_SIGNIFICANT: "not significant",
    Significance.NOT_TESTED: "not tested",
}


def design_shape(design: str) -> tuple[str, str]:
    """The marker path and the legend's words for a study design."""
    if design in SHAPES:
        return SHAPES[design], Design(design).label
    return UNCLASSIFIED_SHAPE, UNCLASSIFIED_LABEL


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round tick interval (1, 2 or 5 times a power of ten) giving about ``target_ticks``."""
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def _number(value) -> str:
    """A tick label: no trailing zeros, a true minus sign."""
    text = f"{abs(Decimal(str(round(value, 6)))).normalize():f}"
    return ("\u2212" if value < 0 else "") + text


@dataclass
class Mark:
    """One plotted outcome: a marker at ``x`` (its value), a line from ``ci_x1`` to ``ci_x2``
    (its confidence interval, where known) on the row at ``y``."""

    outcome: object
    project: object
    y: float
    x: float
    ci_x1: float | None
    ci_x2: float | None
    shape: str
    design_label: str
    figure: str  # "headline", "other source", or "" when the result has one figure

    @property
    def label(self) -> str:
        measure = self.outcome.measure
        text = measure if len(measure) <= MAX_LABEL else measure[: MAX_LABEL - 1].rstrip() + "…"
        return text[:1].upper() + text[1:]

    @property
    def significance(self) -> str:
        return self.outcome.significance

    @property
    def significance_words(self) -> str:
        return SIGNIFICANCE_WORDS.get(self.outcome.significance, "not tested")

    @property
    def text_y(self) -> float:
        return self.y + 4


@dataclass
class ProjectBand:
    """A project's heading row and the rows of its outcomes in one panel."""

    project: object
    y: float
    marks: list[Mark] = field(default_factory=list)

    @property
    def text_y(self) -> float:
        return self.y + 4


@dataclass
class Panel:
    """The outcomes of one unit, on one axis from ``low`` to ``high``."""

    unit: str
    low: float
    high: float
    bands: list[ProjectBand] = field(default_factory=list)
    height: float = 0

    @property
    def title(self) -> str:
        return Unit(self.unit).label

    @property
    def reference(self) -> float:
        return REFERENCE.get(self.unit, 0)

    def x_for(self, value) -> float:
        """Where ``value`` lies on this panel's axis, in SVG pixels."""
        fraction = (float(value) - self.low) / (self.high - self.low)
        return round(PLOT_X0 + fraction * (PLOT_X1 - PLOT_X0), 1)

    @property
    def reference_x(self) -> float:
        return self.x_for(self.reference)

    @property
    def marks(self) -> list[Mark]:
        return [mark for band in self.bands for mark in band.marks]

    @property
    def axis_y(self) -> float:
        return self.height - AXIS_HEIGHT + 6

    @property
    def ticks(self) -> list[tuple[float, str]]:
        step = nice_step(self.high - self.low)
        first = math.ceil(self.low / step - 1e-9)
        last = math.floor(self.high / step + 1e-9)
        return [(self.x_for(i * step), _number(i * step)) for i in range(first, last + 1)]

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 18

    @property
    def direction_y(self) -> float:
        return self.axis_y + 38

    @property
    def plot_x0(self) -> int:
        return PLOT_X0

    @property
    def plot_x1(self) -> int:
        return PLOT_X1

    @property
    def top(self) -> int:
        return TOP


@dataclass
class ForestPlot:
    panels: list[Panel]
    unplotted: list[tuple[object, object]]  # (project, outcome) with no number
    left_out: int  # outcomes not drawn because the plot reached its row limit

    @property
    def marks(self) -> list[Mark]:
        return [mark for panel in self.panels for mark in panel.marks]

    @property
    def legend_shapes(self) -> list[tuple[str, str]]:
        """The design shapes this plot uses, once each, in the order they first appear."""
        seen = {}
        for mark in self.marks:
            seen.setdefault(mark.design_label, mark.shape)
        return [(shape, label) for label, shape in seen.items()]

    @property
    def significances(self) -> set[str]:
        return {mark.significance for mark in self.marks}

    @property
    def has_alternates(self) -> bool:
        return any(mark.figure for mark in self.marks)

    @property
    def is_empty(self) -> bool:
        return not self.panels and not self.unplotted

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def label_x(self) -> int:
        return LABEL_X

    @property
    def text_x(self) -> int:
        return TEXT_X


def _domain(unit: str, values: list[float]) -> tuple[float, float]:
    """The axis range: every value and interval end, and the no-change line, on round ticks."""
    reference = REFERENCE.get(unit, 0)
    low, high = min([*values, reference]), max([*values, reference])
    if low == high:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _figure_rows(project) -> list[tuple[object, str]]:
    """The project's outcomes in reading order, each with its place among its result's figures."""
    rows = []
    for group in group_outcomes(project.outcomes.all()):
        if not group.alternates:
            rows.append((group.headline, ""))
            continue
        rows.append((group.headline, "headline"))
        rows += [(alternate, "other source") for alternate in group.alternates]
    return rows


def forest_plot(projects, max_rows: int = MAX_ROWS) -> ForestPlot:
    """The forest plot of ``projects`` (their outcomes prefetched), in the order given."""
    by_unit: dict[str, list[tuple[object, object, str]]] = {}
    unplotted, drawn, left_out = [], 0, 0
    for project in projects:
        for outcome, figure in _figure_rows(project):
            if outcome.value is None:
                unplotted.append((project, outcome))
            elif drawn < max_rows:
                by_unit.setdefault(outcome.unit, []).append((project, outcome, figure))
                drawn += 1
            else:
                left_out += 1
    panels = [
        _panel(unit, by_unit[unit])
        for unit in sorted(by_unit, key=lambda u: UNIT_ORDER.index(u) if u in UNIT_ORDER else 99)
    ]
    return ForestPlot(panels=panels, unplotted=unplotted, left_out=left_out)


def _panel(unit: str, rows: list[tuple[object, object, str]]) -> Panel:
    values = []
    for _project, outcome, _figure in rows:
        values += [
            float(v) for v in (outcome.value, outcome.ci_low, outcome.ci_high) if v is not None
        ]
    low, high = _domain(unit, values)
    panel = Panel(unit=unit, low=low, high=high)
    y = TOP
    for project, outcome, figure in rows:
        if not panel.bands or panel.bands[-1].project is not project:
            panel.bands.append(ProjectBand(project=project, y=y + GROUP_HEIGHT / 2))
            y += GROUP_HEIGHT
        shape, design_label = design_shape(project.design)
        has_interval = outcome.ci_low is not None and outcome.ci_high is not None
        panel.bands[-1].marks.append(
            Mark(
                outcome=outcome,
                project=project,
                y=y + ROW_HEIGHT / 2,
                x=panel.x_for(outcome.value),
                ci_x1=panel.x_for(outcome.ci_low) if has_interval else None,
                ci_x2=panel.x_for(outcome.ci_high) if has_interval else None,
                shape=shape,
                design_label=design_label,
                figure=figure,
            )
        )
        y += ROW_HEIGHT
    panel.height = y + AXIS_HEIGHT
    return panel
