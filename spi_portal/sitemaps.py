"""sitemap.xml: every public page, and only public ones."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from lessons.models import CorePractice, Lesson
from projects.models import CrimeProblem, Project, Strategy
from projects.views.common import public_agencies, public_partners


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home", "projects:list", "projects:findings", "projects:agency-list",
            "strategy-list", "crime-problem-list", "projects:partner-list",
            "about", "projects:open-data", "lessons:list",
        ]  # fmt: skip

    def location(self, item):
        return reverse(item)


class ProjectSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Project.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class LessonSitemap(ProjectSitemap):
    priority = 0.6

    def items(self):
        return Lesson.objects.published().order_by("pk")


class DirectorySitemap(Sitemap):
    """Taxonomy terms, core practices, agencies and partners (the last two only with a
    published project)."""

    changefreq = "monthly"

    def items(self):
        return [
            *Strategy.objects.order_by("pk"),
            *CrimeProblem.objects.order_by("pk"),
            *CorePractice.objects.order_by("pk"),
            *public_agencies(),
            *public_partners(),
        ]


SITEMAPS = {
    "pages": StaticSitemap,
    "projects": ProjectSitemap,
    "lessons": LessonSitemap,
    "directory": DirectorySitemap,
}
