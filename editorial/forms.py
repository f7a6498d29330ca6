"""The change form every publishable record is edited through.

Enforced here, on the server, whatever the browser sends: an edit made against an older version
is merged with the other editor's (optimistic locking), and where both changed a field it waits
for this editor's choice, their text kept in the form. Who may move a record where is the
review's (review.py: the buttons, each allowed by role).
"""

from django import forms
from django.contrib.admin import widgets
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from editorial.models import PublicationStatus, Revision

from .conflicts import Merge, current_value, three_way
from .text import normalise_number, normalise_text

MARKDOWN_HELP = (
    "Takes Markdown: a blank line between paragraphs, **bold**, *italic*, "
    "[link text](https://…), lists with “- ”. “Preview unsaved changes” shows it as readers "
    "will see it."
)


class NumberField(forms.DecimalField):
    """A decimal typed as editors type it: 23 after a Unicode minus (copied from a report) is
    -23, "12,345" is 12345. A plain text box, since a browser's number box silently drops what
    it cannot read (that minus) and would save 23."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value):
        return super().to_python(normalise_number(value) if isinstance(value, str) else value)


class LabelledSplitDateTime(widgets.AdminSplitDateTime):
    """The admin's date and time boxes, each with a name a screen reader can announce (the
    admin's own shows "Date:" and "Time:" as bare text)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], ("Date", "Time"), strict=True):
            subwidget["attrs"]["aria-label"] = label
        return context


class NormalisedInput:
    """Every typed value normalised before it is cleaned (see ``normalise_text``): CRLF line
    ends from a textarea, no-break spaces and minus signs from pasted text, so what looks the
    same is saved the same and compares the same."""

    def _widget_data_value(self, widget, html_name):
        # The one place a bound form reads a field's submitted value (Django 4+).
        value = super()._widget_data_value(widget, html_name)
        if isinstance(value, str):
            return normalise_text(value)
        if isinstance(value, list):
            return [normalise_text(v) if isinstance(v, str) else v for v in value]
        return value


class NormalisedModelForm(NormalisedInput, forms.ModelForm):
    """The base form of every admin page editors type into."""

    # The fields rendered as Markdown on public pages (set by the admin): their help says so.
    markdown_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.markdown_fields:
            if name in self.fields:
                self.fields[name].help_text = MARKDOWN_HELP

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            # A browser cannot keep a chosen file in the form it shows again.
            for name in self.fields:
                if self.add_prefix(name) in self.files and name not in self.errors:
                    self.add_error(
                        name,
                        "This form was not saved, so the file you chose was not kept: "
                        "choose it again before saving.",
                    )


class EditorialForm(NormalisedModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The version whose changes a conflict showed this editor: an explicit choice about the
    # fields both changed counts only against what was shown.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    on_conflict = forms.ChoiceField(
        label="In the fields you both changed",
        choices=[
            ("mine", "Save my text over theirs"),
            ("theirs", "Keep their text and drop mine"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    # Set per request by the admin (PublishableAdmin.get_form).
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        # What the revision of this save says beyond "Saved": a merge, an editor's choice.
        self.revision_note = ""
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "base_version" not in self.errors:
            self._claim_version(cleaned)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        self._check_image_descriptions()

    def _check_image_descriptions(self) -> None:
        """A published image needs its description (``<image>_alt``): a screen reader has
        nothing else to say for it."""
        if self.instance.status != PublicationStatus.PUBLISHED:
            return
        for field in self.instance._meta.get_fields():
            alt = f"{field.name}_alt"
            if (
                isinstance(field, models.ImageField)
                and getattr(self.instance, field.name)
                and alt in self.fields
                and not getattr(self.instance, alt).strip()
            ):
                self.add_error(
                    alt,
                    "Describe the image for readers who cannot see it: a published image "
                    "needs a description.",
                )

    def _claim_version(self, cleaned: dict) -> None:
        """Take the record for this save, atomically: the conditional UPDATE matches only while
        the stored version is the one this form was opened at (or, after a merge, the one
        merged with), and it holds the row until the request's transaction ends, so two saves
        can never both pass."""
        base = cleaned.get("base_version")
        if base is None:
            raise ValidationError("This form lost its version number; reload the page.")
        records = self._meta.model._default_manager.filter(pk=self.instance.pk)
        if records.filter(version=base).update(version=base):
            self.instance.version = base
            return
        current = records.get()
        report = conflict_report(current, base, self)
        merge = report["merge"]
        choice = cleaned.get("on_conflict")
        if merge.both and not (cleaned.get("seen_version") == current.version and choice):
            self._refuse(report, current)
        for name in merge.take_theirs | (merge.both if choice == "theirs" else set()):
            cleaned[name] = current_value(current, name)
        if not records.filter(version=current.version).update(version=current.version):
            self._refuse(conflict_report(records.get(), base, self), records.get())
        self.instance.version = current.version
        self.revision_note = _merge_note(merge, choice)

    def _refuse(self, report: dict, current) -> None:
        self.conflict = report
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = current.version
        both = report["merge"].names(report["merge"].both) or "the same fields"
        raise ValidationError(
            f"{report['author']} saved this record at {report['at']:%H:%M on %B %d} while you "
            f"were editing, and you both changed {both}. Nothing was saved. Their changes are "
            "shown below and your text is still in the form: choose whose text to keep in "
            "those fields (or merge by hand), then save again.",
            code="conflict",
        )


def _merge_note(merge: Merge, choice: str) -> str:
    parts = []
    if merge.take_theirs:
        parts.append(f"kept {merge.author}'s changes to {merge.names(merge.take_theirs)}")
    if merge.both and choice == "mine":
        parts.append(f"saved over {merge.author}'s {merge.names(merge.both)} (editor's choice)")
    if merge.both and choice == "theirs":
        parts.append(f"kept {merge.author}'s {merge.names(merge.both)} (editor's choice)")
    return f"Saved; {'; '.join(parts)}" if parts else "Saved"


def conflict_report(current, base_version: int, form) -> dict:
    """Who changed the record since ``base_version``, when, and what: only the fields they
    changed, and which of those ``form`` changed too. Without a revision at the base (a record
    never saved in the admin), every field of the form counts as changed by both."""
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(current), object_id=current.pk
    ).select_related("user")
    latest = revisions.first()
    author = latest.author if latest else "Someone"
    base = revisions.filter(version__lte=base_version).first()
    if base is not None:
        merge = three_way(form, base.data, current, author)
    else:
        names = {f.name for f in current._meta.get_fields()} & set(form.cleaned_data)
        merge = Merge(author=author, theirs=[], both=names)
    return {
        "author": author,
        "at": timezone.localtime(latest.created_at if latest else current.updated_at),
        "changes": merge.theirs,
        "merge": merge,
    }
