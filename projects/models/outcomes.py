"""Outcomes: what a project measured, as data a researcher can compare and take away."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from .sources import Source


class OutcomeCategory(models.TextChoices):
    CRIME = "crime", "Crime"
    DISORDER = "disorder", "Disorder and calls for service"
    CLEARANCE = "clearance", "Clearance"
    COMPLAINTS_FORCE = "complaints_force", "Complaints and use of force"
    PERCEPTION = "perception", "Community perception"
    COST_EFFICIENCY = "cost_efficiency", "Cost and efficiency"
    OFFICER_ACTIVITY = "officer_activity", "Officer activity"
    # How the work was carried out (cameras switched on, referrals made, a tool's accuracy):
    # whether it was done, not whether it worked.
    IMPLEMENTATION = "implementation", "Process and implementation"


class Unit(models.TextChoices):
    PERCENT = "percent", "Relative change (%)"
    PERCENTAGE_POINTS = "percentage_points", "Percentage points"
    COUNT = "count", "Count"
    RATE = "rate", "Rate"
    ODDS_RATIO = "odds_ratio", "Odds ratio"
    EFFECT_SIZE = "effect_size", "Standardized effect size"


class Direction(models.TextChoices):
    DECREASE = "decrease", "Decrease"
    INCREASE = "increase", "Increase"
    NO_CHANGE = "no_change", "No change"


class Significance(models.TextChoices):
    SIGNIFICANT = "significant", "Statistically significant"
    NOT_SIGNIFICANT = "not_significant", "Not significant"
    NOT_TESTED = "not_tested", "Not tested or not reported"


# For these categories a fall is the hoped-for result; for clearance and perception, a rise.
_LOWER_IS_BETTER = {
    OutcomeCategory.CRIME,
    OutcomeCategory.DISORDER,
    OutcomeCategory.COMPLAINTS_FORCE,
    OutcomeCategory.COST_EFFICIENCY,
}
_HIGHER_IS_BETTER = {OutcomeCategory.CLEARANCE, OutcomeCategory.PERCEPTION}

# The same judgement as ``Outcome.effect``, as database conditions, so lists can be filtered and
# counted by result without loading the outcomes.
_SIGNIFICANT = Q(significance=Significance.SIGNIFICANT)
IMPROVED = _SIGNIFICANT & (
    Q(category__in=_LOWER_IS_BETTER, direction=Direction.DECREASE)
    | Q(category__in=_HIGHER_IS_BETTER, direction=Direction.INCREASE)
)
WORSENED = _SIGNIFICANT & (
    Q(category__in=_LOWER_IS_BETTER, direction=Direction.INCREASE)
    | Q(category__in=_HIGHER_IS_BETTER, direction=Direction.DECREASE)
)
# Implementation figures (calls answered, cameras switched on) and officers' activity say whether
# the work was done, not whether it worked, so they are no test of the result.
UNCHANGED = ~Q(category__in=[OutcomeCategory.IMPLEMENTATION, OutcomeCategory.OFFICER_ACTIVITY]) & (
    Q(significance=Significance.NOT_SIGNIFICANT)
    | (_SIGNIFICANT & Q(direction__in=[Direction.NO_CHANGE, ""]))
)


def direction_for(value: Decimal | float | None) -> str | None:
    if value is None:
        return None
    if value < 0:
        return Direction.DECREASE
    if value > 0:
        return Direction.INCREASE
    return Direction.NO_CHANGE


class Outcome(models.Model):
    """One measured result of a project ("violent crime down 17% against matched places").

    When sources disagree, each figure is its own outcome with its own source; figures of the same
    result share a ``result_key`` and editors mark one of them as the headline.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="outcomes"
    )
    measure = models.CharField(max_length=300)
    category = models.CharField(
        max_length=20, choices=OutcomeCategory.choices, default=OutcomeCategory.CRIME
    )
    crime_problem = models.ForeignKey(
        "projects.CrimeProblem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measured_by",
        verbose_name="measures",
        help_text="The crime problem this figure measures (homicides measure homicide, gun "
        "crimes gun violence). A crime or disorder figure without one counts under no crime "
        "problem and in no rating.",
    )
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    direction = models.CharField(
        max_length=10,
        choices=Direction.choices,
        blank=True,
        help_text="Set from the value's sign when there is a value; otherwise as reported.",
    )
    significance = models.CharField(
        max_length=20, choices=Significance.choices, default=Significance.NOT_TESTED
    )
    ci_low = models.DecimalField(
        "confidence interval, low", max_digits=12, decimal_places=3, null=True, blank=True
    )
    ci_high = models.DecimalField(
        "confidence interval, high", max_digits=12, decimal_places=3, null=True, blank=True
    )
    comparison = models.CharField(max_length=300, blank=True)
    time_window = models.CharField(max_length=120, blank=True)
    place_unit = models.CharField("place or population", max_length=200, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes"
    )
    source_page = models.CharField("page or section", max_length=60, blank=True)
    result_key = models.SlugField(
        max_length=120, help_text="Figures of the same result from different sources share this."
    )
    is_headline = models.BooleanField(
        "headline figure", default=True, help_text="The figure shown when sources disagree."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | Q(value__lt=0, direction=Direction.DECREASE)
                | Q(value__gt=0, direction=Direction.INCREASE)
                | Q(value=0, direction=Direction.NO_CHANGE),
                name="outcome_direction_follows_value",
            ),
            models.CheckConstraint(
                condition=~Q(unit=Unit.PERCENT) | Q(value__isnull=True) | Q(value__gte=-100),
                name="outcome_percent_not_below_minus_100",
            ),
            models.CheckConstraint(
                condition=~Q(unit=Unit.PERCENTAGE_POINTS)
                | Q(value__isnull=True)
                | Q(value__gte=-100, value__lte=100),
                name="outcome_points_within_100",
            ),
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | Q(ci_low__lte=models.F("ci_high")),
                name="outcome_interval_ordered",
            ),
            models.UniqueConstraint(
                fields=["project", "result_key"],
                condition=Q(is_headline=True),
                name="one_headline_per_result",
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.display_value}"

    def save(self, *args, **kwargs):
        if self.value is not None:
            self.direction = direction_for(self.value)
        if not self.result_key:
            self.result_key = self.key_for(self.measure)
        super().save(*args, **kwargs)

    @staticmethod
    def key_for(measure: str) -> str:
        """The result key a measure gets when its source names none."""
        return slugify(measure)[:120] or "result"

    def clean(self):
        problems = self.value_problems()
        if self.source_id is None and self._project_is_published():
            problems["source"] = "A published outcome needs a source a reader can follow."
        if problems:
            raise ValidationError(problems)

    def _project_is_published(self) -> bool:
        # In an admin inline the project may be new (no pk yet) but is already attached.
        project = getattr(self, "project", None)
        return project is not None and project.status == "published"

    def value_problems(self) -> dict[str, str]:
        """What is wrong with the figure itself, by field: out of range, or a direction that
        contradicts the value's sign."""
        problems = {}
        expected = direction_for(self.value)
        if expected and self.direction and self.direction != expected:
            problems["direction"] = (
                f"A value of {self.value} is a {Direction(expected).label.lower()}; "
                "the direction must follow the value's sign."
            )
        if self.unit == Unit.PERCENT and self.value is not None and self.value < -100:
            problems["value"] = "A relative change cannot fall below -100%."
        if self.unit == Unit.PERCENTAGE_POINTS and self.value is not None and abs(self.value) > 100:
            problems["value"] = "A change in percentage points must lie between -100 and 100."
        if self.unit == Unit.ODDS_RATIO and self.value is not None and self.value <= 0:
            problems["value"] = "An odds ratio must be above zero."
        if self.ci_low is not None and self.ci_high is not None and self.ci_low > self.ci_high:
            problems["ci_high"] = "The interval's high end must not be below its low end."
        return problems

    def publish_problems(self) -> list[str]:
        """Why this figure may not be shown publicly yet, in words an editor can act on."""
        problems = list(self.value_problems().values())
        if self.source_id is None:
            problems.append("has no source")
        return [f"Outcome “{self.measure}”: {problem}" for problem in problems]

    @property
    def is_significant(self) -> bool:
        return self.significance == Significance.SIGNIFICANT

    @property
    def hoped_for(self) -> bool:
        """The figure moved the way the intervention hoped (crime down, clearance up), whether
        or not the change was tested."""
        if self.category in _LOWER_IS_BETTER:
            return self.direction == Direction.DECREASE
        if self.category in _HIGHER_IS_BETTER:
            return self.direction == Direction.INCREASE
        return False

    @property
    def effect(self) -> str:
        """How a reader should take the result. A result that was not shown to be significant is
        never called a success, whatever its direction."""
        if self.significance == Significance.NOT_SIGNIFICANT:
            return "no significant change"
        if self.significance == Significance.NOT_TESTED:
            return "not tested"
        if self.direction == Direction.NO_CHANGE or not self.direction:
            return "no significant change"
        if self.category in _LOWER_IS_BETTER:
            return "improvement" if self.direction == Direction.DECREASE else "worsening"
        if self.category in _HIGHER_IS_BETTER:
            return "improvement" if self.direction == Direction.INCREASE else "worsening"
        return "significant change"

    @property
    def display_value(self) -> str:
        if self.value is None:
            return Direction(self.direction).label if self.direction else "Not reported"
        number = f"{abs(Decimal(str(self.value))).normalize():f}"
        sign = "\u2212" if self.value < 0 else "+" if self.value > 0 else ""
        if self.unit == Unit.PERCENT:
            return f"{sign}{number}%"
        if self.unit == Unit.PERCENTAGE_POINTS:
            return f"{sign}{number} points"
        return f"{sign}{number}"
