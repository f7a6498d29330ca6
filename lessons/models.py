"""Lessons learned: practical takeaways from SPI projects, filed under SPI's five core practices."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.urls import reverse

from editorial.models import Publishable, PublishableQuerySet
from projects.models import CrimeProblem, Outcome, Project, Source, Strategy
from projects.ratings import Rating, rate_many


class CorePractice(models.Model):
    """One of SPI's five core practices (strategic targeting, outreach and collaboration...)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("lessons:practice", args=[self.slug])


class Audience(models.TextChoices):
    EXECUTIVES = "executives", "Executives"
    MANAGERS = "managers", "Managers and supervisors"
    LINE_OFFICERS = "line_officers", "Line officers"
    ANALYSTS = "analysts", "Crime analysts"
    RESEARCHERS = "researchers", "Researchers"


class Evidence(models.TextChoices):
    """What backs a lesson, strongest first."""

    TESTED = "tested", "Tested"
    OBSERVED = "observed", "Observed"
    PRACTICE = "practice", "Practitioner advice"


EVIDENCE_RULES = {
    Evidence.TESTED: "A project it draws on is rated evidence of effect (or mixed evidence) by "
    "the portal's rule: a statistically significant improvement in a comparison design "
    "(Maryland scale 3 or higher as the rule reads it: compared with places or people that did "
    "not get the intervention; a time series with no comparison group is level 2).",
    Evidence.OBSERVED: "A project it draws on reported results, but none tested for "
    "significance in a comparison design.",
    Evidence.PRACTICE: "Drawn from what the agencies and their partners reported doing, "
    "without a measured result behind it.",
}
_STRENGTH = [Evidence.PRACTICE, Evidence.OBSERVED, Evidence.TESTED]
# The project ratings that back a "tested" lesson: a significant improvement in a comparison
# design.
TESTED_RATINGS = {Rating.EFFECT, Rating.MIXED}


def _outcomes_of_lesson(**conditions):
    return Exists(
        Outcome.objects.filter(
            project__lessons=OuterRef("pk"),
            project__in=Project.objects.published(),
            **conditions,
        )
    )


def validate_audiences(value) -> None:
    """A list of ``Audience`` values. An unknown one (a typo such as "analyst") would silently
    drop the lesson from that audience's filter, so it is refused wherever a lesson is checked:
    the admin form, the loader, ``full_clean()``."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("Audiences must be a list of audience names.")
    unknown = sorted(set(value) - set(Audience.values))
    if unknown:
        raise ValidationError(
            f"Unknown audience{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"Use any of: {', '.join(Audience.values)}."
        )


class LessonQuerySet(PublishableQuerySet):
    def with_cards(self):
        return (
            self.select_related("core_practice")
            .prefetch_related("strategies", "crime_problems")
            .with_evidence()
        )

    def with_evidence(self):
        """What the evidence rule reads, as two flags per lesson (no query per card). "Tested"
        follows the projects' own rating (``projects.ratings``), which reads a design as it
        really is (a time series without a comparison group is level 2, a planned design none),
        not the Maryland level as recorded; it runs in Python, over the rated projects of
        lessons in two queries, however many lessons there are."""
        tested = [
            pk
            for pk, rating in rate_many(
                Project.objects.published().filter(lessons__isnull=False)
            ).items()
            if rating.rating in TESTED_RATINGS
        ]
        return self.annotate(
            has_tested_result=Exists(
                Lesson.projects.through.objects.filter(
                    lesson_id=OuterRef("pk"), project_id__in=tested
                )
            ),
            has_reported_result=_outcomes_of_lesson(),
        )

    def for_detail(self):
        """What a lesson's page shows (its public page and the admin preview alike): the card,
        its source, and only its published projects."""
        published = Project.objects.published().select_related("agency")
        return (
            self.with_cards()
            .select_related("source__copy_of")
            .prefetch_related(models.Prefetch("projects", queryset=published))
        )

    def for_audience(self, audience: str):
        # Audiences are a short JSON list; matching the quoted value works on SQLite and PostgreSQL.
        return self.filter(audiences__icontains=f'"{audience}"')


class Lesson(Publishable):
    """A lesson learned or research-tested practice, drawn from one or more projects."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    core_practice = models.ForeignKey(
        CorePractice, on_delete=models.PROTECT, related_name="lessons"
    )
    audiences = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_audiences],
        help_text=f"Any of: {', '.join(Audience.values)}.",
    )
    summary = models.TextField()
    body = models.TextField(blank=True)
    projects = models.ManyToManyField(Project, related_name="lessons", blank=True)
    strategies = models.ManyToManyField(Strategy, related_name="lessons", blank=True)
    crime_problems = models.ManyToManyField(CrimeProblem, related_name="lessons", blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="lessons"
    )
    evidence = models.CharField(
        "what backs it",
        max_length=10,
        choices=Evidence.choices,
        blank=True,
        help_text="Leave empty to follow the rule (tested: a significant result in a comparison "
        "design, Maryland scale 3 or higher; observed: results without such a test; otherwise "
        "practitioner advice). An editor may mark a lesson weaker than the rule, never stronger.",
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["core_practice__order", Lower("title")]
        permissions = [("publish_lesson", "Can publish, schedule and unpublish lessons")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:detail", args=[self.slug])

    def _rule_flags(self) -> tuple[bool, bool]:
        if hasattr(self, "has_tested_result"):
            return self.has_tested_result, self.has_reported_result
        flags = Lesson.objects.with_evidence().filter(pk=self.pk)
        found = flags.values_list("has_tested_result", "has_reported_result").first()
        return found or (False, False)

    @property
    def evidence_by_rule(self) -> str:
        tested, reported = self._rule_flags() if self.pk else (False, False)
        if tested:
            return Evidence.TESTED
        return Evidence.OBSERVED if reported else Evidence.PRACTICE

    @property
    def evidence_level(self) -> Evidence:
        """The editors' marking where they set one, else the rule's."""
        return Evidence(self.evidence or self.evidence_by_rule)

    @property
    def evidence_rule(self) -> str:
        return EVIDENCE_RULES[self.evidence_level]

    def evidence_problems(self) -> list[str]:
        """A marking stronger than its projects support would overstate the lesson."""
        if not self.evidence:
            return []
        rule = Evidence(self.evidence_by_rule)
        if _STRENGTH.index(Evidence(self.evidence)) > _STRENGTH.index(rule):
            return [
                f"The lesson is marked “{Evidence(self.evidence).label}” but its projects "
                f"support only “{rule.label}”: {EVIDENCE_RULES[rule]}"
            ]
        return []

    def content_problems(self) -> list[str]:
        problems = [] if self.summary.strip() else ["The summary is empty."]
        return problems + self.evidence_problems()

    def publish_problems(self) -> list[str]:
        """Everything that stops this lesson from being published; empty when it is ready."""
        return self.content_problems()

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(a).label for a in self.audiences if a in Audience.values]
