from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from lessons.models import Lesson

from .models import Agency, Outcome, Project, SlugRedirect


def home(request: HttpRequest) -> HttpResponse:
    projects = Project.objects.published()
    context = {
        "figures": {
            "agencies": Agency.objects.filter(projects__in=projects).distinct().count(),
            "projects": projects.count(),
            "outcomes": Outcome.objects.filter(project__in=projects).count(),
            "lessons": Lesson.objects.published().count(),
        },
        "featured": projects.filter(featured=True).with_cards()[:6],
    }
    return render(request, "projects/home.html", context)


def project_list(request: HttpRequest) -> HttpResponse:
    projects = Project.objects.published().with_cards()
    page = Paginator(projects, 24).get_page(request.GET.get("page"))
    return render(request, "projects/project_list.html", {"page": page})


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = (
        Project.objects.published()
        .with_cards()
        .with_outcomes()
        .prefetch_related("sources", "research_partners", "researchers")
        .filter(slug=slug)
        .first()
    )
    if project is None:
        moved = get_object_or_404(SlugRedirect.objects.select_related("project"), old_slug=slug)
        return redirect(moved.project, permanent=True)
    return render(request, "projects/project_detail.html", {"project": project})
