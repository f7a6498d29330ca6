"""A case study (/sites/<slug>/): the project's page, with the lessons drawn from it.

The page shows what two apps hold, so the site serves it; the projects app gathers everything
about the project itself (:func:`projects.case_study.case_study_context`). The editors' preview
in the admin renders the same template from the same context."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lessons.models import Lesson
from projects.case_study import case_study_context as project_context
from projects.case_study import case_study_queryset
from projects.models import Project
from projects.views.case_studies import published_or_redirect
from projects.views.common import published_projects

TEMPLATE = "spi_portal/case_study.html"


def case_study_context(project: Project, request) -> dict:
    """The template context of :data:`TEMPLATE`; ``project`` should come from
    :func:`projects.case_study.case_study_queryset`."""
    lessons = Lesson.objects.published().filter(projects=project).select_related("core_practice")
    return {**project_context(project, request), "lessons": lessons}


def case_study(request: HttpRequest, slug: str) -> HttpResponse:
    project, moved = published_or_redirect(slug, case_study_queryset(published_projects()))
    if moved is not None:
        return redirect(moved, permanent=True)
    return render(request, TEMPLATE, case_study_context(project, request))
