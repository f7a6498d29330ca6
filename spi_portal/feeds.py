"""An Atom feed of newly published case studies and lessons, newest first."""

from itertools import islice
from operator import attrgetter

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from lessons.models import Lesson
from projects.models import Project

FEED_SIZE = 30


class NewContentFeed(Feed):
    feed_type = Atom1Feed
    title = "SPI Portal: new case studies and lessons"
    subtitle = "Newly published Smart Policing Initiative case studies and lessons learned."
    link = reverse_lazy("home")

    def items(self):
        projects = Project.objects.published().select_related("agency")
        lessons = Lesson.objects.published().select_related("core_practice")
        newest = [
            *projects.order_by("-first_published_at")[:FEED_SIZE],
            *lessons.order_by("-first_published_at")[:FEED_SIZE],
        ]
        newest.sort(key=attrgetter("first_published_at"), reverse=True)
        return list(islice(newest, FEED_SIZE))

    def item_title(self, item):
        if isinstance(item, Project):
            return f"Case study: {item.agency.name}: {item.display_title}"
        return f"Lesson: {item.title}"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        if isinstance(item, Project):
            return ["Case study"]
        return ["Lesson learned", item.core_practice.name]
