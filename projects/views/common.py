"""Helpers every public list page shares: strict pagination and the published directory."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import Http404

from projects.models import Agency, Project, ResearchPartner


def paginate(request, queryset, per_page: int):
    """The requested page. A page that does not exist (``?page=-1``, ``?page=99999``,
    ``?page=abc``) is a 404 that says so, not a silent jump to another page."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page") or 1
    try:
        return paginator.page(raw)
    except InvalidPage:
        raise Http404(
            f"There is no page “{raw}”: this list has {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}."
        ) from None


def published_projects():
    """The projects every public list shows and counts (``ProjectQuerySet.case_studies``)."""
    return Project.objects.case_studies()


def public_agencies(projects=None):
    """Agencies with at least one of ``projects`` (default: the published ones), with how many
    they have."""
    return (
        Agency.objects.filter(projects__in=published_projects() if projects is None else projects)
        .annotate(project_count=Count("projects", distinct=True))
        .order_by(Lower("name"))
    )


def public_partners():
    return (
        ResearchPartner.objects.filter(projects__in=published_projects())
        .annotate(project_count=Count("projects", distinct=True))
        .order_by(Lower("name"), Lower("department"))
    )


def published_count_filter(relation: str) -> Q:
    """The condition that counts only published, live projects through ``relation``."""
    return Q(**{f"{relation}__in": published_projects()})
