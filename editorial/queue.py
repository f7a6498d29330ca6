"""The review queue on the admin home: what awaits a Publisher's review, and the work returned
to this editor with a comment, across every publishable model, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from editorial.models import DraftState, PublicationStatus, Revision

from .drafts import publishable_models


@dataclass(frozen=True)
class QueueItem:
    kind: str
    name: str
    url: str
    who: str
    at: datetime | None
    comment: str = ""


def review_queue(user) -> dict[str, list[QueueItem]]:
    models = [m for m in publishable_models() if user.has_perm(_perm(m, "change"))]
    if not models:
        return {"awaiting": [], "returned": []}
    types = ContentType.objects.get_for_models(*models)
    by_type = {types[m].pk: m for m in models}
    pending = Revision.objects.filter(
        Q(draft_state=DraftState.IN_REVIEW)
        | Q(draft_state=DraftState.CHANGES_REQUESTED, user=user),
        content_type__in=by_type,
    ).select_related("user")
    wanted: dict = {m: set() for m in models}
    for draft in pending:
        wanted[by_type[draft.content_type_id]].add(draft.object_id)
    # Records submitted without a draft of their own (the bulk action) wait too.
    records = {}
    for model in models:
        found = model._default_manager.named().filter(
            Q(pk__in=wanted[model]) | Q(status=PublicationStatus.IN_REVIEW)
        )
        records[model] = {obj.pk: obj for obj in found}
    awaiting, returned, seen = [], [], set()
    for draft in pending:
        model = by_type[draft.content_type_id]
        obj = records[model].get(draft.object_id)
        if obj is None:
            continue
        item = _item(model, obj, draft.author, draft.created_at, draft.comment)
        if draft.draft_state == DraftState.IN_REVIEW:
            awaiting.append(item)
            seen.add((model, obj.pk))
        else:
            returned.append(item)
    for model in models:
        for obj in records[model].values():
            if obj.status == PublicationStatus.IN_REVIEW and (model, obj.pk) not in seen:
                awaiting.append(_item(model, obj, "", obj.updated_at))
    return {"awaiting": awaiting, "returned": returned}


def _perm(model, verb: str) -> str:
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


def _item(model, obj, who, at, comment="") -> QueueItem:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return QueueItem(str(opts.verbose_name), str(obj), url, who, at, comment)
