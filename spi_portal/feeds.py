"""Atom feeds of newly published case studies and lessons, newest first: the whole portal's, one
per strategy and crime problem, and one per search.

Each feed holds the records of its page (a term feed the term page's projects and lessons, a
search feed the search's hits), so following a page means following exactly what it lists.
"""

from abc import ABC, abstractmethod
from itertools import islice
from operator import attrgetter

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from editorial.text import safe_url
from lessons.models import Lesson
from projects.models import Project
from search.backends import IndexUnavailable
from search.forms import SearchForm, facet_value_labels
from search.selection import matching_pks
from search.views import unavailable_response
from spi_portal.views.taxonomy import KINDS, term_projects

FEED_SIZE = 30


class ContentFeed(Feed, ABC):
    """Case studies and lessons, newest published first. A subclass says which, in
    ``selection(obj)``: a queryset of published projects and one of published lessons."""

    feed_type = Atom1Feed

    @abstractmethod
    def selection(self, obj):
        """(published projects, published lessons) for ``obj``."""

    def items(self, obj):
        projects, lessons = self.selection(obj)
        newest = [
            *projects.select_related("agency").order_by("-first_published_at")[:FEED_SIZE],
            *lessons.select_related("core_practice").order_by("-first_published_at")[:FEED_SIZE],
        ]
        newest.sort(key=attrgetter("first_published_at"), reverse=True)
        return list(islice(newest, FEED_SIZE))

    def item_title(self, item):
        if isinstance(item, Project):
            return f"Case study: {item.name}"
        return f"Lesson: {item.title}"

    def item_description(self, item):
        # Atom sends the description as HTML, and feed readers do not apply the site's CSP:
        # the summary is plain text on the pages, so it is escaped to stay text here.
        return escape(item.summary)

    def item_link(self, item):
        return safe_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        if isinstance(item, Project):
            return ["Case study"]
        return ["Lesson learned", item.core_practice.name]


class NewContentFeed(ContentFeed):
    title = "SPI Portal: new case studies and lessons"
    subtitle = "Newly published Smart Policing Initiative case studies and lessons learned."
    link = reverse_lazy("home")

    def selection(self, obj):
        return Project.objects.case_studies(), Lesson.objects.published()


class TermFeed(ContentFeed):
    """One strategy's or crime problem's new case studies and lessons."""

    def get_object(self, request, kind: str, slug: str):
        return kind, get_object_or_404(KINDS[kind]["model"], slug=slug)

    def selection(self, obj):
        kind, term = obj
        lessons = Lesson.objects.published().filter(**{KINDS[kind]["relation"]: term})
        return term_projects(kind, term)[0], lessons

    def title(self, obj):
        return f"SPI Portal: {obj[1].name}"

    def subtitle(self, obj):
        return (
            f"New Smart Policing Initiative case studies and lessons on {obj[1].name_in_sentence}."
        )

    def link(self, obj):
        return obj[1].get_absolute_url()


class _InvalidSearch(Exception):
    pass


class SearchFeed(ContentFeed):
    """The case studies and lessons a search finds, newest published first: a saved search."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except _InvalidSearch as error:
            return HttpResponse(str(error), status=400, content_type="text/plain")
        except IndexUnavailable as error:
            return unavailable_response(error)

    def get_object(self, request):
        form = SearchForm(request.GET, facet_value_labels())
        if not form.is_valid():
            raise _InvalidSearch(form.errors.as_text())
        return form.search_request(), request.GET.urlencode()

    def selection(self, obj):
        pks = matching_pks(obj[0])
        return (
            Project.objects.case_studies().filter(pk__in=pks.get("project", [])),
            Lesson.objects.published().filter(pk__in=pks.get("lesson", [])),
        )

    def title(self, obj):
        return f"SPI Portal: search “{obj[0].text}”"

    def link(self, obj):
        return f"{reverse('search')}?{obj[1]}"
