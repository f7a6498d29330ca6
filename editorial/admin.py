"""The admin for records that go through the editorial workflow (projects, lessons, resources).

`PublishableAdmin` adds, on top of a plain ModelAdmin: a live record's changes kept as a draft
(editorial/drafts.py), the review's buttons in place of a status dropdown (editorial/review.py),
role-limited bulk actions, audit events for publish, unpublish and delete, a revision at every
save, optimistic locking (through EditorialForm), the state and any pending draft as badges,
preview and revision pages, checked image uploads, and the review queue on the admin home.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from editorial.models import AuditAction, AuditEvent, DraftState, PublicationStatus, Revision

from . import drafts, views
from .forms import LabelledSplitDateTime, NumberField
from .images import SafeImageField, renditions_for_changed_images
from .presence import others_editing
from .provisional import ConfirmsProvisionalMixin
from .review import LABELS, SUBMIT, ReviewForm, allowed_actions, perform
from .revisions import record_revision, revisions_of, snapshot
from .workflow import audit, can_publish, move, record_status_change

Status = PublicationStatus
# Fields the review's buttons set, never typed into the form, and the review's own inputs,
# which get a fieldset of their own.
_REVIEW_FIELDS = {"status", "go_live_at", "publish_at", "expire_at", "review_comment"}


@admin.display(description="state", ordering="status")
def status_badge(obj):
    label = obj.get_status_display()
    if obj.status == Status.PUBLISHED and not obj.is_public and obj.go_live_at:
        label = f"Scheduled for {timezone.localtime(obj.go_live_at):%b %d, %Y %H:%M}"
        badge = format_html('<span class="status-badge status-scheduled">{}</span>', label)
    else:
        badge = format_html('<span class="status-badge status-{}">{}</span>', obj.status, label)
    # The state of the pending work, when the record is live and has some (get_queryset).
    draft = getattr(obj, "pending_draft_state", None)
    if draft and obj.status == Status.PUBLISHED:
        note = f"draft: {DraftState(draft).label.lower()}"
        badge += format_html(' <span class="status-badge status-{}">{}</span>', draft, note)
    return badge


class PublishableAdmin(ConfirmsProvisionalMixin, admin.ModelAdmin):
    form = ReviewForm
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

    def get_queryset(self, request):
        pending = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        ).exclude(draft_state="")
        return (
            super()
            .get_queryset(request)
            .annotate(pending_draft_state=Subquery(pending.values("draft_state")[:1]))
        )

    # Roles

    def has_publish_permission(self, request, obj=None) -> bool:
        return can_publish(request.user, self.model)

    def get_fieldsets(self, request, obj=None):
        """The model's fields without its publication state, which the review's buttons move
        (Save draft, Submit, Publish...), and the review's own inputs at the end."""
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options["fields"] if f not in _REVIEW_FIELDS]
            fieldsets.append((name, {**options, "fields": fields}))
        if "base_version" not in admin.utils.flatten_fieldsets(fieldsets):
            fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "base_version"]
        if self.has_publish_permission(request):
            review = ["publish_at", "expire_at", "review_comment"]
            fieldsets.append(("Review", {"fields": review}))
        return fieldsets

    def get_inline_instances(self, request, obj=None):
        """On a live record, only what its draft keeps: links that belong to another record
        (a lesson's projects) are edited on that record, since they cannot wait in this
        record's draft."""
        inlines = super().get_inline_instances(request, obj)
        if obj is None or not drafts.is_live(obj):
            return inlines
        children = {
            self.model._meta.get_field(accessor).related_model
            for accessor in getattr(self.model, "revision_children", ())
        }
        return [inline for inline in inlines if inline.model in children]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        attrs = {"user": request.user, "markdown_fields": self.markdown_fields}
        return type(form.__name__, (form,), attrs)

    def view_on_site(self, obj):
        """Only a live record has a public page to link to; the rest get "Preview"."""
        public_url = getattr(obj, "get_absolute_url", None)
        return public_url() if public_url and obj.is_public else None

    # Saving: a live record's changes wait in a draft; the rest is saved and moved by the
    # button pressed

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A live record's form opens on its pending draft, and saving it keeps the change as
        a new draft: the form is shown and saved inside a transaction that is rolled back, so
        the live row (and the public page) never sees it, and the saved content becomes the
        draft revision afterwards."""
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is None or not drafts.is_live(obj):
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.editorial_draft = None
        with transaction.atomic(using=router.db_for_write(self.model)):
            with transaction.atomic(using=router.db_for_write(self.model)):
                drafts.show_pending(obj)
                response = super().changeform_view(request, object_id, form_url, extra_context)
                if hasattr(response, "render"):
                    response.render()
                transaction.set_rollback(True)
            if request.editorial_draft is not None:
                form, data = request.editorial_draft
                live = self.model._default_manager.get(pk=obj.pk)
                note = form.revision_note or "Draft saved"
                self.act(request, live, form, data, note, live=True)
        return response

    def save_model(self, request, obj, form, change):
        if getattr(request, "editorial_draft", False) is not False:
            # Rolled back (see changeform_view); the image files and their renditions stay,
            # for the draft names them.
            super().save_model(request, obj, form, change)
            renditions_for_changed_images(form, obj, self.page_renditions)
            return
        stored = type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True)
        previous = stored.first() if change else None
        if change and not revisions_of(obj).exists():
            # Keep the state before the first admin edit, so it can be compared and restored.
            record_revision(
                type(obj)._default_manager.get(pk=obj.pk), None, "Before the first admin edit"
            )
        if form.action == SUBMIT:
            obj.status = Status.IN_REVIEW
        elif obj.status == Status.IN_REVIEW:  # out of review: saved, returned, or published
            obj.status = Status.DRAFT
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
        if form.revision_note:
            # The editor is told what the save merged, not only the revision list.
            self.message_user(request, form.revision_note, messages.INFO)
        if getattr(request, "editorial_draft", False) is not False:
            # The record as the editor left it, links and children included, kept for the
            # draft once this transaction is rolled back.
            request.editorial_draft = (form, snapshot(form.instance))
            return
        note = form.revision_note or ("Saved" if change else "Created")
        self.act(request, form.instance, form, snapshot(form.instance), note, live=False)
        # After the inlines: the warnings compare the text with the outcomes just saved.
        self.warn(request, form.instance)

    def act(self, request, obj, form, data, note, live: bool) -> None:
        """Do what the pressed button asks (review.perform) and say how it went."""
        opts = self.opts
        admin_url = request.build_absolute_uri(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
        done, message = perform(obj, form, data, request.user, note, live, admin_url)
        self.message_user(request, message, messages.SUCCESS if done else messages.ERROR)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's "changed successfully" would be wrong for a change kept as a draft: the
        # message of the button pressed (``act``) says what happened instead.
        if str(message).startswith("The ") and "successfully" in str(message):
            return
        super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        live_draft = drafts.pending_draft(obj) if obj is not None else None
        context |= {
            "review_actions": [
                (action, LABELS[action])
                for action in allowed_actions(request.user, self.model, obj)
            ],
            "pending_draft": live_draft,
            "is_live": obj is not None and drafts.is_live(obj),
            "also_editing": others_editing(obj, request.user) if obj is not None else [],
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        """Records not yet live go live as they are; live ones with a pending draft get it
        applied, each in its own transaction."""
        candidates = self.with_publish_checks(queryset.exclude(status=Status.PUBLISHED))
        self._move_each(request, self._ready(request, candidates), Status.PUBLISHED, "Published")
        live = {obj.pk: obj for obj in queryset.filter(status=Status.PUBLISHED)}
        published = 0
        for draft in drafts.pending_drafts(self.model).filter(object_id__in=live):
            obj = live[draft.object_id]
            try:
                drafts.publish(obj, request.user, draft)
            except drafts.NotReady as refused:
                message = f"“{obj}”: its draft was not published: {refused}"
                self.message_user(request, message, messages.ERROR)
                continue
            published += 1
        if published:
            self.message_user(request, f"{published} drafts published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        unpublished = 0
        for obj in queryset.filter(status=Status.PUBLISHED):
            drafts.unpublish(obj, request.user)  # a pending draft becomes its content
            unpublished += 1
        self.message_user(request, f"{unpublished} unpublished.", messages.SUCCESS)

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


# The admin home opens on the review queue (editorial/queue.py).
admin.site.index_template = "admin/editorial/index.html"
