"""Every record a search finds, not one page of it: what a search's downloads and feed hold.

The search runs exactly as the page runs it (same engine, same relaxed retry), only with one
page large enough for every hit, so the records keep the order the reader saw them in.
"""

from dataclasses import replace

from django.db.models import Case, IntegerField, When

from lessons.models import Lesson
from projects.models import Project

from .backends import get_backend
from .documents import split_key
from .query import SearchRequest

# More than the portal's whole corpus; a bound all the same, so one request stays cheap.
MAX_RECORDS = 5000


def matching_pks(search: SearchRequest) -> dict[str, list[int]]:
    """The primary keys of every hit, by kind, best first (or newest first, as sorted)."""
    results = get_backend().search(replace(search, page=1, per_page=MAX_RECORDS))
    found: dict[str, list[int]] = {}
    for hit in results.hits:
        kind, pk = split_key(hit.key)
        found.setdefault(kind, []).append(pk)
    return found


def in_order(queryset, pks: list[int]):
    """``queryset`` restricted to ``pks``, in the order of ``pks``."""
    position = Case(
        *(When(pk=pk, then=number) for number, pk in enumerate(pks)), output_field=IntegerField()
    )
    return queryset.filter(pk__in=pks).order_by(position)


def matching_projects(search: SearchRequest):
    return in_order(Project.objects.published(), matching_pks(search).get("project", []))


def matching_lessons(search: SearchRequest):
    return in_order(Lesson.objects.published(), matching_pks(search).get("lesson", []))
