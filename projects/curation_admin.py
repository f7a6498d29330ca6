"""The admin page where editors map the free-text terms the taxonomy does not know yet.

It lists every unmapped strategy and crime type with the projects holding it; each can be
mapped onto an existing term (it becomes a synonym) or made a new term. Open to staff with the
``projects.curate_taxonomy`` permission (Editors and Publishers).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Lower
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from projects.curation import (
    KINDS,
    create_term,
    find_unmapped,
    map_term,
    undo_mapping,
    unmapped_terms,
)
from projects.models import TermMapping

PERMISSION = "projects.curate_taxonomy"
# Undoing a mapping changes published case studies' terms at once: a Publisher's call.
UNDO_PERMISSION = "projects.publish_project"
# How many of the latest mappings the page offers to undo.
RECENT_MAPPINGS = 20


class TermForm(forms.Form):
    """Which unmapped term the editor acts on; a term no project holds any more is refused."""

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in KINDS], widget=forms.HiddenInput)
    term = forms.CharField(max_length=300, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["unmapped"] = find_unmapped(data["kind"], data["term"])
        if data["unmapped"] is None:
            raise forms.ValidationError(f"No project holds “{data['term']}” unmapped any more.")
        return data


class MapForm(TermForm):
    target = forms.IntegerField(required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        model = data["unmapped"].taxonomy
        data["target"] = model.objects.filter(pk=data.get("target")).first()
        if data["target"] is None:
            raise forms.ValidationError(f"Choose a {model._meta.verbose_name} to map onto.")
        return data


class NewTermForm(TermForm):
    name = forms.CharField(max_length=120)
    description = forms.CharField(
        widget=forms.Textarea, help_text="What the term means, in the portal's words."
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        model = data["unmapped"].taxonomy
        if model.objects.annotate(lower=Lower("name")).filter(lower=data["name"].lower()):
            raise forms.ValidationError(
                f"There is already a {model._meta.verbose_name} named “{data['name']}”: "
                "map the term onto it instead."
            )
        return data


def _choices():
    return {
        kind: list(model.objects.order_by("name").values_list("pk", "name"))
        for kind, (model, _relation) in KINDS.items()
    }


def unmapped_terms_view(model_admin):
    """GET: the list. POST: map one term (``action=map``) or make a new term of it
    (``action=create``), then back to the list with what happened."""

    def view(request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            return _act(request)
        choices = _choices()
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": "Unmapped strategies and crime types",
            "rows": [(term, choices[term.kind]) for term in unmapped_terms()],
            "mappings": (
                TermMapping.objects.filter(undone_at__isnull=True).select_related("mapped_by")[
                    :RECENT_MAPPINGS
                ]
                if request.user.has_perm(UNDO_PERMISSION)
                else None
            ),
        }
        return TemplateResponse(request, "admin/projects/unmapped_terms.html", context)

    return view


def _undo(request):
    if not request.user.has_perm(UNDO_PERMISSION):
        raise PermissionDenied
    mapping = TermMapping.objects.filter(
        pk=request.POST.get("mapping", "").strip() or None, undone_at__isnull=True
    ).first()
    if mapping is None:
        messages.error(request, "That mapping does not exist or was undone already.")
    else:
        count = undo_mapping(mapping, request.user)
        messages.success(
            request,
            f"Undid the mapping of “{mapping.term}” onto “{mapping.target_name}”; "
            f"{count} project{'s' if count != 1 else ''} hold it unmapped again.",
        )
    return redirect(reverse("admin:projects_project_unmapped_terms"))


def _act(request):
    action = request.POST.get("action")
    if action == "undo":
        return _undo(request)
    form_class = {"map": MapForm, "create": NewTermForm}.get(action)
    if form_class is None:
        return HttpResponseBadRequest("Say whether to map the term or make a new term of it.")
    form = form_class(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    else:
        unmapped = form.cleaned_data["unmapped"]
        if action == "map":
            target = form.cleaned_data["target"]
            count = map_term(unmapped, target, request.user)
        else:
            target = create_term(
                unmapped, form.cleaned_data["name"], form.cleaned_data["description"], request.user
            )
            count = len(unmapped.projects)
        messages.success(
            request,
            f"“{unmapped.term}” is now a synonym of {target._meta.verbose_name} “{target}”; "
            f"{count} project{'s' if count != 1 else ''} re-mapped.",
        )
    return redirect(reverse("admin:projects_project_unmapped_terms"))
