"""Who may move a record to which publication state, and what is recorded when they do.

Editors write, save drafts and submit for review; only Publishers publish, schedule and
unpublish. An Editor may keep improving a record that is already live (the change is recorded
as a revision and can be reverted), but never move anything into or out of the public site.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from editorial.models import AuditAction, AuditEvent, PublicationStatus, Revision

from . import changes
from .revisions import record_revision, revision_of

Status = PublicationStatus


def publish_permission(model) -> str:
    """`projects.publish_project`, `lessons.publish_lesson`, `projects.publish_resource`."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user, model) -> bool:
    return user.has_perm(publish_permission(model))


def audit_event(obj, action: str, user=None, detail: str = "", origin: str = "") -> AuditEvent:
    """An audit event about ``obj``, not yet saved (``audit`` saves one; an import saves many)."""
    return AuditEvent(
        action=action,
        user=user,
        origin=origin[:200],
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        detail=detail[:300],
    )


def audit(obj, action: str, user=None, detail: str = "", origin: str = "") -> AuditEvent:
    event = audit_event(obj, action, user, detail, origin)
    event.save()
    return event


def status_event(obj, previous: str | None, user, origin: str = "") -> AuditEvent | None:
    """The audit event of a publish, a scheduled publish or an unpublish, not yet saved; other
    moves are not audit events."""
    if obj.status == Status.PUBLISHED and previous != Status.PUBLISHED:
        if obj.is_public:
            return audit_event(obj, AuditAction.PUBLISH, user, origin=origin)
        when = timezone.localtime(obj.go_live_at).strftime("%Y-%m-%d %H:%M %Z")
        return audit_event(obj, AuditAction.SCHEDULE, user, f"goes live at {when}", origin)
    if previous == Status.PUBLISHED and obj.status != Status.PUBLISHED:
        detail = f"now {obj.get_status_display().lower()}"
        return audit_event(obj, AuditAction.UNPUBLISH, user, detail, origin)
    return None


def record_status_change(obj, previous: str | None, user, origin: str = "") -> AuditEvent | None:
    """Log a publish, a scheduled publish or an unpublish; other moves are not audit events."""
    event = status_event(obj, previous, user, origin)
    if event is not None:
        event.save()
    return event


def record_change(obj, previous: str | None, user=None, note: str = "", origin: str = "") -> None:
    """The history of a write made outside the admin form (a bulk action, an import, a data
    load), once the record and its links are saved: a revision, and an audit event when its
    publication state moved. ``previous`` is the state before (None for a new record);
    ``origin`` names the actor when no user is ("import: projects.json")."""
    record_status_change(obj, previous, user, origin)
    record_revision(obj, user, note, origin)


def record_changes(changes, note: str = "", origin: str = "", related=None) -> None:
    """``record_change`` for many records of one model written together (an import's batch):
    ``changes`` pairs each record with its state before. Two inserts, however many records.
    Each snapshot reads the record's links and outcomes, so they should be prefetched, or be
    in ``related`` (by record id, see ``revisions.snapshot``)."""
    related = related or {}
    events = [status_event(obj, previous, None, origin) for obj, previous in changes]
    AuditEvent.objects.bulk_create([event for event in events if event is not None])
    Revision.objects.bulk_create(
        [revision_of(obj, None, note, origin, related.get(obj.pk)) for obj, _ in changes]
    )


def move(obj, status: str, user, note: str) -> None:
    """Change one record's state outside a form (bulk actions): save, audit, revision."""
    previous = obj.status
    obj.status = status
    obj.save()
    record_change(obj, previous, user, note)


def due_for_publication(model):
    """Published records whose scheduled time has come but whose going live was not yet
    recorded: no publish event at or after the publish time."""
    went_live = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        action=AuditAction.PUBLISH,
        at__gte=OuterRef("go_live_at"),
    )
    return (
        model.objects.published()
        .filter(go_live_at__isnull=False)
        .exclude(Exists(went_live))
        .order_by("go_live_at", "pk")
    )


def finalize_publication(obj) -> None:
    """Mark a scheduled record as live: its first publication stamped and a new version (the
    revision below holds it), the publish event, and the content-changed event, since the
    record went public without anyone saving it."""
    if obj.first_published_at is None:
        obj.first_published_at = obj.go_live_at
    obj.updated_at = timezone.now()
    type(obj)._default_manager.filter(pk=obj.pk).update(
        first_published_at=obj.first_published_at,
        updated_at=obj.updated_at,
        version=F("version") + 1,
    )
    obj.refresh_from_db(fields=["version"])
    changes.went_live(obj)
    audit(obj, AuditAction.PUBLISH, None, "went live as scheduled")
    record_revision(obj, None, "Went live as scheduled")
