"""The project form as editors use it, registered once here, where both apps are known: the
lessons drawn from the project beside its outcomes, and a preview of its case study (the site's
page)."""

from django.contrib import admin

from lessons.admin import LessonInline
from projects.admin import ExternalRatingInline, OutcomeInline, ProjectAdmin, ResourceInline
from projects.case_study import case_study_queryset
from projects.models import Project
from spi_portal.views.case_study import TEMPLATE, case_study_context


@admin.register(Project)
class CaseStudyAdmin(ProjectAdmin):
    inlines = [OutcomeInline, ExternalRatingInline, LessonInline, ResourceInline]
    public_template = TEMPLATE

    def preview_queryset(self):
        return case_study_queryset()

    def preview_context(self, obj, request):
        return case_study_context(obj, request)
