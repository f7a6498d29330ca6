"""The admin's "Merge into…" action on agencies, research partners, researchers and taxonomy
terms: the editor picks the record to keep, sees what every other selected record holds (all
of it moves), and confirms. The merge itself is ``projects.merging.merge_into``."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from .merging import holdings, merge_into, plan


class MergeActionMixin:
    """Adds "Merge into…" to a ModelAdmin. Merging deletes records, so by default it takes the
    delete permission (Publishers); ``merge_permissions`` names others it takes instead."""

    merge_permissions: tuple[str, ...] = ()

    def has_merge_permission(self, request) -> bool:
        if self.merge_permissions:
            return request.user.has_perms(self.merge_permissions)
        return self.has_delete_permission(request)

    @admin.action(description="Merge into…", permissions=["merge"])
    def merge_selected(self, request, queryset):
        selected = list(queryset)
        # One record selected: merged into any other; several: into one of them.
        choices = (
            selected
            if len(selected) > 1
            else list(self.model._default_manager.exclude(pk=selected[0].pk))
        )
        keep = next((c for c in choices if str(c.pk) == request.POST.get("keep")), None)
        plans = []
        if keep is not None:
            plans = [plan(record, keep) for record in selected if record.pk != keep.pk]
            problems = [problem for p in plans for problem in p.problems]
            if request.POST.get("confirm") and not problems:
                for merge_plan in plans:
                    merge_into(merge_plan.old, keep, request.user)
                names = ", ".join(f"“{p.old}”" for p in plans)
                self.message_user(request, f"Merged {names} into “{keep}”.", messages.SUCCESS)
                return None
        elif "merge_page" in request.POST:  # sent from this page, not from the list
            self.message_user(request, "Choose the record to keep.", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "selected": [(record, holdings(record)) for record in selected],
            "choices": choices,
            "keep": keep,
            "plans": plans,
            "action": request.POST.get("action"),
        }
        return TemplateResponse(request, "admin/projects/merge.html", context)
