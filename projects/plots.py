"""The forest plot: every outcome of a set of projects drawn as its change, one row per figure.

Pure geometry, no database and no HTML: :func:`forest_plot` turns projects (with their outcomes
prefetched) into panels of rows with positions, and ``projects/includes/forest_plot.html`` draws
them on the server, so the plot needs no JavaScript and prints like the rest of the page.

The rules it keeps:

- One axis holds one kind of thing in one unit. Changes in crime (and disorder) get their own
  panels; every other kind of outcome the rating names (complaints and use of force,
  clearance, cost, officer activity, community perception, process) gets panels of its own, so
  a likelihood of clearance, an officer cost or an odds ratio per risk-score point never shares
  an axis with a change in crime. Within a kind, each unit (relative percent, percentage points,
  counts, rates, odds ratios, effect sizes) is its own panel with its own scale and reference
  line (no change: 0, or 1 for an odds ratio).
- Rows are ordered by design strength (``projects.strength``), strongest first; the marker's
  shape is that strength. A filled marker is a statistically significant result, a hollow one
  is not, a dashed hollow one was not tested. Every row says all of it in words too.
- An interval is drawn where the outcome records one, and the legend names intervals only when
  the plot draws one.
- Labels are text, never cut: each row's words sit in the page's own type (they wrap, and on a
  phone they sit above the row), and the graphic is placed by percentages of its width, so the
  plot fits any screen without scrolling sideways.
- A figure without a number is listed under the plot, never placed on it. Where sources give
  several figures for one result, all are drawn and the headline is marked.
- The plot is bounded: after ``max_rows`` outcomes it stops and says how many it left out, so a
  page with hundreds of outcomes stays readable (the findings view lists every one).
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from projects.case_study import group_outcomes
from projects.models import Significance, Unit
from projects.ratings import OutcomeKind, outcome_kind
from projects.strength import Strength, legend, strength_of

MAX_ROWS = 60

# The value at which a unit means "no change": where the reference line is drawn.
REFERENCE = {Unit.ODDS_RATIO: 1}
UNIT_ORDER = [unit.value for unit in Unit]

# The panels' families in reading order: crime, then each non-crime kind of outcome, as the
# rating names what an outcome measures (``projects.ratings.outcome_kind``).
KIND_ORDER = list(OutcomeKind.values)

SIGNIFICANCE_WORDS = {
    Significance.SIGNIFICANT: "significant",
    Significance.NOT_SIGNIFICANT: "not significant",
    Significance.NOT_TESTED: "not tested",
}


def nice_step(span: float, target_ticks: int = 4) -> float:
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
    """One plotted outcome: a marker at ``x`` (its value) and, where known, a line from
    ``ci_x1`` to ``ci_x2`` (its confidence interval), in percent of the plot's width."""

    outcome: object
    project: object
    strength: Strength
    x: float
    ci_x1: float | None
    ci_x2: float | None
    figure: str  # "headline", "other source", or "" when the result has one figure

    @property
    def label(self) -> str:
        measure = self.outcome.measure
        return measure[:1].upper() + measure[1:]

    @property
    def significance(self) -> str:
        return self.outcome.significance

    @property
    def significance_words(self) -> str:
        return SIGNIFICANCE_WORDS.get(self.outcome.significance, "not tested")

    @property
    def has_interval(self) -> bool:
        return self.ci_x1 is not None

    @property
    def interval_words(self) -> str:
        if not self.has_interval:
            return ""
        low, high = (_number(v) for v in (self.outcome.ci_low, self.outcome.ci_high))
        return f"95% CI {low} to {high}"


@dataclass
class ProjectBand:
    """A project's heading and the rows of its outcomes in one panel."""

    project: object
    strength: Strength
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Panel:
    """The outcomes of one kind in one unit, on one axis from ``low`` to ``high``."""

    kind: str
    unit: str
    low: float
    high: float
    bands: list[ProjectBand] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.unit}"

    @property
    def title(self) -> str:
        return OutcomeKind(self.kind).label

    @property
    def unit_label(self) -> str:
        return Unit(self.unit).label

    @property
    def is_crime(self) -> bool:
        return self.kind == OutcomeKind.CRIME

    @property
    def reference(self) -> float:
        return REFERENCE.get(self.unit, 0)

    def x_for(self, value) -> float:
        """Where ``value`` lies on this panel's axis, in percent of its width."""
        fraction = (float(value) - self.low) / (self.high - self.low)
        return round(fraction * 100, 2)

    @property
    def reference_x(self) -> float:
        return self.x_for(self.reference)

    @property
    def marks(self) -> list[Mark]:
        return [mark for band in self.bands for mark in band.marks]

    @property
    def ticks(self) -> list[tuple[float, str]]:
        step = nice_step(self.high - self.low)
        first = math.ceil(self.low / step - 1e-9)
        last = math.floor(self.high / step + 1e-9)
        return [(self.x_for(i * step), _number(i * step)) for i in range(first, last + 1)]


@dataclass
class ForestPlot:
    panels: list[Panel]
    unplotted: list[tuple[object, object]]  # (project, outcome) with no number
    left_out: int  # outcomes not drawn because the plot reached its row limit

    @property
    def marks(self) -> list[Mark]:
        return [mark for panel in self.panels for mark in panel.marks]

    @property
    def legend_shapes(self) -> list[tuple[str, str, str]]:
        """(class, shape, words) of the design strengths this plot draws, strongest first."""
        return legend(mark.strength for mark in self.marks)

    @property
    def significances(self) -> set[str]:
        return {mark.significance for mark in self.marks}

    @property
    def has_intervals(self) -> bool:
        return any(mark.has_interval for mark in self.marks)

    @property
    def has_alternates(self) -> bool:
        return any(mark.figure for mark in self.marks)

    @property
    def is_empty(self) -> bool:
        return not self.panels and not self.unplotted


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


def _panel_order(key: tuple[str, str]) -> tuple[int, int]:
    kind, unit = key
    return KIND_ORDER.index(kind), UNIT_ORDER.index(unit)


def forest_plot(projects, max_rows: int = MAX_ROWS) -> ForestPlot:
    """The forest plot of ``projects`` (their outcomes prefetched): the strongest designs
    first, otherwise in the order given."""
    rated = sorted(
        ((project, strength_of(project)) for project in projects),
        key=lambda pair: pair[1].sort_key,
    )
    by_panel: dict[tuple[str, str], list] = {}
    unplotted, drawn, left_out = [], 0, 0
    for project, strength in rated:
        for outcome, figure in _figure_rows(project):
            if outcome.value is None:
                unplotted.append((project, outcome))
            elif drawn < max_rows:
                key = (outcome_kind(outcome), outcome.unit)
                by_panel.setdefault(key, []).append((project, strength, outcome, figure))
                drawn += 1
            else:
                left_out += 1
    panels = [_panel(*key, by_panel[key]) for key in sorted(by_panel, key=_panel_order)]
    return ForestPlot(panels=panels, unplotted=unplotted, left_out=left_out)


def _panel(kind: str, unit: str, rows: list) -> Panel:
    values = []
    for _project, _strength, outcome, _figure in rows:
        values += [
            float(v) for v in (outcome.value, outcome.ci_low, outcome.ci_high) if v is not None
        ]
    low, high = _domain(unit, values)
    panel = Panel(kind=kind, unit=unit, low=low, high=high)
    for project, strength, outcome, figure in rows:
        if not panel.bands or panel.bands[-1].project is not project:
            panel.bands.append(ProjectBand(project=project, strength=strength))
        has_interval = outcome.ci_low is not None and outcome.ci_high is not None
        panel.bands[-1].marks.append(
            Mark(
                outcome=outcome,
                project=project,
                strength=strength,
                x=panel.x_for(outcome.value),
                ci_x1=panel.x_for(outcome.ci_low) if has_interval else None,
                ci_x2=panel.x_for(outcome.ci_high) if has_interval else None,
                figure=figure,
            )
        )
    return panel
