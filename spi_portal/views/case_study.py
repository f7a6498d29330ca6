"""A case study (/sites/<slug>/): the project's page, with the lessons drawn from it.

The page shows what two apps hold, so the site serves it; the projects app gathers everything
about the project itself (:func:`projects.case_study.case_study_context`). The editors' preview
in the admin renders the same template from the same context."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from editorial.drafts import has_newer_draft
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
    context = case_study_context(project, request)
    editor = request.user.is_staff and request.user.has_perm("projects.change_project")
    if editor and has_newer_draft(project):
        # Only for staff, and never kept by a cache: the public page is the same for everyone.
        context["newer_draft_url"] = reverse("admin:projects_project_change", args=[project.pk])
        response = render(request, TEMPLATE, context)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
    return render(request, TEMPLATE, context)
