"""Review as actions: what each button on the change form does and who may press it.

Save draft and Submit for review are for everyone who edits; Request changes (with a comment
the author reads), Publish (now, or at a time) and Unpublish are for Publishers. Each is
checked here, on the server, whatever the browser sends.
"""

from django import forms
from django.utils import timezone

from editorial.models import DraftState, PublicationStatus

from . import drafts, notify
from .drafts import is_live, pending_draft
from .forms import EditorialForm, LabelledSplitDateTime
from .revisions import changed_fields, record_revision, revisions_of
from .workflow import can_publish

SAVE, SUBMIT, REQUEST_CHANGES, PUBLISH, UNPUBLISH = (
    "save",
    "submit",
    "request_changes",
    "publish",
    "unpublish",
)
LABELS = {
    SAVE: "Save draft",
    SUBMIT: "Submit for review",
    REQUEST_CHANGES: "Request changes",
    PUBLISH: "Publish",
    UNPUBLISH: "Unpublish",
}
# The draft state each action leaves a record's pending work in (publishing leaves none).
DRAFT_STATE = {
    SAVE: DraftState.DRAFT,
    SUBMIT: DraftState.IN_REVIEW,
    REQUEST_CHANGES: DraftState.CHANGES_REQUESTED,
}


def awaiting_review(obj) -> bool:
    if obj.pk is None:
        return False
    if obj.status == PublicationStatus.IN_REVIEW:
        return True
    draft = pending_draft(obj)
    return draft is not None and draft.draft_state == DraftState.IN_REVIEW


def allowed_actions(user, model, obj=None) -> list[str]:
    """The buttons this user gets on this record, in the order they are shown."""
    actions = [SAVE, SUBMIT]
    if not can_publish(user, model):
        return actions
    if obj is not None and awaiting_review(obj):
        actions.append(REQUEST_CHANGES)
    actions.append(PUBLISH)
    if obj is not None and is_live(obj):
        actions.append(UNPUBLISH)
    return actions


class ReviewForm(EditorialForm):
    """The change form with the review's own inputs: the action pressed, a Publisher's publish
    time, and the comment sent back with a request for changes."""

    publish_at = forms.SplitDateTimeField(
        label="Publish at",
        required=False,
        widget=LabelledSplitDateTime,
        help_text="Publishers: leave empty to publish at once; a future time schedules this "
        "version, and the live page stays as it is until then.",
    )
    review_comment = forms.CharField(
        label="Comment for the author",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when requesting changes; the author sees it on the record and by "
        "e-mail.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish(self.user, self._meta.model):
            del self.fields["publish_at"], self.fields["review_comment"]

    def clean(self):
        self.action = self.data.get("_action") or SAVE
        self.scheduled_for = None
        cleaned = super().clean()
        instance = self.instance if self.instance.pk else None
        if self.action not in allowed_actions(self.user, self._meta.model, instance):
            raise forms.ValidationError(
                f"You cannot “{LABELS.get(self.action, self.action)}” here: publishing, "
                "scheduling, unpublishing and returning work are for Publishers. Save a draft "
                "or submit it for review.",
                code="not_allowed",
            )
        if self.action == REQUEST_CHANGES and not (cleaned.get("review_comment") or "").strip():
            self.add_error("review_comment", "Say what should change: the author reads this.")
        when = cleaned.get("publish_at")
        if self.action == PUBLISH and when is not None and when > timezone.now():
            self.scheduled_for = when
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # Checked when the record goes public, not at each save: a draft may be incomplete, and
        # a record that went live before a rule existed (an import) can still be improved one
        # section at a time. The outcomes are checked as the draft is applied (drafts.publish).
        if getattr(self, "action", None) == PUBLISH:
            if not self.scheduled_for:
                # Public from this save: the outcomes' own checks (a source each) apply too.
                self.instance.status = PublicationStatus.PUBLISHED
            for problem in self.instance.content_problems():
                self.add_error(None, f"Not ready to publish: {problem}")


def perform(obj, form, data: dict, user, note: str, live: bool, admin_url: str):
    """Keep what the editor saved (``data``, the record's snapshot) as its pending work, then do
    what the pressed button asks: submit it, return it with a comment, publish or schedule it,
    unpublish. ``live``: whether the record was live before this save (its change is a draft).
    Returns whether it was done, and the message for the editor."""
    action = form.action
    if action == PUBLISH and not live and not form.scheduled_for:
        # The row went public as it was saved (the admin's save), checked by the form and its
        # outcomes, in this one transaction.
        drafts.clear_pending(obj)
        record_revision(obj, user, "Published")
        return True, f"“{obj}”: Published."
    latest = revisions_of(obj).first()
    if action == SAVE and latest is not None and not changed_fields(type(obj), latest.data, data):
        # The history lists edits, not button presses: a save a reader could not tell apart
        # from the latest revision records nothing.
        return True, f"“{obj}”: nothing changed, so nothing new was saved."
    pending = drafts.pending_draft(obj)
    if pending is not None and pending.data == data and action != SAVE:
        draft = pending  # nothing changed: the step moves the work its author saved
    else:
        base = form.cleaned_data.get("base_version") if live else None
        draft = drafts.record_draft(obj, data, user, DRAFT_STATE[SAVE], note, base)
        if not draft.draft_state:
            return False, (
                "Another editor saved a draft of this record at the same moment, so yours was "
                f"kept in its history (revision {draft.pk}) without replacing theirs: compare "
                "the two in Revisions."
            )
    if action == SUBMIT:
        drafts.move_draft(obj, draft, DRAFT_STATE[SUBMIT], user)
        notify.submitted(obj, user, admin_url)
        done = "Submitted for review"
    elif action == REQUEST_CHANGES:
        comment = form.cleaned_data["review_comment"].strip()
        drafts.move_draft(obj, draft, DRAFT_STATE[REQUEST_CHANGES], user, comment)
        notify.changes_requested(obj, draft.user, user, comment, admin_url)
        done = "Returned to its author with your comment"
    elif action == PUBLISH and form.scheduled_for:
        drafts.move_draft(obj, draft, DraftState.SCHEDULED, user, when=form.scheduled_for)
        at = timezone.localtime(form.scheduled_for)
        kept = "the live page stays as it is" if live else "it stays private"
        done = f"Scheduled for {at:%b %d, %Y %H:%M}: {kept} until then"
    elif action == PUBLISH:
        try:
            drafts.publish(obj, user, draft)
        except drafts.NotReady as refused:
            return False, f"Not published, kept as a draft: {refused}"
        done = "Published"
    elif action == UNPUBLISH:
        drafts.unpublish(obj, user)
        done = "Unpublished; your changes are kept as its draft"
    elif live:
        done = "Saved as a draft: the live page is unchanged until it is published"
    else:
        done = "Saved as a draft"
    return True, f"“{obj}”: {done}."
