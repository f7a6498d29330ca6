"""Case studies side by side (/sites/compare/), each column with the lessons drawn from it: the
page reads two apps, so the site serves it. The projects app's list and "agencies like mine"
offer it through the compare tray (``templates/includes/compare_form.html``)."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lessons.models import Lesson
from projects.case_study import group_outcomes
from projects.forms import COMPARE_MAX, COMPARE_MIN, CompareForm
from projects.views.common import published_projects


def _compare_queryset():
    """Published projects with everything a comparison column shows, in constant queries."""
    return (
        published_projects()
        .with_cards()
        .with_outcomes()
        .prefetch_related(
            "sources",
            "research_partners",
            Prefetch("lessons", queryset=Lesson.objects.published()),
        )
    )


def compare(request: HttpRequest) -> HttpResponse:
    """Two to four case studies side by side, at a shareable address (``?p=slug&p=slug``).
    Without a choice the page offers every case study to pick from; a wrong choice is a 400
    that says what was wrong, with the picker to put it right."""
    chosen = request.GET.getlist("p")
    form = CompareForm(request.GET if chosen else None, projects=_compare_queryset())
    projects = form.cleaned_data["p"] if form.is_bound and form.is_valid() else []
    context = {
        "form": form,
        "projects": projects,
        "columns": [(project, group_outcomes(project.outcomes.all())) for project in projects],
        "choices": published_projects()
        .select_related("agency")
        .order_by("agency__name", "cohort_year"),
        "chosen": set(chosen),
        "compare_min": COMPARE_MIN,
        "compare_max": COMPARE_MAX,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "spi_portal/compare.html", context, status=status)
