"""Lessons learned: practical takeaways from SPI projects, filed under SPI's five core practices."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from projects.models import (
    CrimeProblem,
    Project,
    Publishable,
    PublishableQuerySet,
    Source,
    Strategy,
)


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
        return self.select_related("core_practice").prefetch_related("strategies", "crime_problems")

    def for_detail(self):
        """What a lesson's page shows (its public page and the admin preview alike): the card,
        its source, and only its published projects."""
        published = Project.objects.published().select_related("agency")
        return (
            self.with_cards()
            .select_related("source")
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

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["core_practice__order", Lower("title")]
        permissions = [("publish_lesson", "Can publish, schedule and unpublish lessons")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:detail", args=[self.slug])

    def content_problems(self) -> list[str]:
        return [] if self.summary.strip() else ["The summary is empty."]

    def publish_problems(self) -> list[str]:
        """Everything that stops this lesson from being published; empty when it is ready."""
        return self.content_problems()

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(a).label for a in self.audiences if a in Audience.values]
