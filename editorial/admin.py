"""The admin for records that go through the editorial workflow (projects, lessons, resources).

`PublishableAdmin` adds, on top of a plain ModelAdmin: role-limited status choices and bulk
actions, audit events for publish, unpublish and delete, a revision at every save, optimistic
locking (through EditorialForm), the state as a badge, preview and revision pages, and checked
image uploads.
"""

from django.contrib import admin, messages
from django.db import models
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from editorial.models import AuditAction, AuditEvent, PublicationStatus

from . import views
from .forms import EditorialForm, LabelledSplitDateTime, NumberField
from .images import SafeImageField, renditions_for_changed_images
from .presence import others_editing
from .provisional import ConfirmsProvisionalMixin
from .revisions import record_revision, record_revision_if_changed, revisions_of
from .workflow import audit, can_publish, move, record_status_change

Status = PublicationStatus


@admin.display(description="state", ordering="status")
def status_badge(obj):
    label = obj.get_status_display()
    if obj.status == Status.PUBLISHED and not obj.is_public:
        label = f"Scheduled for {timezone.localtime(obj.go_live_at):%b %d, %Y %H:%M}"
        return format_html('<span class="status-badge status-scheduled">{}</span>', label)
    return format_html('<span class="status-badge status-{}">{}</span>', obj.status, label)


class PublishableAdmin(ConfirmsProvisionalMixin, admin.ModelAdmin):
    form = EditorialForm
    change_form_template = "admin/editorial/publishable_change_form.html"
    formfield_overrides = {
        models.ImageField: {"form_class": SafeImageField},
        models.DecimalField: {"form_class": NumberField},
        models.DateTimeField: {"widget": LabelledSplitDateTime},
    }
    actions = ["submit_for_review", "publish_selected", "unpublish_selected"]
    # The template of the record's public page; None: it has no page, so no preview.
    public_template = None
    # The (width, height) each image field is shown at on public pages, by field name: made
    # when a new image is saved.
    page_renditions: dict[str, list] = {}
    # The fields public pages render as Markdown: the form says so beside them.
    markdown_fields: tuple = ()

    class Media:
        css = {"all": ["editorial/editorial.css"]}

    # Roles

    def has_publish_permission(self, request, obj=None) -> bool:
        return can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("go_live_at")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        if "base_version" not in admin.utils.flatten_fieldsets(fieldsets):
            fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "base_version"]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        attrs = {"user": request.user, "markdown_fields": self.markdown_fields}
        return type(form.__name__, (form,), attrs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["also_editing"] = others_editing(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj):
        """Only a live record has a public page to link to; the rest get "Preview"."""
        public_url = getattr(obj, "get_absolute_url", None)
        return public_url() if public_url and obj.is_public else None

    # Saving: audit events and revisions

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("status") if change else None
        if change and not revisions_of(obj).exists():
            # Keep the state before the first admin edit, so it can be compared and restored.
            record_revision(
                type(obj)._default_manager.get(pk=obj.pk), None, "Before the first admin edit"
            )
        super().save_model(request, obj, form, change)
        renditions_for_changed_images(form, obj, self.page_renditions)
        record_status_change(obj, previous, request.user)

    def warn(self, request, obj) -> None:
        """What the publish checks flag without refusing (``publish_warnings()``, where the
        model has it): the editor decides."""
        for warning in getattr(obj, "publish_warnings", list)():
            self.message_user(request, f"“{obj}”: {warning}", messages.WARNING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            record_revision_if_changed(form.instance, request.user, form.revision_note or "Saved")
            if form.revision_note:
                # The editor is told what the save merged, not only the revision list.
                self.message_user(request, form.revision_note, messages.INFO)
        else:
            record_revision(form.instance, request.user, "Created")
        # After the inlines: the warnings compare the text with the outcomes just saved.
        self.warn(request, form.instance)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit(obj, AuditAction.DELETE, request.user)
        super().log_deletions(request, queryset)

    # Bulk actions

    @admin.action(description="Submit selected for review")
    def submit_for_review(self, request, queryset):
        waiting = queryset.filter(status__in=[Status.DRAFT, Status.UNPUBLISHED])
        self._move_each(request, waiting, Status.IN_REVIEW, "Submitted for review")

    @admin.action(description="Publish selected", permissions=["publish"])
    def publish_selected(self, request, queryset):
        candidates = self.with_publish_checks(queryset.exclude(status=Status.PUBLISHED))
        self._move_each(request, self._ready(request, candidates), Status.PUBLISHED, "Published")

    @admin.action(description="Unpublish selected", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        live = queryset.filter(status=Status.PUBLISHED)
        self._move_each(request, live, Status.UNPUBLISHED, "Unpublished")

    def _ready(self, request, records):
        """The records that pass the publish checks; each one that fails is named, with why."""
        for obj in records:
            problems = obj.publish_problems()
            if problems:
                message = f"“{obj}” was not published: {' '.join(problems)}"
                self.message_user(request, message, messages.ERROR)
            else:
                self.warn(request, obj)
                yield obj

    def _move_each(self, request, records, status, note):
        moved = 0
        for obj in records:
            move(obj, status, request.user, note)
            moved += 1
        self.message_user(request, f"{moved} {note.lower()}.", messages.SUCCESS)

    def with_publish_checks(self, queryset):
        """What publish_problems() reads, fetched up front."""
        return queryset

    # Pages: preview and history

    def get_urls(self):
        pages = [
            ("<path:object_id>/revisions/", views.revision_list, "revisions"),
            ("<path:object_id>/revisions/compare/", views.revision_compare, "compare"),
            (
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                views.revision_restore,
                "restore",
            ),
        ]
        if self.public_template:
            pages.append(("<path:object_id>/preview/", views.preview, "preview"))
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        urls = [
            path(route, self.admin_site.admin_view(page(self)), name=f"{prefix}_{name}")
            for route, page, name in pages
        ]
        return urls + super().get_urls()

    def preview_queryset(self):
        """The record as the public page fetches it."""
        return self.model._default_manager.all()

    def preview_context(self, obj, request) -> dict:
        """The public page's template context for `obj`, as `request` would see it: by default
        the record under its model's name, as the detail templates expect; a page that needs
        more overrides this."""
        return {obj._meta.model_name: obj}


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log: read-only, and only for those with `view_auditevent` (Publishers)."""

    list_display = ["at", "action", "object_repr", "content_type", "actor", "detail"]
    list_filter = ["action", "content_type", "at"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "user__username", "origin", "detail"]
    date_hierarchy = "at"

    @admin.display(description="by", ordering="user__username")
    def actor(self, obj):
        return obj.actor

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
