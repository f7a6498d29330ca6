"""Where facts come from (sources) and the documents readers can take away (resources)."""

from urllib.parse import urlsplit

from django.db import models

from .publishing import Publishable


class Source(models.Model):
    """A public address a fact or figure was taken from: a profile page, a report, an article."""

    url = models.URLField("address", max_length=500, unique=True)
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.title or self.url

    @property
    def site(self) -> str:
        """The host a reader will land on, shown beside the link ("crimesolutions.gov")."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.").rstrip(".")

    @property
    def label(self) -> str:
        return self.title or self.site


class ResourceKind(models.TextChoices):
    SPOTLIGHT = "spotlight", "Site spotlight"
    FINAL_REPORT = "final_report", "Final report"
    RESEARCH_BRIEF = "research_brief", "Research brief"
    ARTICLE = "article", "Journal article"
    GUIDE = "guide", "Guide"
    WEBINAR = "webinar", "Webinar"
    OTHER = "other", "Other document"


class Resource(Publishable):
    """A report, guide or webinar about one or more projects: a file or an address."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices, default=ResourceKind.OTHER)
    url = models.URLField("address", max_length=500, blank=True)
    file = models.FileField(upload_to="resources/", blank=True)
    description = models.TextField(blank=True)
    projects = models.ManyToManyField("projects.Project", related_name="resources", blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""),
                name="resource_has_url_or_file",
            )
        ]
        permissions = [("publish_resource", "Can publish, schedule and unpublish resources")]

    def __str__(self):
        return self.title

    def content_problems(self) -> list[str]:
        problems = []
        if not self.title.strip():
            problems.append("The title is empty.")
        if not self.url and not self.file:
            problems.append("A resource needs an address or a file.")
        return problems

    def publish_problems(self) -> list[str]:
        """Everything that stops this resource from being published; empty when it is ready."""
        return self.content_problems()

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url

    @staticmethod
    def kind_for_title(title: str) -> str:
        """Guess the kind of an imported report from its title; editors can correct it."""
        lowered = title.casefold()
        for words, kind in (
            (("spotlight",), ResourceKind.SPOTLIGHT),
            (("final report",), ResourceKind.FINAL_REPORT),
            (("brief",), ResourceKind.RESEARCH_BRIEF),
            (("journal", "article"), ResourceKind.ARTICLE),
            (("webinar",), ResourceKind.WEBINAR),
            (("guide",), ResourceKind.GUIDE),
        ):
            if any(word in lowered for word in words):
                return kind
        return ResourceKind.OTHER
