from django.contrib import admin
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import path, reverse
from django.utils.html import format_html

from editorial.admin import PublishableAdmin, status_badge
from editorial.forms import NormalisedModelForm, NumberField
from editorial.images import SafeImageField, renditions_for_changed_images
from editorial.provisional import PopupProvisionalMixin

from .admin_forms import OutcomeForm, ProjectForm
from .curation import unmapped_terms
from .curation_admin import PERMISSION as CURATE_PERMISSION
from .curation_admin import unmapped_terms_view
from .merge_admin import MergeActionMixin
from .models import (
    Agency,
    CrimeProblem,
    ExternalRating,
    Outcome,
    PartnerRedirect,
    ReaderPhrase,
    Researcher,
    ResearchPartner,
    Resource,
    SlugRedirect,
    Source,
    Strategy,
)
from .models.projects import CASE_STUDY_FIELDS, CASE_STUDY_SECTIONS


class TaxonomyAdmin(MergeActionMixin, admin.ModelAdmin):
    actions = ["merge_selected"]
    # Terms are the curators' (no one deletes them): merging one is for Publishers who curate.
    merge_permissions = (CURATE_PERMISSION, "projects.publish_project")
    form = NormalisedModelForm
    list_display = ["name", "slug", "project_count"]
    search_fields = ["name", "synonyms", "description"]
    prepopulated_fields = {"slug": ["name"]}
    change_list_template = "admin/projects/taxonomy_change_list.html"

    def changelist_view(self, request, extra_context=None):
        """The list links to the imported terms waiting to be mapped, for those who may."""
        count = len(unmapped_terms()) if request.user.has_perm(CURATE_PERMISSION) else None
        return super().changelist_view(request, {**(extra_context or {}), "unmapped_count": count})

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    @admin.display(description="projects", ordering="project_count")
    def project_count(self, obj):
        return obj.project_count


admin.site.register(Strategy, TaxonomyAdmin)
admin.site.register(CrimeProblem, TaxonomyAdmin)


@admin.register(ReaderPhrase)
class ReaderPhraseAdmin(admin.ModelAdmin):
    """The editors' part of the question box's lexicon: a reader's wording and the term it
    means. Listed beside the unmapped terms (which grow the taxonomy's synonyms)."""

    list_display = ["phrase", "crime_problem", "strategy"]
    list_filter = ["crime_problem", "strategy"]
    search_fields = ["phrase"]
    list_select_related = ["crime_problem", "strategy"]
    autocomplete_fields = ["crime_problem", "strategy"]


@admin.register(Agency)
class AgencyAdmin(MergeActionMixin, PopupProvisionalMixin, admin.ModelAdmin):
    actions = ["merge_selected"]
    form = NormalisedModelForm
    # The (width, height) the agency page shows a patch at: made when a new one is saved.
    page_renditions = {"patch": [(120, None)]}
    formfield_overrides = {
        models.ImageField: {"form_class": SafeImageField},
        models.DecimalField: {"form_class": NumberField},
    }
    list_display = ["name", "city", "state", "agency_type", "settlement_type", "population"]
    list_filter = ["state", "agency_type", "settlement_type"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        renditions_for_changed_images(form, obj, self.page_renditions)


class ResearcherInline(admin.TabularInline):
    template = "admin/editorial/tabular.html"
    model = Researcher
    extra = 0
    fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ResearchPartner)
class ResearchPartnerAdmin(MergeActionMixin, PopupProvisionalMixin, admin.ModelAdmin):
    actions = ["merge_selected"]
    form = NormalisedModelForm
    list_display = ["name", "department"]
    search_fields = ["name", "department"]
    prepopulated_fields = {"slug": ["name", "department"]}
    inlines = [ResearcherInline]


@admin.register(Researcher)
class ResearcherAdmin(MergeActionMixin, PopupProvisionalMixin, admin.ModelAdmin):
    actions = ["merge_selected"]
    form = NormalisedModelForm
    list_display = ["name", "partner"]
    list_select_related = ["partner"]
    search_fields = ["name"]
    autocomplete_fields = ["partner"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(PopupProvisionalMixin, admin.ModelAdmin):
    form = NormalisedModelForm
    list_display = ["title", "kind", "publisher", "date", "url", "copy_of"]
    list_filter = ["kind"]
    list_select_related = ["copy_of"]
    search_fields = ["url", "title", "publisher"]
    autocomplete_fields = ["copy_of"]
    fields = ["url", "title", "kind", "publisher", "date", "copy_of"]


class OutcomeInline(admin.StackedInline):
    model = Outcome
    form = OutcomeForm
    formfield_overrides = {models.DecimalField: {"form_class": NumberField}}
    extra = 0
    autocomplete_fields = ["source", "crime_problem"]
    fields = [
        ("measure", "category", "crime_problem"),
        ("value", "unit", "direction", "significance"),
        ("ci_low", "ci_high"),
        ("comparison", "time_window", "place_unit"),
        ("source", "source_page"),
        ("result_key", "is_headline", "order"),
        "note",
    ]


class ExternalRatingInline(admin.StackedInline):
    """Other clearinghouses' ratings of the same study, in their own words."""

    model = ExternalRating
    extra = 0
    fields = [("clearinghouse", "rating", "evidence"), ("name", "url"), "covers", "order"]


class ResourceInline(admin.TabularInline):
    template = "admin/editorial/tabular.html"
    model = Resource.projects.through
    extra = 0
    autocomplete_fields = ["resource"]
    verbose_name = "resource"
    verbose_name_plural = "resources"


class ProjectAdmin(PublishableAdmin):
    """The project form. The site registers it (spi_portal/admin.py), with what this app cannot
    know: the lessons drawn from the project, and the case study (a page of the site) to
    preview."""

    form = ProjectForm
    markdown_fields = (*CASE_STUDY_FIELDS, "caveats")
    # State and completeness first: they are what an editor scans the list for.
    list_display = ["name", status_badge, "readiness", "agency", "cohort_year"]
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
        "design_source",
        "sms_source",
        "stage_source",
    ]
    readonly_fields = ["identity", "first_published_at", "version", "not_yet_classified"]
    inlines = [OutcomeInline, ExternalRatingInline, ResourceInline]
    # The card and the case-study page's sizes of a project's image.
    page_renditions = {"image": [(640, 360), (960, None)]}
    fieldsets = [
        (
            None,
            {"fields": ["status", "go_live_at", "featured", "title", "headline", "slug", "agency"]},
        ),
        (
            "Award",
            {
                "description": "The facts of this award, as its own profile gives them.",
                "fields": [
                    "cohort_year",
                    "phase",
                    "award_title",
                    "award_number",
                    "award_amount",
                    ("population", "area_sq_mi", "settlement_type"),
                    "stage",
                    ("stage_rationale", "stage_source"),
                ],
            },
        ),
        (
            "Focus",
            {
                "fields": [
                    "strategies",
                    "crime_problems",
                    "not_yet_classified",
                    ("target", "matrix_target", "specificity", "proactivity"),
                ]
            },
        ),
        (
            "Research",
            {
                "description": "Each rating needs a short reason and the source it rests on; "
                "leave the Maryland level empty when the sources do not describe the comparison.",
                "fields": [
                    "research_partners",
                    "researchers",
                    "study_design",
                    ("design", "design_planned"),
                    ("design_rationale", "design_source"),
                    "sms_level",
                    ("sms_rationale", "sms_source"),
                ],
            },
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
                    "caveats",
                    "notes",
                ]
            },
        ),
        ("Media and sources", {"fields": ["image", "image_alt", "sources"]}),
        ("Record", {"fields": ["identity", "first_published_at", "version"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                outcome_count=Count("outcomes", distinct=True),
                unsourced_count=Count(
                    "outcomes", filter=Q(outcomes__source__isnull=True), distinct=True
                ),
            )
        )

    @admin.display(description="not yet classified")
    def not_yet_classified(self, obj):
        """Imported wording the taxonomy does not know, with the way to map it."""
        terms = [*obj.unmapped_strategies, *obj.unmapped_crime_types]
        if not terms:
            return "—"
        return format_html(
            '{} · <a href="{}">map on the unmapped terms page</a>',
            "; ".join(terms),
            reverse("admin:projects_project_unmapped_terms"),
        )

    @admin.display(description="project", ordering="agency__name")
    def name(self, obj):
        return obj.name

    @admin.display(description="completeness")
    def readiness(self, obj):
        """What is missing, from the row alone: the database already refuses outcome values
        out of range or against their direction, so sections and sources are what can lack."""
        missing_required = len(obj.content_problems(has_outcomes=obj.outcome_count > 0))
        parts = [f"{obj.filled_section_count} of {len(CASE_STUDY_SECTIONS)} sections written"]
        parts.append(f"{obj.outcome_count} outcomes")
        if obj.unsourced_count:
            parts.append(f"{obj.unsourced_count} without source")
        if missing_required:
            parts.append(f"{missing_required} required empty")
        ready = not (missing_required or obj.unsourced_count)
        return format_html(
            '<span class="{}">{}{}</span>',
            "readiness-ok" if ready else "readiness-missing",
            "Can be published: " if ready else "Missing: ",
            ", ".join(parts),
        )

    def with_publish_checks(self, queryset):
        return queryset.prefetch_related(Prefetch("outcomes"))

    def get_urls(self):
        curation = self.admin_site.admin_view(unmapped_terms_view(self))
        page = path("unmapped-terms/", curation, name="projects_project_unmapped_terms")
        return [page, *super().get_urls()]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    form = OutcomeForm
    formfield_overrides = OutcomeInline.formfield_overrides
    list_display = ["measure", "project", "display_value", "significance", "is_headline"]
    list_filter = ["category", "unit", "significance", "is_headline"]
    list_select_related = ["project__agency"]
    search_fields = ["measure", "project__title", "project__agency__name"]
    autocomplete_fields = ["project", "source"]


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    list_display = ["title", "kind", status_badge]
    list_filter = ["kind", "status"]
    search_fields = ["title", "description", "url"]
    autocomplete_fields = ["projects"]
    readonly_fields = ["first_published_at", "version"]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "project"]
    list_select_related = ["project__agency"]
    search_fields = ["old_slug", "project__slug"]
    autocomplete_fields = ["project"]


@admin.register(PartnerRedirect)
class PartnerRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "partner"]
    list_select_related = ["partner"]
    search_fields = ["old_slug", "partner__slug", "partner__name"]
    autocomplete_fields = ["partner"]
