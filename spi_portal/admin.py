"""The project form as editors use it: with the lessons drawn from the project beside its outcomes.

The projects app cannot name lessons (dependencies run one way), so the shell, which sees both,
registers the project admin with the lessons inline added."""

from django.contrib import admin

from lessons.admin import LessonInline
from projects.admin import ProjectAdmin
from projects.models import Project


class PortalProjectAdmin(ProjectAdmin):
    inlines = [*ProjectAdmin.inlines[:1], LessonInline, *ProjectAdmin.inlines[1:]]


admin.site.unregister(Project)
admin.site.register(Project, PortalProjectAdmin)
