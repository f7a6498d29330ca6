"""Drafts kept apart from the live page, as Wagtail keeps them.

A record that is not live is its own draft: editors write to its row, and its newest revision
carries where its review stands. A live record's row is the live page, and stays as it is
while editors work: their changes are a draft revision (its fields, links and child records),
published by applying that revision to the row in one transaction, which sends the one
content-changed event. A record has at most one pending draft; a newer one supersedes it.

A draft may be scheduled: the live page stays up until ``publish_due`` applies it at its time
(the worker, ``spi_portal``'s ``run_worker``, calls it every 30 seconds); a record may expire,
and ``publish_due`` records its unpublishing once the time has come.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from editorial.models import (
    AuditAction,
    DraftState,
    PublicationStatus,
    Publishable,
    Revision,
)

from .revisions import apply, record_revision, revisions_of, snapshot
from .workflow import (
    audit,
    due_for_publication,
    finalize_publication,
    record_status_change,
    status_event,
)

Status = PublicationStatus


class NotReady(Exception):
    """The draft fails the publish checks; ``problems`` says why, in the editors' words."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def is_live(obj) -> bool:
    """Whether the record's row is a public page (or one already scheduled the old way), so
    that changes to it must wait in a draft."""
    return obj.pk is not None and obj.status == Status.PUBLISHED


def pending_draft(obj) -> Revision | None:
    return revisions_of(obj).exclude(draft_state="").first()


def pending_drafts(model):
    """The pending drafts of every record of ``model``, newest first."""
    return Revision.objects.filter(content_type=ContentType.objects.get_for_model(model)).exclude(
        draft_state=""
    )


def has_newer_draft(obj) -> bool:
    """A live record with unpublished changes: what the case study tells staff."""
    return is_live(obj) and revisions_of(obj).exclude(draft_state="").exists()


def clear_pending(obj) -> None:
    """The record's pending work is published or given up: no draft remains."""
    revisions_of(obj).exclude(draft_state="").update(draft_state="")


def show(obj, draft: Revision) -> None:
    """Write a live record's draft onto its row without moving its version: only inside a
    transaction that is rolled back, so an editor's form opens on the draft."""
    version = obj.version
    apply(obj, draft.data)
    type(obj)._default_manager.filter(pk=obj.pk).update(version=version)
    obj.version = version


def show_pending(obj) -> Revision | None:
    """``show`` a live record's pending draft, if it has one (the draft, or None)."""
    draft = pending_draft(obj) if is_live(obj) else None
    if draft is not None:
        show(obj, draft)
    return draft


def record_draft(
    obj, data: dict | None, user, state: str, note: str = "", base_version: int | None = None
) -> Revision:
    """Keep ``data`` (the record as the editor left it; None: the row as it is) as the record's
    pending draft in ``state``, superseding any older one. A live record's version moves on
    too, so a form opened before this draft is refused instead of saving over it.

    ``base_version``: the version the editor's form was opened at. When another draft was
    saved since, this one is kept in the history only (its ``draft_state`` empty), never
    replacing the other's work unseen."""
    if data is None:
        data = snapshot(obj)
    if is_live(obj):
        # One conditional UPDATE: of two drafts saved at once from the same version, one wins
        # and the other is kept in the history only.
        base = obj.version if base_version is None else base_version
        records = type(obj)._default_manager.filter(pk=obj.pk, version=base)
        if records.update(version=base + 1):
            obj.version = base + 1
        else:
            state = ""
    if state:
        clear_pending(obj)
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        version=obj.version,
        user=user if user is not None and user.is_authenticated else None,
        note=note[:200],
        data=data,
        draft_state=state,
    )


def move_draft(obj, draft: Revision, state: str, user, comment: str = "", when=None) -> None:
    """Move a pending draft along the review (submitted, returned with a comment, scheduled),
    with an audit event for each step a Publisher or the author must see."""
    draft.draft_state = state
    draft.comment = comment if state == DraftState.CHANGES_REQUESTED else draft.comment
    draft.go_live_at = when if state == DraftState.SCHEDULED else None
    draft.save(update_fields=["draft_state", "comment", "go_live_at"])
    if state == DraftState.IN_REVIEW:
        audit(obj, AuditAction.SUBMIT, user, f"revision {draft.pk}")
    elif state == DraftState.CHANGES_REQUESTED:
        audit(obj, AuditAction.REQUEST_CHANGES, user, comment)
    elif state == DraftState.SCHEDULED:
        at = timezone.localtime(when).strftime("%Y-%m-%d %H:%M %Z")
        audit(obj, AuditAction.SCHEDULE, user, f"revision {draft.pk} goes live at {at}")


@transaction.atomic
def publish(obj, user, draft: Revision | None = None, note: str = "Published") -> Revision:
    """Make the record public with its pending draft applied (a live record) or as its row
    stands (one that is not live yet), in one transaction: the row, its links and children,
    the audit event and the revision commit together, and the page cache and search hear of
    it once. Raises ``NotReady`` (and writes nothing) when the result fails the checks."""
    if draft is None:
        draft = pending_draft(obj)
    previous = obj.status
    if draft is not None and previous == Status.PUBLISHED:
        apply(obj, draft.data)
    obj.status = Status.PUBLISHED
    if obj.go_live_at is not None and obj.go_live_at > timezone.now():
        obj.go_live_at = None  # scheduled the old way: publishing now means now
    problems = obj.publish_problems()
    if problems:
        raise NotReady(problems)
    obj.save()
    clear_pending(obj)
    if record_status_change(obj, previous, user) is None:
        detail = f"revision {draft.pk}" if draft is not None else ""
        audit(obj, AuditAction.PUBLISH, user, detail)
    return record_revision(obj, user, note)


@transaction.atomic
def unpublish(obj, user, reason: str = "") -> None:
    """Take the record off the public site. A pending draft becomes the record's content, now
    that the row is private again: nothing written is lost."""
    draft = pending_draft(obj)
    previous = obj.status
    if draft is not None and previous == Status.PUBLISHED:
        apply(obj, draft.data)
    obj.status = Status.UNPUBLISHED
    obj.expire_at = None  # done with; a later publication sets its own
    obj.save()
    event = status_event(obj, previous, user)
    if event is not None:
        event.detail = ", ".join(filter(None, [event.detail, reason]))[:300]
        event.save()
    record_revision(obj, user, f"Unpublished{', ' + reason if reason else ''}")
    if draft is not None:
        record_draft(obj, None, user, DraftState.DRAFT, "Draft kept after unpublishing")


def publishable_models() -> list:
    return [m for m in apps.get_models() if issubclass(m, Publishable)]


def due_drafts(now=None):
    """Scheduled drafts whose time has come, oldest first."""
    return Revision.objects.filter(
        draft_state=DraftState.SCHEDULED, go_live_at__lte=now or timezone.now()
    ).order_by("go_live_at", "pk")


def describe_due(now=None) -> list[str]:
    """What ``publish_due`` would publish now, without publishing it."""
    names = [
        f"{draft.content_type.name}: revision {draft.pk} of record {draft.object_id}"
        for draft in due_drafts(now).select_related("content_type")
    ]
    for model in publishable_models():
        names += [f"{model._meta.verbose_name}: {obj}" for obj in due_for_publication(model)]
    return names


def publish_due(now=None) -> list[str]:
    """Publish every scheduled draft whose time has come, each in its own transaction (one that
    fails its checks is returned to its author, and the rest go on), and record records
    scheduled the old way as live. The names of what went live, for the worker's log."""
    published = []
    for draft in due_drafts(now).select_related("content_type"):
        model = draft.content_type.model_class()
        obj = model._default_manager.filter(pk=draft.object_id).first()
        if obj is None:
            Revision.objects.filter(pk=draft.pk).update(draft_state="")
            continue
        try:
            publish(obj, None, draft, "Went live as scheduled")
        except NotReady as refused:
            move_draft(obj, draft, DraftState.CHANGES_REQUESTED, None, str(refused)[:1000])
            continue
        published.append(f"{model._meta.verbose_name}: {obj}")
    for model in publishable_models():
        for obj in due_for_publication(model):
            with transaction.atomic():
                finalize_publication(obj)
            published.append(f"{model._meta.verbose_name}: {obj}")
        for obj in expired(model, now):
            unpublish(obj, None, "expired as scheduled")
            published.append(f"{model._meta.verbose_name}: {obj} (expired)")
    return published


def expired(model, now=None):
    """Live records whose unpublish time has come (public pages already hide them)."""
    return model._default_manager.filter(
        status=Status.PUBLISHED, expire_at__lte=now or timezone.now()
    ).order_by("expire_at", "pk")
