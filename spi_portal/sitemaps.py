"""The sitemap: an index of sections, each split into pages of at most ``PAGE_SIZE`` addresses, so
no file grows with the data. Every public page, and only public ones."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from lessons.models import CorePractice, Lesson
from projects.models import CrimeProblem, Project, Strategy
from projects.views.common import public_agencies, public_partners

PAGE_SIZE = 1000


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home", "projects:list", "projects:findings", "projects:agency-list",
            "strategy-list", "crime-problem-list", "projects:partner-list",
            "about", "open-data", "lessons:list",
        ]  # fmt: skip

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    """One kind of record page. ``records`` is called for each request, so the section is never
    older than the data; only the fields an address (and its date) needs are read."""

    limit = PAGE_SIZE
    changefreq = "monthly"

    def __init__(self, records, *, priority=0.5, dated=False):
        self.records, self.priority, self.dated = records, priority, dated

    def items(self):
        fields = ("slug", "updated_at") if self.dated else ("slug",)
        return self.records().only(*fields).order_by("pk")

    def lastmod(self, item):
        return item.updated_at if self.dated else None

    def get_latest_lastmod(self):
        """The index's date for the section, in one aggregate: Django's own reads every record
        of it to take the latest."""
        if not self.dated:
            return None
        return self.records().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "pages": StaticSitemap,
    "projects": RecordSitemap(Project.objects.published, priority=0.8, dated=True),
    "lessons": RecordSitemap(Lesson.objects.published, priority=0.6, dated=True),
    "strategies": RecordSitemap(Strategy.objects.all),
    "crime-problems": RecordSitemap(CrimeProblem.objects.all),
    "practices": RecordSitemap(CorePractice.objects.all),
    # Agencies and partners only with a published project.
    "agencies": RecordSitemap(public_agencies),
    "partners": RecordSitemap(public_partners),
}
