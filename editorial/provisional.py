"""Records created from a form's "+" pop-up belong to that form's save.

The pop-up saves in its own request, so it cannot share the parent's transaction. Instead:
- a record created in a pop-up is marked provisional, in the pop-up's own transaction;
- when a publishable record's form is saved (inside that save's transaction), the editor's
  provisional records that something now links to are confirmed: the mark is removed. A save
  that fails rolls back, and confirms nothing;
- a provisional record still unused once the session it was made in would have ended
  (``SESSION_COOKIE_AGE``) is discarded by ``discard_abandoned``: the parent's save failed or was
  given up. One that something else came to use is kept.

So an abandoned pop-up leaves nothing behind for longer than a session, and a record used by
a saved form is never discarded, whoever saved it.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from editorial.models import AuditAction, ProvisionalRecord, Publishable

from .workflow import audit


def is_linked(record) -> bool:
    """Whether any record points at ``record``, or ``record`` links itself to published
    content, found through its model's relations (those without a reverse name included: a
    rating's source)."""
    for relation in record._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and not relation.many_to_many:
            model = relation.related_model
            if model._default_manager.filter(**{relation.field.name: record}).exists():
                return True
    # A lesson made from a project's form links itself to the project.
    return any(
        getattr(record, field.name).exists()
        for field in record._meta.many_to_many
        if issubclass(field.related_model, Publishable)
    )


def confirm_used(user) -> int:
    """Confirm ``user``'s provisional records that something now links to; returns how many."""
    confirmed = 0
    for mark in ProvisionalRecord.objects.filter(created_by=user).select_related("content_type"):
        record = mark.record
        if record is None or is_linked(record):
            mark.delete()
            confirmed += record is not None
    return confirmed


def discard_abandoned(now=None) -> list[str]:
    """Delete the provisional records older than a session that nothing links to (and confirm
    the ones something came to use); returns what was discarded, by name."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    discarded = []
    expired = ProvisionalRecord.objects.filter(created_at__lt=cutoff).select_related("content_type")
    for mark in expired:
        with transaction.atomic():  # one record's failure keeps the others' work
            record = mark.record
            if record is not None and not is_linked(record):
                audit(record, AuditAction.DELETE, mark.created_by, "unused pop-up record")
                discarded.append(f"{record._meta.verbose_name} “{record}”")
                record.delete()
            mark.delete()
    return discarded


class PopupProvisionalMixin:
    """For the admin of a model editors create from another form's pop-up (agencies, partners,
    sources, lessons): a record added in a pop-up is provisional until that form is saved."""

    def log_addition(self, request, obj, message):
        # Called inside the add view's transaction, after the record and its inlines are saved.
        if IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET:
            ProvisionalRecord.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                created_by=request.user,
            )
        return super().log_addition(request, obj, message)


class ConfirmsProvisionalMixin:
    """For the admin of a form with pop-ups: its save confirms the records they made, and
    sweeps away those abandoned long ago (so no scheduler is needed for it)."""

    def log_addition(self, request, obj, message):
        confirm_used(request.user)
        discard_abandoned()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        confirm_used(request.user)
        discard_abandoned()
        return super().log_change(request, obj, message)
