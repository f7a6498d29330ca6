from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Lesson


def lesson_list(request: HttpRequest) -> HttpResponse:
    lessons = Lesson.objects.published().with_cards()
    page = Paginator(lessons, 30).get_page(request.GET.get("page"))
    return render(request, "lessons/lesson_list.html", {"page": page})


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_object_or_404(
        Lesson.objects.published()
        .with_cards()
        .select_related("source")
        .prefetch_related("projects__agency"),
        slug=slug,
    )
    return render(request, "lessons/lesson_detail.html", {"lesson": lesson})
