"""A case study's other addresses: its citation files and the old SPI site's. The page itself shows
lessons too, so the site serves it (``spi_portal.views.case_study``)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from projects.citation import cite_project
from projects.exports import CITATION_FORMATS, CONTENT_TYPES
from projects.models import SlugRedirect
from projects.site import site_url

from .common import published_projects


def published_or_redirect(slug: str, queryset):
    """The published project at ``slug``, or a permanent redirect when the slug is an old
    address of a published project (projects are renamed; links to them must keep working)."""
    project = queryset.filter(slug=slug).first()
    if project is not None:
        return project, None
    moved = get_object_or_404(
        SlugRedirect.objects.filter(project__in=published_projects()), old_slug=slug
    )
    return None, moved.project


def legacy_site(request: HttpRequest, slug: str) -> HttpResponse:
    """An address of the old SPI site (smart-policing.com/spi-sites/glendale-arizona-2009), kept
    by the importer as an old slug: a permanent redirect to the case study."""
    project, moved = published_or_redirect(slug, published_projects())
    return redirect(project or moved, permanent=True)


def project_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    project, moved = published_or_redirect(slug, published_projects().select_related("agency"))
    if moved is not None:
        return redirect("projects:cite", slug=moved.slug, fmt=fmt, permanent=True)
    attribute, content_type = CITATION_FORMATS[fmt], CONTENT_TYPES[fmt]
    citation = cite_project(
        project, site_url(request) + project.get_absolute_url(), timezone.localdate()
    )
    response = HttpResponse(getattr(citation, attribute), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="spi-{project.slug}.{fmt}"'
    return response
