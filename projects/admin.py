from django.contrib import admin
from django.db.models import Count

from lessons.models import Lesson

from .models import (
    Agency,
    CrimeProblem,
    Outcome,
    Project,
    Researcher,
    ResearchPartner,
    Resource,
    SlugRedirect,
    Source,
    Strategy,
)


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "project_count"]
    search_fields = ["name", "synonyms", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    @admin.display(description="projects", ordering="project_count")
    def project_count(self, obj):
        return obj.project_count


admin.site.register(Strategy, TaxonomyAdmin)
admin.site.register(CrimeProblem, TaxonomyAdmin)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "agency_type", "settlement_type", "population"]
    list_filter = ["state", "agency_type", "settlement_type"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}


class ResearcherInline(admin.TabularInline):
    model = Researcher
    extra = 0
    fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ResearchPartner)
class ResearchPartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    search_fields = ["name", "department"]
    prepopulated_fields = {"slug": ["name", "department"]}
    inlines = [ResearcherInline]


@admin.register(Researcher)
class ResearcherAdmin(admin.ModelAdmin):
    list_display = ["name", "partner"]
    list_select_related = ["partner"]
    search_fields = ["name"]
    autocomplete_fields = ["partner"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "title"]
    search_fields = ["url", "title"]


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        ("measure", "category"),
        ("value", "unit", "direction", "significance"),
        ("ci_low", "ci_high"),
        ("comparison", "time_window", "place_unit"),
        ("source", "source_page"),
        ("result_key", "is_headline", "order"),
        "note",
    ]


class LessonInline(admin.TabularInline):
    model = Lesson.projects.through
    extra = 0
    autocomplete_fields = ["lesson"]
    verbose_name = "lesson"
    verbose_name_plural = "lessons from this project"


class ResourceInline(admin.TabularInline):
    model = Resource.projects.through
    extra = 0
    autocomplete_fields = ["resource"]
    verbose_name = "resource"
    verbose_name_plural = "resources"


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["display_title", "agency", "cohort_year", "status", "stage", "featured"]
    list_filter = ["status", "cohort_year", "stage", "design", "strategies", "agency__state"]
    list_select_related = ["agency"]
    search_fields = ["title", "award_title", "agency__name", "agency__city", "summary"]
    autocomplete_fields = [
        "agency",
        "strategies",
        "crime_problems",
        "research_partners",
        "researchers",
        "sources",
    ]
    readonly_fields = ["identity", "first_published_at", "version", "unmapped_terms"]
    inlines = [OutcomeInline, LessonInline, ResourceInline]
    fieldsets = [
        (None, {"fields": ["status", "go_live_at", "featured", "title", "slug", "agency"]}),
        (
            "Award",
            {
                "fields": [
                    "cohort_year",
                    "phase",
                    "award_title",
                    "award_number",
                    "award_amount",
                    "stage",
                ]
            },
        ),
        (
            "Focus",
            {
                "fields": [
                    "strategies",
                    "crime_problems",
                    "unmapped_terms",
                    ("target", "specificity", "proactivity"),
                ]
            },
        ),
        (
            "Research",
            {"fields": ["research_partners", "researchers", "study_design", "design", "sms_level"]},
        ),
        (
            "Case study",
            {
                "fields": [
                    "summary",
                    "problem",
                    "response",
                    "implementation",
                    "research_design",
                    "findings",
                    "sustainment",
                    "notes",
                ]
            },
        ),
        ("Media and sources", {"fields": ["image", "image_alt", "sources"]}),
        ("Record", {"fields": ["identity", "first_published_at", "version"]}),
    ]

    @admin.display(description="project", ordering="title")
    def display_title(self, obj):
        return obj.display_title


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["measure", "project", "display_value", "significance", "is_headline"]
    list_filter = ["category", "unit", "significance", "is_headline"]
    list_select_related = ["project__agency"]
    search_fields = ["measure", "project__title", "project__agency__name"]
    autocomplete_fields = ["project", "source"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "description", "url"]
    autocomplete_fields = ["projects"]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "project"]
    list_select_related = ["project__agency"]
    search_fields = ["old_slug", "project__slug"]
    autocomplete_fields = ["project"]
