"""A case study's other addresses: its citation files and the old SPI site's. The page itself shows
lessons too, so the site serves it (``spi_portal.views.case_study``)."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from projects.citation import cite_project, cite_with_sources
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


def _citation_file(request: HttpRequest, slug: str, fmt: str, view: str, with_sources: bool):
    projects = published_projects().select_related("agency").prefetch_related("sources")
    project, moved = published_or_redirect(slug, projects)
    if moved is not None:
        return redirect(view, slug=moved.slug, fmt=fmt, permanent=True)
    url, accessed = site_url(request) + project.get_absolute_url(), timezone.localdate()
    if with_sources:
        citations = cite_with_sources(project, url, accessed)
        name = f"spi-{project.slug}-sources"
    else:
        citations, name = [cite_project(project, url, accessed)], f"spi-{project.slug}"
    if fmt == "csl.json":
        body = json.dumps([c.csl for c in citations], ensure_ascii=False, indent=1)
    else:
        body = "\n".join(getattr(c, CITATION_FORMATS[fmt]) for c in citations)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def project_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The case study's own citation (its SPI profile where it has one)."""
    return _citation_file(request, slug, fmt, "projects:cite", with_sources=False)


def source_citations(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The case study's citation and one for each report, article and other document it
    rests on, in one file."""
    return _citation_file(request, slug, fmt, "projects:cite-sources", with_sources=True)
