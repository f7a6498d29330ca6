"""What happened to published content: every saved state (revisions) and every publish,
unpublish and delete (the audit log)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class DraftState(models.TextChoices):
    """Where a draft of a live record stands: the live page shows none of it until published."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Awaiting review"
    CHANGES_REQUESTED = "changes", "Changes requested"
    SCHEDULED = "scheduled", "Scheduled"


class Revision(models.Model):
    """One saved state of a project or lesson: who saved it, when, and every field's value
    (outcomes and related records included), so any two can be compared and an old one restored.

    A revision with a ``draft_state`` is work not yet public (at most one per record: a newer
    draft supersedes it); the rest are history."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(help_text="The record's version after this save.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Who made a change no user made: "import: projects.json", "load_portal_data: ...".
    origin = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=200, blank=True)
    data = models.JSONField()
    draft_state = models.CharField(max_length=12, choices=DraftState.choices, blank=True)
    # When a scheduled draft replaces the live page.
    go_live_at = models.DateTimeField(null=True, blank=True)
    # The reviewer's words to the author when changes are requested.
    comment = models.TextField(blank=True)

    class Meta:
        # The tables keep the names they had when these models were part of the projects app.
        db_table = "projects_revision"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="revision_object"
            ),
            models.Index(
                fields=["draft_state", "go_live_at"],
                name="revision_pending",
                condition=~models.Q(draft_state=""),
            ),
        ]

    def __str__(self):
        return f"revision {self.pk} of {self.content_type.model} {self.object_id}"

    @property
    def author(self) -> str:
        return self.user.get_username() if self.user else self.origin or "the system"


class AuditAction(models.TextChoices):
    PUBLISH = "publish", "Published"
    SCHEDULE = "schedule", "Scheduled to publish"
    SUBMIT = "submit", "Submitted for review"
    REQUEST_CHANGES = "changes", "Changes requested"
    UNPUBLISH = "unpublish", "Unpublished"
    DELETE = "delete", "Deleted"


class AuditEvent(models.Model):
    """A publish, scheduled publish, unpublish or delete: who did it, when, to what. Kept after
    the record itself is deleted, so the name is stored too."""

    action = models.CharField(max_length=12, choices=AuditAction.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField("record", max_length=300)
    detail = models.CharField(max_length=300, blank=True)
    # As on a revision: who acted when no user did ("import: projects.json").
    origin = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "projects_auditevent"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "action"], name="audit_object")
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    @property
    def actor(self) -> str:
        return self.user.get_username() if self.user else self.origin or "the scheduler"
