from django import forms
from django.contrib import admin

from editorial.admin import PublishableAdmin, status_badge
from editorial.provisional import PopupProvisionalMixin

from .models import Audience, CorePractice, Lesson


class LessonInline(admin.TabularInline):
    """The lessons drawn from a project, on the project's form (added there by the site shell,
    since the projects app does not know about lessons)."""

    template = "admin/editorial/tabular.html"
    model = Lesson.projects.through
    extra = 0
    autocomplete_fields = ["lesson"]
    verbose_name = "lesson"
    verbose_name_plural = "lessons from this project"


@admin.register(CorePractice)
class CorePracticeAdmin(PopupProvisionalMixin, admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Lesson)
class LessonAdmin(PopupProvisionalMixin, PublishableAdmin):
    list_display = ["title", "core_practice", status_badge, "readiness"]
    list_filter = ["status", "core_practice", "evidence", "strategies"]
    list_select_related = ["core_practice"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["core_practice", "projects", "strategies", "crime_problems", "source"]
    readonly_fields = ["first_published_at", "version"]
    public_template = "lessons/lesson_detail.html"
    markdown_fields = ("body",)

    @admin.display(description="completeness")
    def readiness(self, obj):
        problems = obj.content_problems()
        return " ".join(problems) if problems else "Ready"

    def preview_queryset(self):
        return Lesson.objects.for_detail()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "audiences":
            # Ticked from the list, so an editor cannot mistype one.
            return forms.MultipleChoiceField(
                choices=Audience.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Audiences",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
