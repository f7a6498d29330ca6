from django.contrib import admin

from .models import CorePractice, Lesson


@admin.register(CorePractice)
class CorePracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "core_practice", "status"]
    list_filter = ["status", "core_practice", "strategies"]
    list_select_related = ["core_practice"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["projects", "strategies", "crime_problems", "source"]
    readonly_fields = ["first_published_at", "version"]
