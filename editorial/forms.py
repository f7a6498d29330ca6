"""The change form every publishable record is edited through.

Two rules are enforced here, on the server, whatever the browser sends:
- the status can only be moved where the user's role allows (see workflow.allowed_statuses);
- an edit made against an older version is refused (optimistic locking), with the other
  editor's changes shown and this editor's text kept in the form.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from editorial.models import PublicationStatus, Revision

from .revisions import compare, snapshot
from .workflow import allowed_statuses


class EditorialForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set per request by the admin (PublishableAdmin.get_form).
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        status = self.fields.get("status")
        if status is not None:
            current = self.instance.status if self.instance.pk else None
            allowed = allowed_statuses(self.user, self._meta.model, current)
            status.choices = [c for c in PublicationStatus.choices if c[0] in allowed]
            status.error_messages["invalid_choice"] = (
                "You cannot move this record to “%(value)s”: publishing, scheduling and "
                "unpublishing are for Publishers. Save it as a draft or submit it for review."
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "base_version" not in self.errors:
            self._claim_version(cleaned.get("base_version"))
        return cleaned

    def _claim_version(self, base: int | None) -> None:
        """Take the record for this save, atomically: the conditional UPDATE matches only while
        the stored version is the one this form was opened at, and it holds the row until the
        request's transaction ends, so two saves can never both pass."""
        if base is None:
            raise ValidationError("This form lost its version number; reload the page.")
        records = self._meta.model._default_manager.filter(pk=self.instance.pk)
        if records.filter(version=base).update(version=base):
            self.instance.version = base
            return
        current = records.get()
        self.conflict = conflict_report(current, base)
        # The other edit has now been shown: a second submit saves over it on purpose.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = current.version
        raise ValidationError(
            f"{self.conflict['author']} saved this record at {self.conflict['at']:%H:%M on %B %d} "
            "while you were editing, so your changes were not saved. Their changes are shown "
            "below and your text is still in the form: merge what you need, then save again.",
            code="conflict",
        )


def conflict_report(current, base_version: int) -> dict:
    """Who changed the record since `base_version`, when, and which fields."""
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(current), object_id=current.pk
    ).select_related("user")
    latest = revisions.first()
    base = revisions.filter(version=base_version).first()
    changes = []
    if base is not None:
        changes = [
            row for row in compare(type(current), base.data, snapshot(current)) if row.changed
        ]
    return {
        "author": latest.author if latest else "Someone",
        "at": timezone.localtime(latest.created_at if latest else current.updated_at),
        "changes": changes,
    }
