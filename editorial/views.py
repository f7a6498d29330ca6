"""Admin pages for one record: preview, revision history, compare and restore.

Each function takes the ModelAdmin and returns the view, so the pages work for every model
PublishableAdmin serves. Access is decided in `_record_for`: staff (enforced by admin_view,
which sends anyone else to the login page) with permission on this model; others get a 404.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from . import drafts
from .models import DraftState
from .revisions import changed_fields, restore, revisions_of, snapshot


def _record_for(model_admin, request, object_id, *, change=False):
    obj = model_admin.get_object(request, unquote(object_id))
    allowed = (
        model_admin.has_change_permission(request, obj)
        if change
        else model_admin.has_view_or_change_permission(request, obj)
    )
    if obj is None or not allowed:
        raise Http404("No such record, or you may not see it.")
    return obj


def _admin_context(model_admin, request, obj, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": obj,
        "title": title,
        "subtitle": str(obj),
        "has_view_permission": True,
        **extra,
    }


def _render_public(model_admin, request, obj):
    response = render(
        request,
        model_admin.public_template,
        model_admin.preview_context(obj, request) | {"preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _error_lines(form, formsets) -> list[str]:
    lines = list(form.non_field_errors())
    lines += [
        f"{form.fields[name].label}: {' '.join(errors)}"
        for name, errors in form.errors.items()
        if name in form.fields
    ]
    for formset in formsets:
        lines += formset.non_form_errors()
        for form_errors in formset.errors:
            lines += [f"{name}: {' '.join(errors)}" for name, errors in form_errors.items()]
    return lines


def preview(model_admin):
    @never_cache
    def view(request, object_id):
        """GET: the saved record (a live one's pending draft) as the public will see it. POST
        (from the change form): the unsaved form content, saved inside a transaction that is
        always rolled back."""
        obj = _record_for(model_admin, request, object_id, change=request.method == "POST")
        if request.method != "POST":
            with transaction.atomic():
                drafts.show_pending(obj)  # a live record's draft is what its reviewer checks
                fresh = model_admin.preview_queryset().get(pk=obj.pk)
                response = _render_public(model_admin, request, fresh)
                transaction.set_rollback(True)
            return response
        form_class = model_admin.get_form(request, obj, change=True)
        with transaction.atomic():
            drafts.show_pending(obj)  # the form of a live record was opened on its draft
            # Uploaded files are left out: a preview must not write to storage.
            form = form_class(request.POST, instance=obj)
            formsets, _ = model_admin._create_formsets(request, form.instance, change=True)
            if form.is_valid() and all_valid(formsets):
                form.save()
                for formset in formsets:
                    formset.save()
                fresh = model_admin.preview_queryset().get(pk=obj.pk)
                response = _render_public(model_admin, request, fresh)
            else:
                errors = _error_lines(form, formsets)
                response = render(
                    request,
                    "admin/editorial/preview_errors.html",
                    _admin_context(model_admin, request, obj, "Cannot preview yet", errors=errors),
                    status=400,
                )
            transaction.set_rollback(True)
        return response

    return view


def revision_list(model_admin):
    def view(request, object_id):
        obj = _record_for(model_admin, request, object_id)
        context = _admin_context(
            model_admin,
            request,
            obj,
            "Revisions",
            revisions=revisions_of(obj),
            can_restore=model_admin.has_change_permission(request, obj),
        )
        return TemplateResponse(request, "admin/editorial/revisions.html", context)

    return view


def revision_compare(model_admin):
    def view(request, object_id):
        obj = _record_for(model_admin, request, object_id)
        try:
            ids = sorted({int(request.GET["a"]), int(request.GET["b"])})
        except (KeyError, ValueError):
            return HttpResponseBadRequest("Choose two revisions to compare.")
        found = {r.pk: r for r in revisions_of(obj).filter(pk__in=ids)}
        if len(found) != len(ids):
            raise Http404("No such revision of this record.")
        older, newer = found[ids[0]], found[ids[-1]]
        context = _admin_context(
            model_admin,
            request,
            obj,
            f"Revision {older.pk} compared with revision {newer.pk}",
            older=older,
            newer=newer,
            rows=changed_fields(type(obj), older.data, newer.data),
        )
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    return view


def revision_restore(model_admin):
    def view(request, object_id, revision_id):
        obj = _record_for(model_admin, request, object_id)
        if not model_admin.has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(revisions_of(obj), pk=revision_id)
        if request.method == "POST":
            with transaction.atomic():
                if drafts.is_live(obj):
                    # A live page changes only when published: the old text becomes the draft.
                    restored = drafts.record_draft(
                        obj,
                        revision.data,
                        request.user,
                        DraftState.DRAFT,
                        f"Restored revision {revision.pk} as a draft",
                    )
                    done = " as a draft: the live page is unchanged until it is published"
                else:
                    restored = restore(obj, revision, request.user)
                    done = ""
            messages.success(
                request,
                f"Revision {revision.pk} restored{done}; it is now revision {restored.pk}.",
            )
            opts = model_admin.opts
            return redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
        context = _admin_context(
            model_admin,
            request,
            obj,
            f"Restore revision {revision.pk}?",
            revision=revision,
            rows=changed_fields(type(obj), snapshot(obj), revision.data),
        )
        return TemplateResponse(request, "admin/editorial/restore.html", context)

    return view
