from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lessons.filters import LessonFilter
from projects.views.common import paginate

from .models import CorePractice, Lesson

LESSONS_PER_PAGE = 40


def _lesson_browser(request: HttpRequest, data, practice=None) -> HttpResponse:
    filterset = LessonFilter(data, queryset=Lesson.objects.published().with_cards())
    errors = filterset.error_messages()
    facets = filterset.facet_groups(request.GET)
    context = {
        "filter": filterset,
        "facets": [g for g in facets if not (practice and g.name == "practice")],
        "errors": errors,
        "page": paginate(request, filterset.qs, LESSONS_PER_PAGE),
        "practice": practice,
        "practices": CorePractice.objects.all(),
    }
    return render(request, "lessons/lesson_list.html", context, status=400 if errors else 200)


def lesson_list(request: HttpRequest) -> HttpResponse:
    return _lesson_browser(request, request.GET)


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One core practice's lessons: the lesson browser with the practice fixed by the address."""
    practice = get_object_or_404(CorePractice, slug=slug)
    data = request.GET.copy()
    data["practice"] = practice.slug
    return _lesson_browser(request, data, practice)


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.published().for_detail(), slug=slug)
    return render(request, "lessons/lesson_detail.html", {"lesson": lesson})
